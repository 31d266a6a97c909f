#pragma once
// Helpers shared by the outage suites (tests/outage): the cluster's DC arguments and node network, random
// content, polling, and requests signed like a node's (core/protocol/Master.h) with the key in a profile's
// identity.pem.
#include "core/crypto/Identity.h"
#include "core/protocol/Master.h"
#include "core/util/Encoding.h"
#include "tests/node/NodeProcess.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QMap>
#include <QRandomGenerator>
#include <QtTest>

#include <functional>

namespace as::test {

// The DC of the cluster suites: heartbeats every second (online grace 3 s), `standbys` standby masters, and a
// model that gives c = `minReplicas` when every node is always online (target 0.9, A_dc 0.5).
inline QStringList clusterDcArgs(int standbys, int minReplicas = 3)
{
    return { QStringLiteral("--heartbeat-interval"), QStringLiteral("1"), QStringLiteral("--standby-count"),
        QString::number(standbys), QStringLiteral("--replication-target"), QStringLiteral("0.9"),
        QStringLiteral("--dc-availability"), QStringLiteral("0.5"), QStringLiteral("--min-replicas"),
        QString::number(minReplicas) };
}

// A cluster node listens on `listenPort` and joins the swarm's DHT through the node on `bootstrapPort`.
inline bool configureNetwork(const Node& n, int listenPort, int bootstrapPort)
{
    return n.run({ QStringLiteral("config"), QStringLiteral("listen-port"), QString::number(listenPort) }).code == 0
        && n.run({ QStringLiteral("config"), QStringLiteral("dht-bootstrap"), QStringLiteral("127.0.0.1:%1").arg(bootstrapPort) })
               .code
        == 0;
}

inline QByteArray randomBytes(qsizetype n)
{
    QByteArray b(n, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(b.data()), n / 4);
    return b;
}

// Polls `done` with the event loop running until it holds or `ms` pass.
inline bool waitFor(const std::function<bool()>& done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) {
        if (done())
            return true;
        QTest::qWait(250);
    }
    return done();
}

inline QMap<QByteArray, QByteArray> signedHeaders(const crypto::Identity& id, const QString& account,
    const QByteArray& method, const QByteArray& target, const QByteArray& nonce, const QByteArray& body = {})
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QByteArray sig = id.sign(protocol::requestSigningBytes(method, target, account, now, nonce, body)).value();
    return { { protocol::signedhdr::kKey, toBase64Url(id.publicKey()).toLatin1() },
        { protocol::signedhdr::kAccount, account.toUtf8() }, { protocol::signedhdr::kTime, QByteArray::number(now) },
        { protocol::signedhdr::kNonce, nonce }, { protocol::signedhdr::kSignature, toBase64Url(sig).toLatin1() } };
}

// A fresh nonce for each signed request of a test run.
inline QByteArray nextNonce()
{
    static int n = 0;
    return QByteArray("0123456789abcdef") + QByteArray::number(++n).rightJustified(6, '0');
}

inline QString idOfLink(const QString& link) { return link.section(u'/', -1).section(u'#', 0, 0); }

} // namespace as::test
