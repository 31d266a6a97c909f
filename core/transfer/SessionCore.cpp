// TransferSession's lifecycle and its alert pump: the one place libtorrent's alerts are drained and turned
// into Qt signals. libtorrent TU.
#include "core/transfer/SessionCore.h"

#include "core/transfer/PieceDiskIo.h"
#include "core/transfer/PieceHashIndex.h"

#include "core/transfer/LtConvert.h"
#include "core/transfer/TransferSession.h"

#include <QDir>
#include <QHostAddress>
#include <QHostInfo>
#include <QUrl>
#include <libtorrent/alert_types.hpp>
#include <libtorrent/read_resume_data.hpp>
#include <libtorrent/session_params.hpp>
#include <libtorrent/session_stats.hpp>
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
} // namespace

// ===================== TransferSession (forwarders) =====================

TransferSession::TransferSession(SessionSettings settings, QObject* parent)
    : QObject(parent)
    , m_core(std::make_unique<SessionCore>(*this, std::move(settings)))
{
    qRegisterMetaType<as::transfer::TorrentStats>();
    qRegisterMetaType<QList<as::transfer::TorrentStats>>();
}

TransferSession::~TransferSession() = default;

Status TransferSession::start()
{
    return m_core->start();
}
void TransferSession::shutdown(int timeoutMs)
{
    m_core->shutdown(timeoutMs);
}
bool TransferSession::isRunning() const
{
    return m_core->m_running;
}
bool TransferSession::isStopped() const
{
    return m_core->m_stopped;
}
TorrentControl& TransferSession::torrents()
{
    return *m_core;
}
const TorrentControl& TransferSession::torrents() const
{
    return *m_core;
}
BandwidthControl& TransferSession::bandwidth()
{
    return *m_core;
}
const BandwidthControl& TransferSession::bandwidth() const
{
    return *m_core;
}
SessionTotals TransferSession::totals() const
{
    return m_core->totals();
}
int TransferSession::listenPort() const
{
    return m_core->m_listenPort;
}
bool TransferSession::isDhtReady() const
{
    return m_core->m_dhtReady;
}
const SessionSettings& TransferSession::settings() const
{
    return m_core->m_settings;
}
void TransferSession::saveResumeData()
{
    m_core->saveResumeData(false);
}
void TransferSession::applySettings(const SessionSettings& settings)
{
    m_core->applySettings(settings);
}

// ===================== lifecycle =====================

SessionCore::SessionCore(TransferSession& owner, SessionSettings settings)
    : q(owner)
    , m_settings(std::move(settings))
    , m_store(m_settings.resumeDir)
    , m_guard(std::make_shared<NotifyGuard>())
    , m_pieceHashes(std::make_shared<PieceHashIndex>())
    , m_limits(m_settings.limits)
    , m_altLimits(m_settings.alternativeLimits)
    , m_useAlt(m_settings.useAlternativeLimits)
{
    m_clock.start();
    m_statsTimer = new QTimer(&q);
    m_resumeTimer = new QTimer(&q);
    m_shutdownTimer = new QTimer(&q);
    m_pumpTimer = new QTimer(&q);
    m_statsTimer->setInterval(std::max(50, m_settings.statsIntervalMs));
    QObject::connect(m_statsTimer, &QTimer::timeout, &q, [this] { tick(); });
    m_resumeTimer->setInterval(std::max(1000, m_settings.resumeSaveIntervalMs));
    QObject::connect(m_resumeTimer, &QTimer::timeout, &q, [this] { saveResumeData(false); });
    m_shutdownTimer->setSingleShot(true);
    QObject::connect(m_shutdownTimer, &QTimer::timeout, &q, [this] { finishShutdown(); });
    m_pumpTimer->setSingleShot(true);
    m_pumpTimer->setInterval(5);
    QObject::connect(m_pumpTimer, &QTimer::timeout, &q, [this] { pump(); });
    m_idxSentPayload = lt::find_metric_idx("net.sent_payload_bytes");
    m_idxRecvPayload = lt::find_metric_idx("net.recv_payload_bytes");
    m_idxDhtNodes = lt::find_metric_idx("dht.dht_nodes");
}

SessionCore::~SessionCore()
{
    {
        std::lock_guard lock(m_guard->mutex);
        m_guard->target = nullptr;
    }
    if (m_session) {
        // Not shut down: abort and wait here (the proxy's destructor joins libtorrent's threads).
        m_session->set_alert_notify([] {});
        lt::session_proxy proxy = m_session->abort();
        m_session.reset();
    }
    if (m_reaper.joinable())
        m_reaper.join();
}

