#include "core/engine/StandbyDiscovery.h"

#include "core/engine/EngineContext.h"
#include "core/engine/Failover.h"
#include "core/transfer/TransferSession.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace as::engine {

namespace {
const QByteArray kKeyPrefix = QByteArrayLiteral("amazingstore standby v1\n");
constexpr int kProbeTimeoutMs = 2000;
constexpr int kAskAgainMs = 500;
constexpr qint64 kFirstRenewMs = 20'000;  // the routing table is still growing right after the start
constexpr qint64 kRenewMs = 5 * 60'000;   // well inside the DHT's 30 minutes

QByteArray sha1(const QByteArray& text)
{
    return QCryptographicHash::hash(kKeyPrefix + text, QCryptographicHash::Sha1);
}
} // namespace

QByteArray standbyKeyForDc(const QUrl& dcBase)
{
    QUrl u;
    u.setScheme(dcBase.scheme().toLower());
    u.setHost(dcBase.host().toLower());
    u.setPort(dcBase.port());
    return sha1(u.toString().toUtf8());
}

QByteArray standbyKeyForServer(const QString& serverId)
{
    return sha1(serverId.toLower().toUtf8());
}

void StandbyAnnouncer::onPlan(EngineContext& ctx, const QList<protocol::StandbyMaster>& plan, int standbyPort)
{
    const auto acc = ctx.account();
    transfer::TransferSession* session = ctx.transfersIfRunning();
    if (!acc || !session || !session->isDhtReady() || standbyPort <= 0)
        return;
    QList<QByteArray> keys;
    const QString self = ctx.identity().peerId();
    for (const protocol::StandbyMaster& s : plan)
        if (s.peerId == self && !s.serverId.isEmpty())
            keys.append(standbyKeyForServer(s.serverId));
    if (keys.isEmpty())
        return; // not named: nothing to announce (what was announced expires in the DHT)
    keys.append(standbyKeyForDc(QUrl(acc->dcUrl)));
    QString text = QString::number(standbyPort);
    for (const QByteArray& k : keys)
        text += u' ' + QString::fromLatin1(k.toHex());
    static QElapsedTimer clock;
    if (!clock.isValid())
        clock.start();
    const qint64 now = clock.elapsed();
    const qint64 every = m_count < 3 ? kFirstRenewMs : kRenewMs;
    if (text == m_keys && m_lastMs >= 0 && now - m_lastMs < every)
        return;
    if (text != m_keys)
        qInfo("announcing standby port %d in the DHT (standby discovery)", standbyPort);
    m_keys = text;
    m_lastMs = now;
    ++m_count;
    for (const QByteArray& k : keys)
        session->dhtAnnounce(k, standbyPort);
}

void StandbyDiscovery::run(EngineContext& ctx, const QUrl& dcBase, Found done)
{
    auto* d = new StandbyDiscovery(ctx, dcBase, std::move(done));
    auto session = ctx.transfers(dcBase);
    if (!session || !(*session)->settings().dht)
        return d->finish();
    d->lookUp();
}

StandbyDiscovery::StandbyDiscovery(EngineContext& ctx, const QUrl& dcBase, Found done)
    : QObject(&ctx), m_ctx(ctx), m_dcBase(dcBase), m_done(std::move(done))
{
}

void StandbyDiscovery::lookUp()
{
    transfer::TransferSession* session = m_ctx.transfersIfRunning();
    if (!session)
        return finish();
    m_key = standbyKeyForDc(m_dcBase);
    connect(session, &transfer::TransferSession::dhtPeersFound, this,
        [this](const QByteArray& key, const QStringList& endpoints) {
            if (key != m_key || m_probing)
                return;
            for (const QString& e : endpoints)
                if (!m_addresses.contains(e) && m_addresses.size() < kMaxAddresses)
                    m_addresses.append(e);
        });
    // Asked again every half second: replies come from the nodes closest to the key, which a young routing table
    // may not know yet.
    auto* ask = new QTimer(this);
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    connect(ask, &QTimer::timeout, this, [this, session, ask, clock]() {
        const qint64 ms = clock->elapsed();
        if ((ms >= kLookupMs && !m_addresses.isEmpty()) || ms >= kLookupMaxMs) {
            ask->stop();
            return probe();
        }
        session->dhtGetPeers(m_key);
    });
    ask->start(kAskAgainMs);
    session->dhtGetPeers(m_key);
}

