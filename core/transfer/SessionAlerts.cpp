// The alert pump: drains libtorrent's alerts and dispatches each type to one short handler that updates
// the torrent's record and emits TransferSession's signals (docs/transfer.md, "Threads and the alert pump").
// The discovery alerts' handlers live in SessionDiscovery.cpp. libtorrent TU.
#include "core/transfer/LtConvert.h"
#include "core/transfer/SessionCore.h"
#include "core/transfer/TransferSession.h"

#include <libtorrent/alert_types.hpp>
#include <libtorrent/write_resume_data.hpp>

namespace lt = libtorrent;

namespace as::transfer {

namespace {
constexpr int kBlockSize = 16 * 1024;
constexpr qint64 kWebEndpointTtlMs = 3000;
constexpr std::size_t kMaxEarlyBlocks = 65536; // blocks between metadata and its geometry: a few at most
constexpr std::size_t kMaxHolders = 20;

TorrentState stateOf(const lt::torrent_status& st)
{
    if (st.errc)
        return TorrentState::Error;
    if (st.flags & lt::torrent_flags::paused)
        return TorrentState::Paused;
    switch (st.state) {
    case lt::torrent_status::checking_files:
    case lt::torrent_status::checking_resume_data:
        return TorrentState::Checking;
    case lt::torrent_status::finished:
    case lt::torrent_status::seeding:
        return TorrentState::Seeding;
    default:
        return TorrentState::Downloading;
    }
}

// Casts an alert already known by its type() to that type.
template <class A> const A& alertAs(const lt::alert* a)
{
    return *static_cast<const A*>(a);
}
} // namespace

void SessionCore::pump()
{
    {
        std::lock_guard lock(m_guard->mutex);
        m_guard->queued = false; // alerts arriving from here on post a new wake-up
    }
    if (!m_session)
        return;
    std::vector<lt::alert*> alerts;
    m_session->pop_alerts(&alerts);
    for (lt::alert* a : alerts) {
        // The last resume data of a shutdown ends the session inside handle() (finishShutdown), and so
        // may a slot; the rest of the batch belongs to a session that is gone. A dht_stats_alert after it
        // crashed `get` with SIGSEGV in session_handle::async_call (docs/node.md).
        if (!m_session)
            break;
        handle(a);
    }
}

void SessionCore::handle(const lt::alert* a)
{
    // One line per alert type: it reads as the table it is.
    // clang-format off
    switch (a->type()) {
    // Bytes and pieces.
    case lt::block_finished_alert::alert_type: return onBlockFinished(alertAs<lt::block_finished_alert>(a));
    case lt::piece_finished_alert::alert_type: return onPieceFinished(alertAs<lt::piece_finished_alert>(a));
    case lt::hash_failed_alert::alert_type: return onHashFailed(alertAs<lt::hash_failed_alert>(a));
    case lt::peer_ban_alert::alert_type: return onPeerBanned(alertAs<lt::peer_ban_alert>(a));
    // Status and totals (answers to tick()).
    case lt::state_update_alert::alert_type: return onStateUpdate(alertAs<lt::state_update_alert>(a));
    case lt::session_stats_alert::alert_type: return onSessionStats(alertAs<lt::session_stats_alert>(a));
    // A torrent's lifecycle.
    case lt::add_torrent_alert::alert_type: return onTorrentAdded(alertAs<lt::add_torrent_alert>(a));
    case lt::torrent_finished_alert::alert_type: return onTorrentFinished(alertAs<lt::torrent_finished_alert>(a));
    case lt::cache_flushed_alert::alert_type: return onCacheFlushed(alertAs<lt::cache_flushed_alert>(a));
    case lt::save_resume_data_alert::alert_type: return onResumeData(alertAs<lt::save_resume_data_alert>(a));
    case lt::save_resume_data_failed_alert::alert_type:
        return onResumeDataFailed(alertAs<lt::save_resume_data_failed_alert>(a));
    case lt::torrent_removed_alert::alert_type: return onTorrentRemoved(alertAs<lt::torrent_removed_alert>(a));
    case lt::torrent_error_alert::alert_type: return onTorrentError(alertAs<lt::torrent_error_alert>(a));
    case lt::file_error_alert::alert_type: return onFileError(alertAs<lt::file_error_alert>(a));
    // The session's sockets, the DHT and trackers.
    case lt::listen_succeeded_alert::alert_type: return onListenSucceeded(alertAs<lt::listen_succeeded_alert>(a));
    case lt::listen_failed_alert::alert_type: return onListenFailed(alertAs<lt::listen_failed_alert>(a));
    case lt::dht_bootstrap_alert::alert_type: return onDhtBootstrap();
    case lt::dht_reply_alert::alert_type: return onDhtReply(alertAs<lt::dht_reply_alert>(a));
    case lt::tracker_reply_alert::alert_type: return onTrackerReply(alertAs<lt::tracker_reply_alert>(a));
    // What the swarm tells beyond bytes (SessionDiscovery.cpp).
    case lt::peer_connect_alert::alert_type: return onPeerConnect(alertAs<lt::peer_connect_alert>(a));
    case lt::peer_disconnected_alert::alert_type: return onPeerDisconnected(alertAs<lt::peer_disconnected_alert>(a));
    case lt::metadata_received_alert::alert_type: return onMetadataReceived(alertAs<lt::metadata_received_alert>(a));
    case lt::dht_stats_alert::alert_type: return onDhtStats(alertAs<lt::dht_stats_alert>(a));
    case lt::dht_live_nodes_alert::alert_type: return onDhtLiveNodes(alertAs<lt::dht_live_nodes_alert>(a));
    case lt::dht_get_peers_reply_alert::alert_type:
        return onDhtGetPeersReply(alertAs<lt::dht_get_peers_reply_alert>(a));
    default: return; // the other types we enabled carry nothing the session uses
    }
    // clang-format on
}

QString SessionCore::idOfHandle(const lt::torrent_handle& h) const
{
    auto it = m_byHandle.find(h);
    return it == m_byHandle.end() ? QString() : it->second;
}

SessionCore::Record* SessionCore::recordOf(const lt::torrent_handle& h)
{
    return find(idOfHandle(h));
}

// ===================== bytes and pieces =====================

void SessionCore::onBlockFinished(const lt::block_finished_alert& blk)
{
    Record* rec = recordOf(blk.handle);
    if (!rec)
        return;
    const int piece = static_cast<int>(blk.piece_index);
    if (rec->numPieces == 0) {
        // Added by info-hash: the geometry comes with the resume data asked for at metadata time.
        if (rec->earlyBlocks.size() < kMaxEarlyBlocks)
            rec->earlyBlocks.push_back({ piece, blk.block_index, blk.endpoint });
        return;
    }
    countBlock(*rec, piece, blk.block_index, blk.endpoint);
}

void SessionCore::countBlock(Record& rec, int piece, int block, const lt::tcp::endpoint& ep)
{
    const qint64 pieceBytes = piece == rec.numPieces - 1
        ? rec.stats.bytesTotal - qint64(rec.numPieces - 1) * rec.pieceLength
        : rec.pieceLength;
    const qint64 bytes = std::clamp<qint64>(pieceBytes - qint64(block) * kBlockSize, 0, kBlockSize);
    // A block from a web seed's HTTP endpoint is from the web; a BitTorrent peer cannot listen on the
    // same address and port (and incoming peers come from ephemeral ports). No allocation per block.
    if (!rec.webSeedEndpoints.empty() && rec.webSeedEndpoints.count(ep)) {
        rec.stats.fromWeb += bytes;
        rec.webEndpoints[ep] = m_clock.elapsed();
    } else {
        rec.stats.fromPeers += bytes;
        if (rec.holders.size() < kMaxHolders && !rec.holders.count(ep) && rec.dialled.count(ep)) {
            rec.holders.insert(ep);
            emit q.holderSeen(rec.stats.id, endpointText(ep));
        }
    }
    std::vector<lt::tcp::endpoint>& who = rec.senders[piece];
    if (std::find(who.begin(), who.end(), ep) == who.end())
        who.push_back(ep);
}

void SessionCore::onPieceFinished(const lt::piece_finished_alert& pf)
{
    if (Record* rec = recordOf(pf.handle))
        rec->senders.erase(static_cast<int>(pf.piece_index));
}

void SessionCore::onHashFailed(const lt::hash_failed_alert& hf)
{
    Record* rec = recordOf(hf.handle);
    if (!rec)
        return;
    const int piece = static_cast<int>(hf.piece_index);
    ++rec->stats.hashFailures;
    QStringList who;
    for (const lt::tcp::endpoint& ep : rec->senders[piece])
        who.append(endpointText(ep));
    rec->senders.erase(piece);
    emit q.hashFailed(rec->stats.id, piece, who.join(u','));
}

void SessionCore::onPeerBanned(const lt::peer_ban_alert& ban)
{
    emit q.peerBanned(idOfHandle(ban.handle), endpointText(ban.endpoint));
}

// ===================== status and totals =====================

void SessionCore::onStateUpdate(const lt::state_update_alert& su)
{
    const qint64 now = m_clock.elapsed();
    for (const lt::torrent_status& st : su.status)
        if (Record* rec = recordOf(st.handle))
            applyStatus(*rec, st, now);
}

void SessionCore::applyStatus(Record& rec, const lt::torrent_status& st, qint64 nowMs)
{
    TorrentStats& s = rec.stats;
    s.state = stateOf(st);
    s.progress = st.progress;
    s.bytesDone = st.total_wanted_done;
    s.bytesTotal = st.total_wanted;
    s.downloadRate = st.download_payload_rate;
    s.uploadRate = st.upload_payload_rate;
    // libtorrent counts web seed connections as peers; take out those that delivered lately.
    const int webActive = activeWebEndpoints(rec, nowMs);
    s.peers = std::max(0, st.num_peers - webActive);
    s.seeds = std::max(0, st.num_seeds - webActive);
    s.uploaded = st.total_payload_upload;
    s.uploadedAllTime = st.all_time_upload;
    s.error = st.errc ? QString::fromStdString(st.errc.message()) : QString();
    s.savePath = QString::fromStdString(st.save_path);
    s.hasMetadata = st.has_metadata;
    // Complete without downloading anything here (a seed, a finished resume): nothing to flush.
    if (s.state == TorrentState::Seeding && !isFlushing(rec.lifecycle) && s.fromPeers + s.fromWeb == 0
        && rec.numPieces > 0 && rec.earlyBlocks.empty())
        s.completeOnDisk = true;
    if (s.name.isEmpty())
        s.name = QString::fromStdString(st.name);
}

int SessionCore::activeWebEndpoints(Record& rec, qint64 nowMs)
{
    int active = 0;
    for (auto it = rec.webEndpoints.begin(); it != rec.webEndpoints.end();) {
        if (nowMs - it->second > kWebEndpointTtlMs) {
            it = rec.webEndpoints.erase(it);
        } else {
            ++active;
            ++it;
        }
    }
    return active;
}

void SessionCore::onSessionStats(const lt::session_stats_alert& ss)
{
    const auto counters = ss.counters();
    auto value = [&](int idx) { return idx >= 0 && idx < int(counters.size()) ? counters[idx] : 0; };
    m_totals.uploaded = value(m_idxSentPayload);
    m_totals.downloaded = value(m_idxRecvPayload);
    m_totals.dhtNodes = int(value(m_idxDhtNodes));
}

// ===================== a torrent's lifecycle =====================

void SessionCore::onTorrentAdded(const lt::add_torrent_alert& add)
{
    const QString id = add.params.ti ? idOf(add.params.ti->info_hashes()) : idOf(add.params.info_hashes);
    Record* rec = find(id);
    if (add.error) {
        // A duplicate of a torrent removed and re-added before libtorrent answered: the live record
        // already has its handle.
        if (rec && rec->handle.is_valid())
            return;
        const QString message = QString::fromStdString(add.error.message());
        forgetPieceHashes(rec);
        m_torrents.remove(id);
        emit q.torrentError(id, message);
        return;
    }
    if (!rec) { // removed while being added
        m_session->remove_torrent(add.handle);
        return;
    }
    rec->handle = add.handle;
    m_byHandle[add.handle] = id;
    for (auto& op : rec->pending)
        op(rec->handle);
    rec->pending.clear();
    if (m_dhtReady && !(add.params.flags & lt::torrent_flags::disable_dht))
        rec->handle.force_dht_announce();
    emit q.torrentAdded(id);
}

void SessionCore::onTorrentFinished(const lt::torrent_finished_alert& fin)
{
    Record* rec = recordOf(fin.handle);
    if (!rec || rec->lifecycle != Lifecycle::Transferring)
        return;
    // The last blocks may still sit in libtorrent's write buffers (their block_finished alerts come when
    // written): signal only once flush_cache() has completed, so the file is whole and counts final.
    rec->lifecycle = Lifecycle::Flushing;
    rec->flushRequestedMs = m_clock.elapsed();
    rec->handle.flush_cache();
}

void SessionCore::onCacheFlushed(const lt::cache_flushed_alert& cf)
{
    Record* rec = recordOf(cf.handle);
    if (!rec || !isFlushing(rec->lifecycle))
        return;
    if (rec->numPieces == 0) { // added by info-hash, all there before its geometry: count first
        rec->lifecycle = Lifecycle::FlushedBeforeGeometry;
        return;
    }
    signalFinished(*rec);
}

void SessionCore::signalFinished(Record& rec)
{
    // Signalled before the geometry only by tick()'s overdue flush: learnFromResumeData() signals again.
    rec.lifecycle
        = rec.lifecycle == Lifecycle::FlushedBeforeGeometry ? Lifecycle::FinishedBeforeGeometry : Lifecycle::Finished;
    rec.stats.state = TorrentState::Seeding;
    rec.stats.bytesDone = rec.stats.bytesTotal;
    rec.stats.progress = 1.0;
    rec.stats.completeOnDisk = true;
    if (m_store.enabled())
        rec.handle.save_resume_data(lt::torrent_handle::save_info_dict);
    emit q.torrentFinished(rec.stats.id);
}

void SessionCore::onResumeData(const lt::save_resume_data_alert& sr)
{
    const QString id = idOfHandle(sr.handle);
    Record* rec = find(id);
    const bool ours = rec && rec->resumeRequests > 0;
    if (ours)
        --rec->resumeRequests;
    if (rec) {
        learnFromResumeData(id, sr.params, ours);
        rec = find(id); // a slot may have removed it
    }
    if (rec && m_store.enabled()) {
        const std::vector<char> buf = lt::write_resume_data_buf(sr.params);
        if (auto st = m_store.write(id, QByteArray(buf.data(), qsizetype(buf.size())))) {
            emit q.resumeDataSaved(id);
        } else {
            emit q.torrentError(id, st.error().message);
        }
    }
    if (!ours)
        countShutdownResumeAnswer();
}

void SessionCore::onResumeDataFailed(const lt::save_resume_data_failed_alert& sf)
{
    // Also "not modified" (only_if_modified): nothing to write.
    Record* rec = recordOf(sf.handle);
    if (!rec || rec->resumeRequests <= 0) {
        countShutdownResumeAnswer();
        return;
    }
    --rec->resumeRequests;
    if (rec->torrentFileRequested) {
        rec->torrentFileRequested = false;
        emit q.torrentFileReady(rec->stats.id, {}, QString::fromStdString(sf.error.message()));
    }
}

void SessionCore::countShutdownResumeAnswer()
{
    if (m_shuttingDown && --m_pendingResume <= 0)
        finishShutdown();
}

void SessionCore::onTorrentRemoved(const lt::torrent_removed_alert& rm)
{
    m_byHandle.erase(rm.handle);
    emit q.torrentRemoved(idOf(rm.info_hashes));
}

void SessionCore::onTorrentError(const lt::torrent_error_alert& te)
{
    emit q.torrentError(idOfHandle(te.handle), QString::fromStdString(te.error.message()));
}

void SessionCore::onFileError(const lt::file_error_alert& fe)
{
    emit q.torrentError(idOfHandle(fe.handle),
        QStringLiteral("%1: %2").arg(QString::fromUtf8(fe.filename()), QString::fromStdString(fe.error.message())));
}

// ===================== the session's sockets, the DHT and trackers =====================

void SessionCore::onListenSucceeded(const lt::listen_succeeded_alert& ls)
{
    if (ls.socket_type == lt::socket_type_t::tcp && m_listenPort == 0) {
        m_listenPort = ls.port;
        emit q.listening(m_listenPort);
    }
}

void SessionCore::onListenFailed(const lt::listen_failed_alert& lf)
{
    emit q.listenFailed(QString::fromStdString(lf.message()));
}

void SessionCore::onDhtBootstrap()
{
    if (m_dhtReady)
        return;
    m_dhtReady = true;
    // An announce made before the DHT was up is retried only 15 minutes later (docs/transfer.md, "Settings").
    for (const Record& rec : std::as_const(m_torrents))
        if (rec.handle.is_valid())
            rec.handle.force_dht_announce();
    requestDhtNodes(); // a short-lived process (a CLI command) remembers them right away
    emit q.dhtReady();
}

void SessionCore::onDhtReply(const lt::dht_reply_alert& dr)
{
    if (dr.num_peers > 0)
        emit q.peersDiscovered(idOfHandle(dr.handle), dr.num_peers);
}

void SessionCore::onTrackerReply(const lt::tracker_reply_alert& tr)
{
    const QString id = idOfHandle(tr.handle);
    if (tr.num_peers > 0)
        emit q.peersDiscovered(id, tr.num_peers);
    emit q.trackerReplied(id, tr.num_peers);
}

} // namespace as::transfer