Status SessionCore::start()
{
    if (m_session || m_stopped)
        return makeError(ErrorCode::Conflict, QStringLiteral("session already started"));
    if (auto st = m_store.ensureDir(); !st)
        return st;

    lt::session_params params(buildSettings()); // default plugins: ut_metadata, ut_pex, smart_ban
    if (m_settings.diskBackEnd == SessionSettings::DiskBackEnd::WholePieces)
        params.disk_io_constructor
            = [index = std::shared_ptr<const PieceHashIndex>(m_pieceHashes)](
                  lt::io_context& ios, const lt::settings_interface& s, lt::counters&) {
                  return makePieceDiskIo(ios, s, index);
              };
    m_session = std::make_unique<lt::session>(std::move(params));
    {
        std::lock_guard lock(m_guard->mutex);
        m_guard->target = &q;
    }
    std::weak_ptr<NotifyGuard> weak = m_guard;
    m_session->set_alert_notify([weak] {
        // libtorrent thread: only post a wake-up, never call into libtorrent here.
        auto guard = weak.lock();
        if (!guard)
            return;
        std::lock_guard lock(guard->mutex);
        if (!guard->target || guard->queued)
            return;
        guard->queued = true;
        TransferSession* target = guard->target;
        QMetaObject::invokeMethod(
            target, [target] { target->m_core->schedulePump(); }, Qt::QueuedConnection);
    });
    applyPeerClassFilter();
    m_running = true;

    // Torrents of the previous run.
    for (const QString& id : m_store.ids()) {
        auto bytes = m_store.read(id);
        if (!bytes)
            continue;
        lt::error_code ec;
        lt::add_torrent_params atp = lt::read_resume_data(lt::span<const char>(bytes->constData(), bytes->size()), ec);
        if (ec || !atp.ti || idOf(atp.ti->info_hashes()) != id) {
            emit q.torrentError(id,
                QStringLiteral("unusable resume data: %1")
                    .arg(ec ? QString::fromStdString(ec.message()) : QStringLiteral("no metadata")));
            continue;
        }
        Record rec;
        rec.stats.name = QString::fromStdString(atp.ti->name());
        rec.stats.savePath = QString::fromStdString(atp.save_path);
        for (const std::string& url : atp.url_seeds)
            rec.webSeedUrls.append(QString::fromStdString(url));
        rec.stats.webSeeds = int(rec.webSeedUrls.size());
        fillRecordGeometry(rec, *atp.ti);
        const QStringList urls = rec.webSeedUrls;
        if (addParams(std::move(atp), std::move(rec)).ok())
            for (const QString& url : urls)
                learnWebSeed(id, url);
    }

    m_statsTimer->start();
    m_resumeTimer->start();
    return Status::success();
}

void SessionCore::shutdown(int timeoutMs)
{
    if (!m_session || m_shuttingDown)
        return;
    m_shuttingDown = true;
    m_statsTimer->stop();
    m_resumeTimer->stop();
    m_session->pause(); // no more changes while resume data is taken
    requestDhtNodes(); // remembered for the next start, if libtorrent answers before it is gone
    m_pendingResume = 0;
    if (m_store.enabled()) {
        for (const Record& rec : std::as_const(m_torrents)) {
            if (!rec.handle.is_valid())
                continue;
            rec.handle.save_resume_data(lt::torrent_handle::save_info_dict | lt::torrent_handle::flush_disk_cache
                | lt::torrent_handle::only_if_modified);
            ++m_pendingResume;
        }
    }
    if (m_pendingResume == 0) {
        QMetaObject::invokeMethod(
            &q, [this] { finishShutdown(); }, Qt::QueuedConnection);
        return;
    }
    m_shutdownTimer->start(std::max(0, timeoutMs));
}

void SessionCore::finishShutdown()
{
    if (!m_session)
        return;
    m_shutdownTimer->stop();
    {
        std::lock_guard lock(m_guard->mutex);
        m_guard->target = nullptr;
    }
    m_session->set_alert_notify([] {});
    // abort() returns at once; the proxy's destructor waits for libtorrent, so it dies on another thread.
    auto proxy = std::make_shared<lt::session_proxy>(m_session->abort());
    m_session.reset();
    m_running = false;
    TransferSession* target = &q;
    m_reaper = std::thread([proxy = std::move(proxy), target]() mutable {
        proxy.reset();
        // q outlives this thread (its destructor joins it), so posting to it is safe.
        QMetaObject::invokeMethod(
            target,
            [target] {
                target->m_core->m_stopped = true;
                emit target->stopped();
            },
            Qt::QueuedConnection);
    });
}

