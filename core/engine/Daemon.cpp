#include "core/engine/Daemon.h"
#include "core/engine/Commands.h"
#include "core/engine/LogStatus.h"

#include "core/dcclient/DaemonDc.h"
#include "core/engine/DcCopy.h"
#include "core/engine/DownloadJob.h"
#include "core/engine/EngineContext.h"
#include "core/engine/Failover.h"
#include "core/engine/JobTransfers.h"
#include "core/engine/ReplicaIntake.h"
#include "core/engine/StandbyRole.h"
#include "core/engine/Uploads.h"
#include "core/state/Settings.h"
#include "core/transfer/BlockProof.h"
#include "core/util/Units.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>

namespace as::engine {

Daemon::Daemon(EngineContext& ctx, Uploads& uploads, Options options, QObject* parent)
    : QObject(parent)
    , m_ctx(ctx)
    , m_uploads(uploads)
    , m_opt(options)
    , m_timer(new QTimer(this))
    , m_watchTimer(new QTimer(this))
    , m_dcCopy(new DcCopy(ctx, this))
{
    // The daemon's log says why downloads left the peers (the category is off in one-shot commands).
    QLoggingCategory::setFilterRules(
        QString::fromLatin1(transfer::lcPeerDiagnostics().categoryName()) + QStringLiteral(".info=true"));
    m_clock.start();
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &Daemon::heartbeat);
    m_watchTimer->setSingleShot(true);
    connect(m_watchTimer, &QTimer::timeout, this, &Daemon::watchGroups);
}

Daemon::~Daemon() = default;

Status Daemon::start()
{
    auto session = m_ctx.jobTransfers();
    if (!session)
        return session.error();
    m_running = true;
    m_ctx.setDaemonRunning(true);
    JobTransfers* ts = *session;
    connect(ts, &JobTransfers::dhtReady, this, [ts]() { logIfFailed(ts->torrents().forceDhtAnnounce(), "daemon: DHT announce"); });
    seedHeld();
    m_uploads.resumeUnfinished();
    // An account from before sharing to users gets its key pair now, so others can share with it (docs/sharing.md).
    if (m_ctx.account())
        ensureAccountKeys(m_ctx, [](Result<crypto::AccountKeyPair> keys) {
            if (!keys)
                qWarning("daemon: the account's sharing key is not ready: %s", qPrintable(keys.error().message));
        });
    if (m_opt.heartbeatIntervalMs > 0)
        m_intervalMs = m_opt.heartbeatIntervalMs;
    // The first heartbeat waits for the listen port, which peers need to reach us.
    if (ts->listenPort() > 0) {
        logStart();
        scheduleHeartbeat(0);
    } else {
        connect(
            ts, &JobTransfers::listening, this, [this]() { logStart(); scheduleHeartbeat(0); },
            Qt::SingleShotConnection);
    }
    return Status::success();
}

// What a contributor reads in the daemon's log (stderr): one line per event that changes what the node
// holds or whom it can reach, never a secret (docs/node.md "Daemon").
void Daemon::logStart()
{
    const state::NodeSettings settings = state::loadSettings(m_ctx.store());
    const auto account = m_ctx.account();
    JobTransfers* ts = m_ctx.jobTransfersIfRunning();
    const auto disk = replicaBook().disk();
    qInfo("listening on port %d as peer %s; %s; contributing up to %s (%s used by %d replicas; "
          "`config capacity` changes it; the disk keeps %s free)",
        ts ? ts->listenPort() : 0, qPrintable(m_ctx.identity().peerId().left(12)),
        account ? qPrintable(QStringLiteral("%1 at %2").arg(account->user, account->dcUrl)) : "not logged in: serving peers only",
        qPrintable(util::formatBytes(settings.capacityBytes)), qPrintable(util::formatBytes(m_ctx.store().replicaBytes())),
        int(m_ctx.store().replicas().size()), disk ? qPrintable(util::formatBytes(diskReserveBytes(*disk))) : "some");
}

