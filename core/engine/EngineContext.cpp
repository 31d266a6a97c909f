#include "core/engine/EngineContext.h"
#include "core/engine/LogStatus.h"

#include "core/dcclient/DcClient.h"
#include "core/engine/Failover.h"
#include "core/engine/JobTransfers.h"
#include "core/link/ShareLink.h"
#include "core/state/Settings.h"
#include "core/transfer/TransferSession.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QTimer>

namespace as::engine {

EngineContext::EngineContext(QString profileDir, QObject* parent) : QObject(parent), m_dir(std::move(profileDir)) {}

EngineContext::~EngineContext()
{
    // A session still running here was not shut down cleanly; its destructor aborts libtorrent.
    delete m_session;
}

Status EngineContext::open()
{
    auto store = state::Store::open(m_dir);
    if (!store)
        return store.error();
    m_store = std::move(store).value();
    auto id = crypto::Identity::loadOrCreate(QDir(m_dir).filePath(QStringLiteral("identity.pem")));
    if (!id)
        return id.error();
    m_identity = std::move(id).value();
    return Status::success();
}

QString EngineContext::subDir(const QString& name) const
{
    const QString path = QDir(m_dir).filePath(name);
    if (!QDir(path).exists()) {
        QDir().mkpath(path);
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    return path;
}

void EngineContext::forgetOwnObject(const QString& id)
{
    if (m_session && m_session->torrents().contains(id))
        if (Status s = m_session->torrents().remove(id); !s)
            qWarning("cannot stop seeding %s: %s", qPrintable(id.left(12)), qPrintable(s.error().message));
    QFile::remove(QDir(subDir(QStringLiteral("objects"))).filePath(id));
    if (Status s = m_store->removeObject(id); !s)
        qWarning("cannot forget object %s: %s", qPrintable(id.left(12)), qPrintable(s.error().message));
}

QString EngineContext::replicasDir() const
{
    // The `contribution-dir` setting (checked by `config`) when set. Only new replicas go there: those
    // already held stay where their record says (replicas.path) and are seeded and dropped from there.
    const QString chosen = state::settingValue(*m_store, QStringLiteral("contribution-dir"));
    if (chosen.isEmpty())
        return subDir(QStringLiteral("replicas"));
    QDir().mkpath(chosen); // removed meanwhile: made again, or the download fails naming the folder
    return chosen;
}

dcclient::DcClient* EngineContext::dcFor(const QUrl& base)
{
    const QString key = base.toString();
    auto* c = m_dcs.value(key);
    if (!c) {
        c = new dcclient::DcClient(base, this);
        connect(c, &dcclient::DcClient::callFinished, this,
                [this, c](bool reachable, int latencyMs) { onDcCall(c, reachable, latencyMs); });
        m_dcs.insert(key, c);
    }
    // A link naming the account's own DC (a get by link) falls back on its standbys too (docs/outage.md).
    if (const auto acc = m_store->account(); acc && acc->dcUrl == key)
        configureFailover(*c, *m_store, *m_identity, acc->user);
    return c;
}

dcclient::DcClient* EngineContext::dc()
{
    const auto acc = m_store->account();
    const QString url = acc ? acc->dcUrl : state::settingValue(*m_store, QStringLiteral("dc"));
    if (url.isEmpty())
        return nullptr;
    auto* c = dcFor(QUrl(url)); // outage mode: with the standbys of the account's DC (docs/outage.md)
    c->setToken(acc && acc->dcUrl == url ? acc->token : QString());
    return c;
}

QStringList EngineContext::trackersFor(const QString& objectId)
{
    dcclient::DcClient* client = dc();
    return client ? client->announceUrls(objectId) : QStringList();
}

void EngineContext::resetDc()
{
    for (auto* c : std::as_const(m_dcs))
        c->setToken({});
}

Result<crypto::SecretKey> EngineContext::masterKey() const
{
    const auto acc = m_store->account();
    if (!acc)
        return makeError(ErrorCode::Unauthorized, QStringLiteral("not logged in: run 'login --dc URL USER' first"));
    return crypto::SecretKey::fromBytes(acc->masterKey);
}

dcclient::DcClient* EngineContext::currentDc() const
{
    const auto acc = m_store->account();
    const QString url = acc ? acc->dcUrl : state::settingValue(*m_store, QStringLiteral("dc"));
    return url.isEmpty() ? nullptr : m_dcs.value(QUrl(url).toString());
}

int EngineContext::dcHealthSamples() const
{
    // Enough recent samples answer without reading the week's table.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const int recent = int(m_store->healthSince(now.addSecs(-3600)).size());
    return recent >= 10 ? recent : int(m_store->healthSince(now.addDays(-7)).size());
}

void EngineContext::onDcCall(dcclient::DcClient* client, bool reachable, int latencyMs)
{
    // Only calls to this profile's own DC measure its availability: a mistyped address in the log-in
    // dialog ("connection refused") or another DC's share link counted as "our DC was down" and showed
    // 0 → 50 → 66.7 % for a DC that was up all along (issue 15).
    if (client != currentDc())
        return;
    // One health sample per 10 s is plenty for an availability figure and keeps the table small.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (reachable != m_lastHealthOk || now - m_lastHealthMs > 10000) {
        logIfFailed(m_store->recordHealth({QDateTime::currentDateTimeUtc(), reachable, latencyMs}), "DC health sample");
        m_lastHealthMs = now;
        m_lastHealthOk = reachable;
    }
    emit dcCallFinished(reachable);
}

Mode EngineContext::mode() const
{
    // The profile's DC only: a dead address tried once (a typo at log-in, a link to another DC) does not
    // put this node in peer-only mode for the rest of its life.
    const auto* c = currentDc();
    return c && (c->health().isDown() || c->inOutage()) ? Mode::P2p : Mode::Dc;
}

double EngineContext::dcAvailability() const
{
    return m_store->dcAvailability(QDateTime::currentDateTimeUtc().addDays(-7), 1.0);
}

void EngineContext::addCounter(const QString& key, qint64 delta)
{
    if (delta > 0)
        logIfFailed(m_store->addToCounter(key, delta), "byte counter");
}

Result<QString> EngineContext::shareLink(const QString& objectId) const
{
    const auto o = m_store->object(objectId);
    if (!o)
        return makeError(ErrorCode::NotFound, QStringLiteral("unknown object %1 (see 'ls')").arg(objectId));
    return link::formatShareLink(QUrl(o->dcUrl), o->id, o->fileKey);
}

namespace {
bool isLocalHost(const QString& hostPort)
{
    const QString host = hostPort.left(hostPort.lastIndexOf(u':'));
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress a(host);
    if (a.isNull())
        return false;
    // RFC 1918 ranges, loopback and link-local: a LAN or test swarm.
    return a.isLoopback() || a.isLinkLocal() || a.isInSubnet(QHostAddress(QStringLiteral("10.0.0.0")), 8) ||
           a.isInSubnet(QHostAddress(QStringLiteral("172.16.0.0")), 12) ||
           a.isInSubnet(QHostAddress(QStringLiteral("192.168.0.0")), 16);
}
} // namespace

Result<transfer::TransferSession*> EngineContext::transfers(const QUrl& dcHint)
{
    if (m_session)
        return m_session;
    const state::NodeSettings s = state::loadSettings(*m_store);
    transfer::SessionSettings ts;
    ts.listenPort = s.listenPort;
    QStringList boot = s.dhtBootstrap;
    // The routing table of earlier runs seeds the DHT (libtorrent's dht_state), so it comes up without
    // the configured routers; with none configured, the remembered nodes are all it starts from.
    ts.dhtNodes = m_store->dhtNodes(50);
    if (!boot.isEmpty() || !ts.dhtNodes.isEmpty())
        ts.dhtBootstrapNodes = boot;
    // A swarm that is all loopback/LAN (tests, a home network) runs in LAN mode: TCP only, several peers
    // per IP, DHT accepting private addresses. Bound to loopback when everything it knows is loopback.
    const QUrl dcUrl = s.dcUrl.isEmpty() ? dcHint : QUrl(s.dcUrl);
    bool allLocal = !boot.isEmpty() || !ts.dhtNodes.isEmpty() || !dcUrl.isEmpty();
    bool allLoopback = allLocal;
    for (const QString& n : boot + ts.dhtNodes) {
        allLocal = allLocal && isLocalHost(n);
        allLoopback = allLoopback && (n.startsWith(QLatin1String("127.")) || n.startsWith(QLatin1String("localhost:")));
    }
    if (!dcUrl.isEmpty()) {
        allLocal = allLocal && isLocalHost(dcUrl.host() + QStringLiteral(":1"));
        allLoopback = allLoopback && link::isLoopbackHost(dcUrl.host());
    }
    ts.lanMode = allLocal;
    if (allLoopback)
        ts.listenInterface = QStringLiteral("127.0.0.1");
    ts.limits = {int(s.uploadLimit), int(s.downloadLimit)};
    ts.alternativeLimits = {int(s.altUploadLimit), int(s.altDownloadLimit)};
    ts.useAlternativeLimits = s.slowMode;
    ts.resumeDir = subDir(QStringLiteral("resume"));
    ts.highPerformance = true;
    ts.statsIntervalMs = 500;
    auto* session = new transfer::TransferSession(ts, this);
    if (Status st = session->start(); !st) {
        delete session;
        return st.error();
    }
    m_session = session;
    m_sessionTransfers = new SessionTransfers(*session);
    m_servedBase = 0;
    // What the node remembers about the network for its next start (every CLI command is a new process).
    connect(session, &transfer::TransferSession::holderSeen, this, [this](const QString& id, const QString& endpoint) {
        logIfFailed(m_store->addHolder(id, endpoint, QDateTime::currentDateTimeUtc()), "known holders");
    });
    connect(session, &transfer::TransferSession::peerBanned, this, [this](const QString& id, const QString& endpoint) {
        logIfFailed(m_store->forgetHolder(id, endpoint), "known holders");
    });
    connect(session, &transfer::TransferSession::dhtNodesUpdated, this,
            [this](const QStringList& nodes) { logIfFailed(m_store->saveDhtNodes(nodes, QDateTime::currentDateTimeUtc()), "DHT nodes"); });
    connect(session, &transfer::TransferSession::statsUpdated, this, [this, session]() {
        if (session != m_session)
            return; // a late update from a session being shut down
        const qint64 up = session->totals().uploaded;
        addCounter(QStringLiteral("bytes_served"), up - m_servedBase);
        m_servedBase = std::max(m_servedBase, up);
    });
    return m_session;
}

dcclient::JobDc* EngineContext::jobDc()
{
    if (m_fakeDc)
        return m_fakeDc;
    return dc();
}

dcclient::DaemonDc* EngineContext::daemonDc()
{
    if (m_fakeDc)
        return m_fakeDc;
    return dc();
}

dcclient::JobDc* EngineContext::jobDcFor(const QUrl& base)
{
    if (m_fakeDc)
        return m_fakeDc;
    return dcFor(base);
}

Result<JobTransfers*> EngineContext::jobTransfers(const QUrl& dcHint)
{
    if (m_fakeTransfers)
        return m_fakeTransfers;
    auto session = transfers(dcHint);
    if (!session)
        return session.error();
    return static_cast<JobTransfers*>(m_sessionTransfers);
}

JobTransfers* EngineContext::jobTransfersIfRunning()
{
    if (m_fakeTransfers)
        return m_fakeTransfers;
    return m_session ? m_sessionTransfers : nullptr;
}

void EngineContext::applyBandwidth()
{
    if (!m_session)
        return;
    const state::NodeSettings s = state::loadSettings(*m_store);
    m_session->bandwidth().setLimits({int(s.uploadLimit), int(s.downloadLimit)});
    m_session->bandwidth().setAlternativeLimits({int(s.altUploadLimit), int(s.altDownloadLimit)});
    m_session->bandwidth().setAlternativeLimitsEnabled(s.slowMode);
}

void EngineContext::shutdownTransfers(std::function<void()> done)
{
    if (!m_session) {
        done();
        return;
    }
    transfer::TransferSession* s = m_session;
    addCounter(QStringLiteral("bytes_served"), s->totals().uploaded - m_servedBase);
    m_session = nullptr;
    m_sessionTransfers = nullptr; // deleted with the session
    connect(s, &transfer::TransferSession::stopped, this, [s, done]() {
        s->deleteLater();
        done();
    });
    s->shutdown(4000);
}

} // namespace as::engine