// ===================== alert pump =====================

void SessionCore::schedulePump()
{
    if (!m_pumpTimer->isActive())
        m_pumpTimer->start();
}

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

void SessionCore::tick()
{
    if (!m_session)
        return;
    m_session->post_torrent_updates();
    m_session->post_session_stats();
    const qint64 now = m_clock.elapsed();
    QStringList overdue;
    for (Record& rec : m_torrents) {
        // cache_flushed_alert should come within milliseconds; never let a lost one hide a finish.
        if (rec.flushPending && now - rec.flushRequestedMs > 5000)
            overdue.append(rec.stats.id);
        if (m_dhtReady && m_settings.idleDhtAnnounceMs > 0 && rec.handle.is_valid()
            && rec.stats.state == TorrentState::Downloading && rec.stats.peers == 0
            && now - rec.lastDhtAnnounceMs >= m_settings.idleDhtAnnounceMs) {
            rec.lastDhtAnnounceMs = now;
            rec.handle.force_dht_announce();
        }
    }
    if (m_dhtReady && now - m_lastDhtNodesMs >= std::max(1000, m_settings.dhtNodesIntervalMs))
        requestDhtNodes();
    for (const QString& id : overdue) // signals last: a slot may remove torrents
        if (Record* rec = find(id))
            signalFinished(*rec);
    emit q.statsUpdated(allStats());
}

void SessionCore::saveResumeData(bool all)
{
    if (!m_session || !m_store.enabled())
        return;
    lt::resume_data_flags_t flags = lt::torrent_handle::save_info_dict;
    if (!all)
        flags |= lt::torrent_handle::only_if_modified;
    for (const Record& rec : std::as_const(m_torrents))
        if (rec.handle.is_valid())
            rec.handle.save_resume_data(flags);
}

SessionTotals SessionCore::totals() const
{
    SessionTotals t = m_totals;
    t.fromPeers = m_removedFromPeers;
    t.fromWeb = m_removedFromWeb;
    t.downloadRate = t.uploadRate = 0;
    for (const Record& rec : m_torrents) {
        t.fromPeers += rec.stats.fromPeers;
        t.fromWeb += rec.stats.fromWeb;
        t.downloadRate += rec.stats.downloadRate;
        t.uploadRate += rec.stats.uploadRate;
    }
    t.torrents = int(m_torrents.size());
    return t;
}