// Every daemon serves a standby port, opened after the first heartbeat answer (which gives the DC's interval
// and policy knobs) and reported from the next heartbeat on; the DC chooses among the peers that report one
// (docs/outage.md). It binds where the DC would reach it: loopback when the DC is on loopback (tests, one
// machine), else all interfaces.
void Daemon::startStandbyRole(const protocol::HeartbeatReply& reply)
{
    if (m_standbyTried || !m_running)
        return;
    m_standbyTried = true;
    auto* dc = m_ctx.daemonDc();
    const QString dcHost = dc ? dc->baseUrl().host() : QString();
    const bool loopback = dcHost == QLatin1String("localhost") || dcHost.startsWith(QLatin1String("127."));
    m_standby = new StandbyRole(m_ctx, this);
    const QString host = loopback ? QStringLiteral("127.0.0.1") : QStringLiteral("0.0.0.0");
    if (Status s = m_standby->start(host, reply.heartbeatInterval, reply.watch); !s) {
        qWarning("cannot serve as a standby master: %s", qPrintable(s.error().message));
        delete m_standby;
        m_standby = nullptr;
    }
}

void Daemon::stop()
{
    if (m_running)
        qInfo("stopping");
    if (m_standby)
        m_standby->stop();
    m_running = false;
    m_timer->stop();
    m_watchTimer->stop();
    m_watch.clear();
    for (const auto& job : std::as_const(m_fetching))
        delete job.data();
    m_fetching.clear();
    m_ctx.setDaemonRunning(false);
}

void Daemon::seedHeld()
{
    JobTransfers* ts = m_ctx.jobTransfersIfRunning();
    if (!ts)
        return;
    const QString objectsDir = m_ctx.subDir(QStringLiteral("objects"));
    // My objects: the encrypted file kept in the profile since upload. libtorrent checks it unless the
    // resume data already vouched for it (the session re-adds those itself).
    const auto objects = m_ctx.store().objects();
    if (!objects) // the replicas below are still seeded
        qWarning("cannot seed my objects: %s", qPrintable(objects.error().message));
    for (const state::ObjectRecord& o : objects ? *objects : QList<state::ObjectRecord>()) {
        const QString path = QDir(objectsDir).filePath(o.id);
        if (ts->torrents().contains(o.id)) // resumed by the session: maybe with an older, unkeyed tracker URL
            logIfFailed(ts->torrents().replaceTrackers(o.id, m_ctx.trackersFor(o.id)), "daemon: trackers");
        if (o.state != state::ObjectState::Available || ts->torrents().contains(o.id) || !QFileInfo::exists(path))
            continue;
        const QByteArray torrent = m_ctx.store().cachedTorrent(o.id);
        if (torrent.isEmpty())
            continue;
        transfer::SeedParams p;
        p.torrent = torrent;
        p.filePath = path;
        p.trackers = m_ctx.trackersFor(o.id);
        p.replaceTrackers = true;
        logIfFailed(ts->torrents().addSeed(p), "daemon: cannot seed one of my objects");
    }
    for (const state::ReplicaRecord& r : m_ctx.store().replicas()) {
        if (ts->torrents().contains(r.objectId)) {
            logIfFailed(ts->torrents().replaceTrackers(r.objectId, m_ctx.trackersFor(r.objectId)), "daemon: trackers");
            continue;
        }
        const QByteArray torrent = m_ctx.store().cachedTorrent(r.objectId);
        if (r.state == state::ReplicaState::Held && !torrent.isEmpty() && QFileInfo::exists(r.path)) {
            transfer::SeedParams p;
            p.torrent = torrent;
            p.filePath = r.path;
            p.trackers = m_ctx.trackersFor(r.objectId);
            p.replaceTrackers = true;
            logIfFailed(ts->torrents().addSeed(p), "daemon: cannot seed a replica"); // the DC's audit notices
        } else {
            take(r.objectId, r.size); // an assignment interrupted by a restart: fetch on
        }
    }
}

