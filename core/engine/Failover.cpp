#include "core/engine/Failover.h"

#include "core/engine/LogStatus.h"
#include "core/crypto/Random.h"
#include "core/protocol/Json.h"
#include "core/state/Store.h"
#include "core/util/Encoding.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace as::engine {

namespace {
const QString kPlanKey = QStringLiteral("cache/standby_masters");
} // namespace

void rememberStandbys(state::Store& store, const QList<protocol::StandbyMaster>& plan)
{
    QJsonArray list;
    for (const protocol::StandbyMaster& s : plan)
        list.append(s.toJson());
    const QString text = QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact));
    if (store.setting(kPlanKey).value_or(QString()) != text)
        logIfFailed(store.setSetting(kPlanKey, text), "failover: caching the standby plan"); // the next heartbeat brings it again
}

QList<protocol::StandbyMaster> rememberedStandbys(const state::Store& store)
{
    QList<protocol::StandbyMaster> out;
    const QJsonArray list = QJsonDocument::fromJson(store.setting(kPlanKey).value_or(QString()).toUtf8()).array();
    for (const QJsonValue& v : list)
        if (auto s = protocol::StandbyMaster::fromJson(v.toObject()); s && s->port > 0)
            out.append(*s);
    return out;
}

dcclient::DcClient::Headers signRequest(const crypto::Identity& identity, const QString& account,
    const QByteArray& method, const QByteArray& target, const QByteArray& body)
{
    namespace h = protocol::signedhdr;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto random = crypto::randomBytes(16);
    const QByteArray nonce = (random ? *random : QByteArray::number(now)).toHex();
    auto signed_ = identity.sign(protocol::requestSigningBytes(method, target, account, now, nonce, body));
    const QByteArray signature = signed_ ? *signed_ : QByteArray();
    return { { h::kKey, toBase64Url(identity.publicKey()).toLatin1() }, { h::kAccount, account.toUtf8() },
        { h::kTime, QByteArray::number(now) }, { h::kNonce, nonce },
        { h::kSignature, toBase64Url(signature).toLatin1() } };
}

void configureFailover(dcclient::DcClient& client, const state::Store& store, const crypto::Identity& identity,
    const QString& account)
{
    // dc() is asked for often: only a changed plan or account is applied again.
    const QString key = account + u'\n' + store.setting(kPlanKey).value_or(QString());
    if (client.property("as_failover").toString() == key)
        return;
    client.setProperty("as_failover", key);
    QList<dcclient::DcClient::Standby> standbys;
    for (const protocol::StandbyMaster& s : rememberedStandbys(store)) {
        QUrl base;
        base.setScheme(QStringLiteral("http"));
        base.setHost(s.address);
        base.setPort(s.port);
        standbys.append({ s.peerId, base });
    }
    client.setStandbys(standbys);
    client.setRequestSigner([identity, account](const QByteArray& method, const QByteArray& target,
                                const QByteArray& body) { return signRequest(identity, account, method, target, body); });
}

} // namespace as::engine
