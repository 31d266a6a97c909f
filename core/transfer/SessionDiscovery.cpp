// What the session learns from the swarm beyond bytes: the info dict of a torrent added by info-hash
// (BEP 9), the .torrent made from it, the peers worth remembering (holders) and the DHT routing table.
// libtorrent TU; every call here is asynchronous (docs/transfer.md, "Without the DC").
#include "core/transfer/LtConvert.h"
#include "core/transfer/SessionCore.h"
#include "core/transfer/TransferSession.h"

#include <libtorrent/alert_types.hpp>
#include <libtorrent/write_resume_data.hpp>

namespace lt = libtorrent;

namespace as::transfer {

namespace {
constexpr std::size_t kMaxDialled = 4096;
constexpr std::size_t kLoggedFailures = 4; // per torrent
} // namespace

void SessionCore::onPeerConnect(const lt::peer_connect_alert& pc)
{
    // Only a peer we dialled is known by its listen port; an incoming one arrives from an ephemeral port.
    if (pc.direction != lt::peer_connect_alert::direction_t::out)
        return;
    if (Record* rec = recordOf(pc.handle); rec && rec->dialled.size() < kMaxDialled)
        rec->dialled.insert(pc.endpoint);
}

void SessionCore::onPeerDisconnected(const lt::peer_disconnected_alert& pd)
{
    // A peer we dialled that went away without sending a block (refused, dead, or without this
    // torrent): once every peer the tracker named has, waiting for peers is pointless (peersFailed).
    Record* rec = recordOf(pd.handle);
    if (rec && rec->dialled.count(pd.endpoint) && !rec->holders.count(pd.endpoint)
        && rec->failedPeers.size() < kMaxDialled) {
        rec->failedPeers.insert(pd.endpoint);
        rec->stats.peersFailed = int(rec->failedPeers.size());
        // A download turns to the DC once every named peer failed: say why each did (the first few).
        if (rec->failedPeers.size() <= kLoggedFailures)
            qInfo("peer %s of %s went away before sending a block: %s (%s)", qPrintable(endpointText(pd.endpoint)),
                  qPrintable(idOfHandle(pd.handle).left(16)), pd.error.message().c_str(), lt::operation_name(pd.op));
    }
}

void SessionCore::onMetadataReceived(const lt::metadata_received_alert& md)
{
    // libtorrent checked the info dict's SHA-256 against the v2 hash we added it by (torrent::set_metadata).
    // Its geometry comes with resume data: torrent_handle::torrent_file() would block on the network thread.
    if (Record* rec = recordOf(md.handle)) {
        ++rec->resumeRequests;
        rec->handle.save_resume_data(lt::torrent_handle::save_info_dict);
    }
}

void SessionCore::onDhtStats(const lt::dht_stats_alert& ds)
{
    if (m_dhtNodesWanted && !ds.nid.is_all_zeros()) {
        m_dhtNodesWanted = false;
        m_session->dht_live_nodes(ds.nid);
    }
}

void SessionCore::onDhtLiveNodes(const lt::dht_live_nodes_alert& ln)
{
    QStringList nodes;
    for (const auto& node : ln.nodes())
        nodes.append(endpointText(lt::tcp::endpoint(node.second.address(), node.second.port())));
    if (!nodes.isEmpty())
        emit q.dhtNodesUpdated(nodes);
}

void SessionCore::requestDhtNodes()
{
    if (!m_session || !m_dhtReady)
        return;
    m_lastDhtNodesMs = m_clock.elapsed();
    m_dhtNodesWanted = true;
    m_session->post_dht_stats(); // dht_stats_alert carries our node id, which dht_live_nodes needs
}

void SessionCore::dhtAnnounce(const QByteArray& key20, int port)
{
    if (!m_session || !m_dhtReady || key20.size() != int(lt::sha1_hash::size()) || port <= 0 || port > 65535)
        return;
    m_session->dht_announce(lt::sha1_hash(key20.constData()), port);
}

void SessionCore::dhtGetPeers(const QByteArray& key20)
{
    // Not waiting for the bootstrap to complete (it waits out every dead node it heard of): a lookup with an
    // empty routing table starts from the bootstrap nodes.
    if (!m_session || key20.size() != int(lt::sha1_hash::size()))
        return;
    m_session->dht_get_peers(lt::sha1_hash(key20.constData()));
}

void SessionCore::onDhtGetPeersReply(const lt::dht_get_peers_reply_alert& gp)
{
    QStringList endpoints;
    for (const lt::tcp::endpoint& ep : gp.peers()) {
        if (endpoints.size() >= int(kMaxDialled))
            break;
        endpoints.append(endpointText(ep));
    }
    emit q.dhtPeersFound(QByteArray(gp.info_hash.data(), int(gp.info_hash.size())), endpoints);
}

void SessionCore::learnFromResumeData(const QString& id, const lt::add_torrent_params& params, bool ours)
{
    Record* rec = find(id);
    if (rec && rec->numPieces == 0 && params.ti && params.ti->is_valid()) {
        // The info dict arrived from a peer (added by info-hash): learn the geometry, count what came early.
        fillRecordGeometry(*rec, *params.ti);
        rec->stats.name = QString::fromStdString(params.ti->name());
        rec->stats.hasMetadata = true;
        for (const Record::EarlyBlock& b : std::exchange(rec->earlyBlocks, {}))
            countBlock(*rec, b.piece, b.block, b.from);
        emit q.metadataReceived(id);
        rec = find(id); // a slot may have removed it
        if (rec && awaitsGeometry(rec->lifecycle)) {
            rec->lifecycle = Lifecycle::Flushing; // flushed: signalFinished() makes it Finished
            signalFinished(*rec);
            rec = find(id);
        }
    }
    if (rec && ours && rec->torrentFileRequested) {
        rec->torrentFileRequested = false;
        QByteArray bytes;
        QString error;
        try {
            // Info dict as received (so its hashes are the id) plus the v2 piece layers libtorrent verified.
            const std::vector<char> buf = lt::write_torrent_file_buf(params, {});
            bytes = QByteArray(buf.data(), qsizetype(buf.size()));
        } catch (const std::exception& e) {
            error = QString::fromLocal8Bit(e.what()); // e.g. piece layers not complete yet
        }
        emit q.torrentFileReady(id, bytes, error);
    }
}

} // namespace as::transfer