void Daemon::scheduleHeartbeat(int ms)
{
    if (m_running)
        m_timer->start(ms);
}

void Daemon::heartbeat()
{
    auto* dc = m_ctx.daemonDc();
    JobTransfers* ts = m_ctx.jobTransfersIfRunning();
    if (!m_running || !ts)
        return;
    // Announce what we hold to the DHT on every beat: the first announce may have found an empty routing
    // table (a bootstrap node learns of others only when they contact it), and libtorrent's own re-announce
    // comes only every 15 minutes. Holders must be findable while the DC is away.
    if (ts->isDhtReady() || ts->dhtNodes() > 0)
        logIfFailed(ts->torrents().forceDhtAnnounce(), "daemon: DHT announce");
    if (!dc || !m_ctx.account() || m_inFlight) {
        scheduleHeartbeat(m_intervalMs);
        return;
    }
    const state::NodeSettings settings = state::loadSettings(m_ctx.store());
    protocol::Heartbeat hb;
    hb.peerId = m_ctx.identity().peerId();
    hb.listenPort = ts->listenPort();
    hb.usedBytes = m_ctx.store().replicaBytes();
    hb.capacityBytes = usableCapacityBytes(settings.capacityBytes, hb.usedBytes, replicaBook().disk());
    for (const state::ReplicaRecord& r : m_ctx.store().replicas())
        if (r.state == state::ReplicaState::Held)
            hb.held.append(r.objectId);
    hb.bytesServed = m_ctx.store().counter(QStringLiteral("bytes_served"));
    hb.dcAvailability = m_ctx.dcAvailability(); // from our health checks: the DC's model input A_dc
    hb.auditAnswers = std::exchange(m_auditAnswers, {});
    hb.masterPort = m_standby ? m_standby->port() : 0;
    // In an outage the heartbeat goes to a standby; a look at the DC itself each beat ends the outage as soon
    // as it answers (the next call goes to it again).
    if (dc->inOutage())
        dc->probeDc([](Status) {});
    // Signed with the node's key (its SHA-256 is the peer id), in increasing time (docs/replication.md).
    hb.publicKey = m_ctx.identity().publicKey();
    m_lastSignedAtMs = std::max(QDateTime::currentMSecsSinceEpoch(), m_lastSignedAtMs + 1);
    hb.signedAtMs = m_lastSignedAtMs;
    if (auto signature = m_ctx.identity().sign(hb.signingBytes()))
        hb.signature = *signature;
    m_inFlight = true;
    QPointer<Daemon> self(this);
    dc->setTimeoutMs(10000);
    dc->heartbeat(hb, [self, dc](Result<protocol::HeartbeatReply> reply) {
        if (!self)
            return;
        self->m_inFlight = false;
        if (!reply) {
            // DC and standbys away (or refusing): keep serving peers, try again with backoff.
            if (self->m_dcReachable)
                qWarning("heartbeat failed: %s (serving peers meanwhile, retrying)", qPrintable(reply.error().message));
            self->m_dcReachable = false;
            const int failures = std::min(dc->consecutiveFailures(), 5);
            self->scheduleHeartbeat(std::min(self->m_intervalMs, 1000 << failures));
            emit self->statusChanged();
            return;
        }
        const auto standby = dc->servingStandby();
        if (standby && self->m_servedBy != standby->peerId)
            qInfo("p2p mode: the data center does not answer; standby master %s (%s) serves",
                qPrintable(standby->peerId.left(12)), qPrintable(standby->base.toString()));
        else if (!standby && (!self->m_dcReachable || !self->m_servedBy.isEmpty()))
            qInfo("data center answers again");
        self->m_servedBy = standby ? standby->peerId : QString();
        self->m_dcReachable = true;
        self->onHeartbeat(*reply);
    });
}

