// TransferSession's lifecycle: start, shutdown, the periodic tick and resume saves. Its alert pump is in
// SessionAlerts.cpp. libtorrent TU.
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

namespace lt = libtorrent;

namespace as::transfer {

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

void TransferSession::dhtAnnounce(const QByteArray& key20, int port)
{
    m_core->dhtAnnounce(key20, port);
}

void TransferSession::dhtGetPeers(const QByteArray& key20)
{
    m_core->dhtGetPeers(key20);
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
    installAlertNotify();
    applyPeerClassFilter();
    m_running = true;

    restoreTorrents();
    m_statsTimer->start();
    m_resumeTimer->start();
    return Status::success();
}

void SessionCore::installAlertNotify()
{
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
}

// Torrents of the previous run, from the resume store.
void SessionCore::restoreTorrents()
{
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

// ===================== periodic work =====================

void SessionCore::schedulePump()
{
    if (!m_pumpTimer->isActive())
        m_pumpTimer->start();
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
        if (isFlushing(rec.lifecycle) && now - rec.flushRequestedMs > 5000)
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

} // namespace as::transfer