void StandbyDiscovery::probe()
{
    m_probing = true;
    qInfo("standby discovery: %lld address(es) announced under the data center's key",
        static_cast<long long>(m_addresses.size()));
    if (m_addresses.isEmpty())
        return finish();
    m_pending = int(m_addresses.size());
    for (const QString& address : std::as_const(m_addresses)) {
        const QUrl base(QStringLiteral("http://") + address);
        if (!base.isValid() || base.port() <= 0) {
            if (--m_pending == 0)
                finish();
            continue;
        }
        auto* client = new dcclient::DcClient(base, this);
        client->setTimeoutMs(kProbeTimeoutMs);
        client->setRetryPolicy({ .attempts = 1 });
        client->checkHealth([this, client, address, base](Result<protocol::HealthInfo> health) {
            client->deleteLater();
            if (health && health->role == QLatin1String("standby") && !health->serverId.isEmpty())
                m_answers.append({ health->serverId, { address, base } });
            else
                qInfo("standby discovery: %s is not a standby master (%s)", qPrintable(address),
                    qPrintable(health ? QStringLiteral("role ") + health->role : health.error().message));
            if (--m_pending == 0)
                finish();
        });
    }
}

void StandbyDiscovery::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    // One DC server's standbys: those naming the server id most of them name (a liar alone cannot steer).
    QHash<QString, int> votes;
    for (const Answer& a : std::as_const(m_answers))
        ++votes[a.serverId];
    QString serverId;
    for (auto it = votes.cbegin(); it != votes.cend(); ++it)
        if (serverId.isEmpty() || it.value() > votes.value(serverId))
            serverId = it.key();
    QList<dcclient::DcClient::Standby> found;
    for (const Answer& a : std::as_const(m_answers))
        if (a.serverId == serverId)
            found.append(a.standby);
    qInfo("standby discovery: %lld standby master(s) answered", static_cast<long long>(found.size()));
    Found done = std::move(m_done);
    deleteLater();
    if (done)
        done(found);
}

void resolveLinkDiscovering(EngineContext& ctx, const QUrl& dcBase, const QString& linkId,
    dcclient::Done<protocol::LinkResolution> done)
{
    QPointer<dcclient::DcClient> client = ctx.dcFor(dcBase);
    QPointer<EngineContext> context(&ctx);
    client->resolveLink(linkId, [client, context, dcBase, linkId, done](Result<protocol::LinkResolution> r) {
        if (r || r.error().code != ErrorCode::Unavailable || !client || !context || client->hasStandbys())
            return done(std::move(r));
        qInfo("the data center does not answer and this profile knows no standby master: looking in the DHT");
        StandbyDiscovery::run(*context, dcBase, [client, context, linkId, done, r](auto found) {
            if (found.isEmpty() || !client || !context)
                return done(r);
            client->setStandbys(found);
            const auto acc = context->account();
            if (!client->hasSigner() || !acc || QUrl(acc->dcUrl) != client->baseUrl()) {
                // A profile without an account there: a link's resolution needs no account.
                const crypto::Identity identity = context->identity();
                const QString account = acc && QUrl(acc->dcUrl) == client->baseUrl() ? acc->user : QString();
                client->setRequestSigner([identity, account](const QByteArray& m, const QByteArray& t,
                                             const QByteArray& b) { return signRequest(identity, account, m, t, b); });
            }
            client->resolveLink(linkId, done);
        });
    });
}

} // namespace as::engine