void SessionCore::fillRecordGeometry(Record& rec, const lt::torrent_info& ti)
{
    rec.stats.id = idOf(ti.info_hashes());
    if (ti.info_hashes().has_v1())
        rec.stats.v1 = hexOf(ti.info_hashes().v1);
    rec.stats.bytesTotal = ti.total_size();
    rec.pieceLength = ti.piece_length();
    rec.numPieces = ti.num_pieces();
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

void SessionCore::onResumeData(const lt::save_resume_data_alert& sr)
{
    auto it = m_byHandle.find(sr.handle);
    const QString id = it == m_byHandle.end() ? QString() : it->second;
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
    if (!ours && m_shuttingDown && --m_pendingResume <= 0)
        finishShutdown();
}

void SessionCore::signalFinished(Record& rec)
{
    rec.flushPending = false;
    rec.finishedSignalled = true;
    rec.stats.state = TorrentState::Seeding;
    rec.stats.bytesDone = rec.stats.bytesTotal;
    rec.stats.progress = 1.0;
    rec.stats.completeOnDisk = true;
    if (m_store.enabled())
        rec.handle.save_resume_data(lt::torrent_handle::save_info_dict);
    emit q.torrentFinished(rec.stats.id);
}

void SessionCore::learnWebSeed(const QString& id, const QString& url)
{
    const QUrl u(url);
    const int port = u.port(u.scheme() == QLatin1String("https") ? 443 : 80);
    auto remember = [this, id, port](const QList<QHostAddress>& addresses) {
        Record* rec = find(id);
        if (!rec)
            return;
        for (const QHostAddress& addr : addresses) {
            lt::error_code ec;
            const lt::address a = lt::make_address(addr.toString().toStdString(), ec);
            if (!ec)
                rec->webSeedEndpoints.insert(lt::tcp::endpoint(a, std::uint16_t(port)));
        }
    };
    const QHostAddress literal(u.host());
    if (!literal.isNull()) {
        remember({ literal });
        return;
    }
    QHostInfo::lookupHost(u.host(), &q, [remember](const QHostInfo& info) { remember(info.addresses()); });
}

void SessionCore::handle(lt::alert* a)
{
    auto idOfHandle = [this](const lt::torrent_handle& h) -> QString {
        auto it = m_byHandle.find(h);
        return it == m_byHandle.end() ? QString() : it->second;
    };
    if (handleDiscoveryAlert(a))
        return;

    if (auto* blk = lt::alert_cast<lt::block_finished_alert>(a)) {
        Record* rec = find(idOfHandle(blk->handle));
        if (!rec)
            return;
        const int piece = static_cast<int>(blk->piece_index);
        if (rec->numPieces == 0) {
            // Added by info-hash: the geometry comes with the resume data asked for at metadata time.
            if (rec->earlyBlocks.size() < kMaxEarlyBlocks)
                rec->earlyBlocks.push_back({ piece, blk->block_index, blk->endpoint });
            return;
        }
        countBlock(*rec, piece, blk->block_index, blk->endpoint);
        return;
    }
    if (auto* pf = lt::alert_cast<lt::piece_finished_alert>(a)) {
        if (Record* rec = find(idOfHandle(pf->handle)))
            rec->senders.erase(static_cast<int>(pf->piece_index));
        return;
    }
    if (auto* su = lt::alert_cast<lt::state_update_alert>(a)) {
        const qint64 now = m_clock.elapsed();
        for (const lt::torrent_status& st : su->status) {
            Record* rec = find(idOfHandle(st.handle));
            if (!rec)
                continue;
            TorrentStats& s = rec->stats;
            s.state = stateOf(st);
            s.progress = st.progress;
            s.bytesDone = st.total_wanted_done;
            s.bytesTotal = st.total_wanted;
            s.downloadRate = st.download_payload_rate;
            s.uploadRate = st.upload_payload_rate;
            // libtorrent counts web seed connections as peers; take out those that delivered lately.
            int webActive = 0;
            for (auto it = rec->webEndpoints.begin(); it != rec->webEndpoints.end();) {
                if (now - it->second > kWebEndpointTtlMs) {
                    it = rec->webEndpoints.erase(it);
                } else {
                    ++webActive;
                    ++it;
                }
            }
            s.peers = std::max(0, st.num_peers - webActive);
            s.seeds = std::max(0, st.num_seeds - webActive);
            s.uploaded = st.total_payload_upload;
            s.uploadedAllTime = st.all_time_upload;
            s.error = st.errc ? QString::fromStdString(st.errc.message()) : QString();
            s.savePath = QString::fromStdString(st.save_path);
            s.hasMetadata = st.has_metadata;
            // Complete without downloading anything here (a seed, a finished resume): nothing to flush.
            if (s.state == TorrentState::Seeding && !rec->flushPending && s.fromPeers + s.fromWeb == 0
                && rec->numPieces > 0 && rec->earlyBlocks.empty())
                s.completeOnDisk = true;
            if (s.name.isEmpty())
                s.name = QString::fromStdString(st.name);
        }
        return;
    }
    if (auto* ss = lt::alert_cast<lt::session_stats_alert>(a)) {
        const auto counters = ss->counters();
        auto value = [&](int idx) { return idx >= 0 && idx < int(counters.size()) ? counters[idx] : 0; };
        m_totals.uploaded = value(m_idxSentPayload);
        m_totals.downloaded = value(m_idxRecvPayload);
        m_totals.dhtNodes = int(value(m_idxDhtNodes));
        return;
    }
    if (auto* add = lt::alert_cast<lt::add_torrent_alert>(a)) {
        const QString id = add->params.ti ? idOf(add->params.ti->info_hashes()) : idOf(add->params.info_hashes);
        Record* rec = find(id);
        if (add->error) {
            // A duplicate of a torrent removed and re-added before libtorrent answered: the live record
            // already has its handle.
            if (rec && rec->handle.is_valid())
                return;
            const QString message = QString::fromStdString(add->error.message());
            forgetPieceHashes(rec);
            m_torrents.remove(id);
            emit q.torrentError(id, message);
            return;
        }
        if (!rec) { // removed while being added
            m_session->remove_torrent(add->handle);
            return;
        }
        rec->handle = add->handle;
        m_byHandle[add->handle] = id;
        for (auto& op : rec->pending)
            op(rec->handle);
        rec->pending.clear();
        if (m_dhtReady && !(add->params.flags & lt::torrent_flags::disable_dht))
            rec->handle.force_dht_announce();
        emit q.torrentAdded(id);
        return;
    }
    if (auto* fin = lt::alert_cast<lt::torrent_finished_alert>(a)) {
        Record* rec = find(idOfHandle(fin->handle));
        if (!rec || rec->finishedSignalled || rec->flushPending)
            return;
        // The last blocks may still sit in libtorrent's write buffers (their block_finished alerts come when
        // written): signal only once flush_cache() has completed, so the file is whole and counts final.
        rec->flushPending = true;
        rec->flushRequestedMs = m_clock.elapsed();
        rec->handle.flush_cache();
        return;
    }
    if (auto* cf = lt::alert_cast<lt::cache_flushed_alert>(a)) {
        Record* rec = find(idOfHandle(cf->handle));
        if (!rec || !rec->flushPending)
            return;
        if (rec->numPieces == 0) { // added by info-hash, all there before its geometry: count first
            rec->flushedBeforeGeometry = true;
            return;
        }
        signalFinished(*rec);
        return;
    }
    if (auto* hf = lt::alert_cast<lt::hash_failed_alert>(a)) {
        Record* rec = find(idOfHandle(hf->handle));
        if (!rec)
            return;
        const int piece = static_cast<int>(hf->piece_index);
        ++rec->stats.hashFailures;
        QStringList who;
        for (const lt::tcp::endpoint& ep : rec->senders[piece])
            who.append(endpointText(ep));
        rec->senders.erase(piece);
        emit q.hashFailed(rec->stats.id, piece, who.join(u','));
        return;
    }
    if (auto* ban = lt::alert_cast<lt::peer_ban_alert>(a)) {
        emit q.peerBanned(idOfHandle(ban->handle), endpointText(ban->endpoint));
        return;
    }
    if (auto* sr = lt::alert_cast<lt::save_resume_data_alert>(a)) {
        onResumeData(*sr);
        return;
    }
    if (auto* sf = lt::alert_cast<lt::save_resume_data_failed_alert>(a)) {
        // Also "not modified" (only_if_modified): nothing to write.
        Record* rec = find(idOfHandle(sf->handle));
        if (rec && rec->resumeRequests > 0) {
            --rec->resumeRequests;
            if (rec->torrentFileRequested) {
                rec->torrentFileRequested = false;
                emit q.torrentFileReady(rec->stats.id, {}, QString::fromStdString(sf->error.message()));
            }
            return;
        }
        if (m_shuttingDown && --m_pendingResume <= 0)
            finishShutdown();
        return;
    }
    if (auto* rm = lt::alert_cast<lt::torrent_removed_alert>(a)) {
        const QString id = idOf(rm->info_hashes);
        m_byHandle.erase(rm->handle);
        emit q.torrentRemoved(id);
        return;
    }
    if (auto* te = lt::alert_cast<lt::torrent_error_alert>(a)) {
        emit q.torrentError(idOfHandle(te->handle), QString::fromStdString(te->error.message()));
        return;
    }
    if (auto* fe = lt::alert_cast<lt::file_error_alert>(a)) {
        emit q.torrentError(idOfHandle(fe->handle),
            QStringLiteral("%1: %2").arg(
                QString::fromUtf8(fe->filename()), QString::fromStdString(fe->error.message())));
        return;
    }
    if (auto* ls = lt::alert_cast<lt::listen_succeeded_alert>(a)) {
        if (ls->socket_type == lt::socket_type_t::tcp && m_listenPort == 0) {
            m_listenPort = ls->port;
            emit q.listening(m_listenPort);
        }
        return;
    }
    if (auto* lf = lt::alert_cast<lt::listen_failed_alert>(a)) {
        emit q.listenFailed(QString::fromStdString(lf->message()));
        return;
    }
    if (lt::alert_cast<lt::dht_bootstrap_alert>(a)) {
        if (!m_dhtReady) {
            m_dhtReady = true;
            // An announce made before the DHT was up is retried only 15 minutes later (docs/transfer.md,
            // "Settings").
            for (const Record& rec : std::as_const(m_torrents))
                if (rec.handle.is_valid())
                    rec.handle.force_dht_announce();
            requestDhtNodes(); // a short-lived process (a CLI command) remembers them right away
            emit q.dhtReady();
        }
        return;
    }
    if (auto* dr = lt::alert_cast<lt::dht_reply_alert>(a)) {
        if (dr->num_peers > 0)
            emit q.peersDiscovered(idOfHandle(dr->handle), dr->num_peers);
        return;
    }
    if (auto* tr = lt::alert_cast<lt::tracker_reply_alert>(a)) {
        const QString id = idOfHandle(tr->handle);
        if (tr->num_peers > 0)
            emit q.peersDiscovered(id, tr->num_peers);
        emit q.trackerReplied(id, tr->num_peers);
        return;
    }
}

} // namespace as::transfer