void Daemon::onHeartbeat(const protocol::HeartbeatReply& reply)
{
    state::Store& store = m_ctx.store();
    // Caches of the DC's figures for `status`: the next heartbeat writes them again.
    logIfFailed(store.setSetting(QStringLiteral("cache/my_availability"), QString::number(reply.availability)), "cache");
    logIfFailed(store.setSetting(QStringLiteral("cache/mean_availability"), QString::number(reply.meanAvailability)), "cache");
    logIfFailed(store.setSetting(QStringLiteral("cache/online_peers"), QString::number(reply.onlinePeers)), "cache");
    rememberStandbys(store, reply.standbyMasters);
    startStandbyRole(reply);
    if (m_standby)
        m_standby->onPlan(reply.standbyMasters, std::max(1000, m_intervalMs / 2));
    if (m_standby)
        m_announcer.onPlan(m_ctx, reply.standbyMasters, m_standby->port());
    for (const protocol::Drop& d : reply.drops)
        drop(d.objectId);
    for (const protocol::AuditChallenge& c : reply.audits) // repeated until answered: answer each id once
        if (std::none_of(m_auditAnswers.cbegin(), m_auditAnswers.cend(), [&](const auto& a) { return a.id == c.id; })
            && m_auditAnswers.size() < protocol::kMaxAuditsPerHeartbeat)
            m_auditAnswers.append(answerAudit(c));
    for (const protocol::Assignment& a : reply.assignments)
        take(a.objectId, a.size);
    if (reply.watch)
        m_watch.update(*reply.watch, reply.groups, m_clock.elapsed());
    else
        m_watch.clear();
    // The DC answers again: uploads that stopped at a DC outage continue, and those made during it get their
    // DC copy. (An answer from a standby does not count: those uploads are done for the outage.)
    auto* dc = m_ctx.daemonDc();
    if (const auto unfinished = store.unfinishedUploads();
        dc && !dc->inOutage() && m_uploads.running() == 0 && unfinished && !unfinished->isEmpty())
        m_uploads.resumeUnfinished();
    if (dc && !dc->inOutage() && !reply.dcCopy.isEmpty())
        m_dcCopy->want(reply.dcCopy);
    if (m_opt.heartbeatIntervalMs <= 0 && reply.heartbeatInterval > 0)
        m_intervalMs = reply.heartbeatInterval * 1000;
    scheduleHeartbeat(m_intervalMs);
    watchGroups();
    if (m_running)
        m_watchTimer->start(m_intervalMs / 2);
    emit statusChanged();
}

// Runs the policy on the watched groups; for each group this node acts for that is short (or in surplus), asks
// the DC to re-plan it, at most once per heartbeat interval per group. The DC's answer shows in the next
// heartbeat (assignments to others, drops, the refreshed group).
void Daemon::watchGroups()
{
    auto* dc = m_ctx.daemonDc();
    if (!m_running || !dc || !m_ctx.account() || m_watch.size() == 0)
        return;
    const QString self = m_ctx.identity().peerId();
    for (const GroupWatch::Ask& ask : m_watch.due(self, m_clock.elapsed(), m_intervalMs)) {
        QPointer<Daemon> guard(this);
        dc->repair(ask.objectId, ask.request, [guard, id = ask.objectId](Result<protocol::RepairReply> r) {
            if (!guard)
                return;
            if (!r)
                return qWarning(
                    "repair request for %s failed: %s", qPrintable(id.left(12)), qPrintable(r.error().message));
            // Said once per request: the tests (and an operator) see which member acted for the group.
            qInfo("asked a re-plan of %s as its closest live holder: %s, %d assigned, %d dropped",
                qPrintable(id.left(12)), qPrintable(r->action), r->assigned, r->dropped);
        });
    }
}

