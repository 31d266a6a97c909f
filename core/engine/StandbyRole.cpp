#include "core/engine/StandbyRole.h"

#include "core/engine/LogStatus.h"
#include "core/dcclient/DcClient.h"
#include "core/engine/EngineContext.h"
#include "server/DcServer.h"
#include "server/master/LogApplier.h"
#include "server/store/MetadataStore.h"

#include <QPointer>
#include <QTimer>

namespace as::engine {

namespace {
const QString kPortKey = QStringLiteral("cache/master_port");
}

StandbyRole::StandbyRole(EngineContext& ctx, QObject* parent)
    : QObject(parent)
    , m_ctx(ctx)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &StandbyRole::pull);
}

StandbyRole::~StandbyRole()
{
    stop();
}

Status StandbyRole::start(
    const QString& host, int heartbeatIntervalSeconds, const std::optional<protocol::WatchParams>& watch)
{
    if (m_server)
        return {};
    server::DcConfig config;
    config.standby = true;
    config.host = host;
    config.dataDir = m_ctx.subDir(QStringLiteral("standby"));
    config.threads = 8; // a standby answers a few nodes, not the population
    // It plans as the DC would: the DC's interval (orphan scans, online grace) and policy knobs; A_dc stays the
    // DC's long-run figure during the outage (docs/replication.md "During an outage").
    config.heartbeatIntervalSeconds = std::max(1, heartbeatIntervalSeconds);
    if (watch) {
        config.replicationTarget = watch->target;
        config.minReplicas = watch->minReplicas;
        config.dcAvailability = watch->dcAvailability;
        config.detectorTimeScale = watch->timeScale;
    }
    // The same port as last time when free, so the plan nodes cached stays right across restarts.
    const int wanted = m_ctx.store().setting(kPortKey).value_or(QString()).toInt();
    std::unique_ptr<server::DcServer> srv;
    Result<int> port = makeError(ErrorCode::Unavailable, QStringLiteral("standby port not bound"));
    for (int tryPort : { wanted, 0 }) {
        if (tryPort < 0 || (tryPort == 0 && port))
            continue;
        config.port = tryPort;
        auto created = server::DcServer::create(config);
        if (!created)
            return created.error();
        srv = std::move(*created);
        port = srv->bind();
        if (port)
            break;
    }
    if (!port)
        return port.error();
    m_port = *port;
    // Unsaved, the next start picks another port: heartbeats tell the DC the new one.
    logIfFailed(m_ctx.store().setSetting(kPortKey, QString::number(m_port)), "standby: saving the port");
    m_appliedSeq = server::appliedSequence(srv->store());
    m_server = std::move(srv);
    server::DcServer* s = m_server.get();
    m_thread = std::thread([s] { logIfFailed(s->run(), "standby: the server stopped"); });
    return {};
}

void StandbyRole::stop()
{
    m_timer->stop();
    if (m_server)
        m_server->stop();
    if (m_thread.joinable())
        m_thread.join();
    m_server.reset();
    m_named = false;
}

void StandbyRole::onPlan(const QList<protocol::StandbyMaster>& plan, int pullIntervalMs)
{
    if (!m_server)
        return;
    m_server->setStandbyPlan(plan);
    m_pullIntervalMs = std::max(500, pullIntervalMs);
    const QString self = m_ctx.identity().peerId();
    const bool named = std::any_of(plan.cbegin(), plan.cend(), [&](const auto& s) { return s.peerId == self; });
    if (named && !m_named)
        qInfo("named a standby master of the data center: pulling its change log from entry %lld",
            static_cast<long long>(m_appliedSeq + 1));
    if (!named && m_named)
        qInfo("no longer a standby master");
    m_named = named;
    if (!m_inFlight && !m_timer->isActive())
        m_timer->start(0);
}

bool StandbyRole::handBack()
{
    auto* dc = m_ctx.dc();
    auto changes = m_server->store().outageChanges(protocol::kMaxMergeChanges);
    if (!dc || dc->inOutage() || !changes || changes->isEmpty())
        return false;
    protocol::MergeRequest request;
    qint64 last = 0;
    for (const auto& [seq, json] : *changes) {
        last = seq;
        if (auto c = protocol::SignedChange::fromJson(json))
            request.changes.append(*c);
    }
    m_inFlight = true;
    QPointer<StandbyRole> self(this);
    dc->merge(request, [self, last](Result<protocol::MergeReply> reply) {
        if (!self)
            return;
        self->m_inFlight = false;
        if (!reply) {
            qWarning("standby: hand-back to the data center failed: %s", qPrintable(reply.error().message));
            return self->m_timer->start(self->m_pullIntervalMs);
        }
        qInfo("standby: handed back to the data center: %d applied, %d already there, %d refused", reply->applied,
            reply->unchanged, int(reply->rejected.size()));
        for (const QString& why : reply->rejected)
            qWarning("standby: refused by the data center: %s", qPrintable(why));
        // Unforgotten, they are sent again and the DC answers them as unchanged.
        logIfFailed(self->m_server->store().forgetOutageChanges(last), "standby: forgetting handed-back changes");
        self->m_timer->start(0);
    });
    return true;
}

// One page at a time; the next at once while the DC has more, else after the interval. Each entry is checked
// against the DC's key and the sequence before it touches the replica (server/master/LogApplier.h).
void StandbyRole::pull()
{
    auto* dc = m_ctx.dc();
    if (!m_server || !dc || m_inFlight)
        return;
    if (dc->inOutage())
        return m_timer->start(m_pullIntervalMs); // the DC is away: nothing to pull, this standby serves
    if (handBack())
        return;
    if (!m_named)
        return;
    m_inFlight = true;
    QPointer<StandbyRole> self(this);
    dc->masterLog(m_appliedSeq, [self](Result<protocol::LogPage> page) {
        if (!self)
            return;
        self->m_inFlight = false;
        if (!page) {
            if (page.error().code == ErrorCode::Forbidden)
                self->m_named = false; // the DC no longer names us; the next heartbeat answer says again
            else
                self->m_timer->start(self->m_pullIntervalMs);
            return;
        }
        auto outcome = server::applyLogPage(self->m_server->store(), *page);
        if (!outcome) {
            qWarning("standby: change log rejected: %s", qPrintable(outcome.error().message));
            return self->m_timer->start(self->m_pullIntervalMs);
        }
        self->m_appliedSeq = outcome->appliedSeq;
        if (outcome->applied > 0) // for status --json (standby_log_seq)
            logIfFailed(self->m_ctx.store().setSetting(
                QStringLiteral("cache/standby_log_seq"), QString::number(outcome->appliedSeq)),
                "standby: saving the log position");
        self->m_timer->start(page->more ? 0 : self->m_pullIntervalMs);
    });
}

} // namespace as::engine