// Proof of storage: the block the DC named and its sibling hashes, read from the replica we hold; an honest
// "cannot" when we no longer have it (the DC then withdraws the replica). Answered in the next heartbeat.
protocol::AuditAnswer Daemon::answerAudit(const protocol::AuditChallenge& c)
{
    protocol::AuditAnswer a { c.id, c.objectId, c.block, {}, {}, {} };
    const auto replica = m_ctx.store().replica(c.objectId);
    if (!replica || replica->state != state::ReplicaState::Held) {
        a.error = QStringLiteral("not held here");
        return a;
    }
    auto proof = transfer::proveBlock(m_ctx.store().cachedTorrent(c.objectId), replica->path, c.block);
    if (!proof) {
        qWarning("audit of %s failed here: %s", qPrintable(c.objectId.left(12)), qPrintable(proof.error().message));
        a.error = proof.error().message;
        return a;
    }
    a.data = proof->data;
    for (const util::Sha256Digest& d : proof->siblings)
        a.siblings.append(QByteArray(reinterpret_cast<const char*>(d.data()), int(d.size())));
    return a;
}

StoreReplicaBook Daemon::replicaBook() const
{
    return StoreReplicaBook(m_ctx.store(), m_ctx.replicasDir(), m_opt.diskOf);
}

void Daemon::take(const QString& objectId, qint64 size)
{
    const Intake intake = judgeAssignment(replicaBook(), objectId, size, m_fetching.contains(objectId));
    if (intake == Intake::DiskFull)
        qWarning("replica of %s (%s) not taken: the disk would keep less than its reserve free (5 %%, at least 1 GB)",
            qPrintable(objectId.left(12)), qPrintable(util::formatBytes(size)));
    if (intake != Intake::Take)
        return;
    const QString path = m_ctx.replicasDir() + u'/' + objectId + QStringLiteral("/object");
    qInfo("taking a replica of %s (%s) for its owner", qPrintable(objectId.left(12)), qPrintable(util::formatBytes(size)));
    logIfFailed(m_ctx.store().putReplica({ objectId, size, path, state::ReplicaState::Downloading, {} }), "daemon: replica record");
    auto* dc = m_ctx.daemonDc();
    DownloadJob::Params p;
    p.purpose = DownloadJob::Purpose::Replica;
    p.objectId = objectId;
    p.dcBase = dc ? dc->baseUrl() : QUrl();
    auto* job = new DownloadJob(m_ctx, p, this);
    m_fetching.insert(objectId, job);
    connect(job, &DownloadJob::finished, this,
        [this, job, objectId, size, path](bool ok, const Error& error, const QJsonObject& result) {
            m_fetching.remove(objectId);
            job->deleteLater();
            if (ok) {
                const api::GetReply got = api::GetReply::fromJson(result);
                qInfo("holding %s: %s from peers, %s from the DC", qPrintable(objectId.left(12)),
                    qPrintable(util::formatBytes(got.fromPeers)), qPrintable(util::formatBytes(got.fromDc)));
            } else
                qWarning("replica of %s not taken: %s", qPrintable(objectId.left(12)), qPrintable(error.message));
            if (ok)
                logIfFailed(m_ctx.store().putReplica({ objectId, size, path, state::ReplicaState::Held, {} }), "daemon: replica record");
            else
                logIfFailed(m_ctx.store().removeReplica(objectId), "daemon: replica record"); // the DC assigns it again if it still wants it
            emit statusChanged();
        });
    job->start();
}

void Daemon::drop(const QString& objectId)
{
    if (auto job = m_fetching.take(objectId))
        delete job.data();
    const auto r = m_ctx.store().replica(objectId);
    if (!r)
        return;
    qInfo("dropping the replica of %s (the DC no longer needs it here)", qPrintable(objectId.left(12)));
    if (auto* ts = m_ctx.jobTransfersIfRunning();
        ts && ts->torrents().contains(objectId) && !m_ctx.store().object(objectId))
        logIfFailed(ts->torrents().remove(objectId, true), "daemon: dropping a replica's torrent");
    QDir(QFileInfo(r->path).absolutePath()).removeRecursively();
    logIfFailed(m_ctx.store().removeReplica(objectId), "daemon: dropping a replica record");
    logIfFailed(m_ctx.store().removeResumeData(objectId), "daemon: dropping resume data");
}

} // namespace as::engine
