#pragma once
// Helpers shared by the outage suites (tests/outage): the cluster set-up (tests/node/Cluster.h), and requests signed like a node's (core/protocol/Master.h) with the key in a profile's
// identity.pem.
#include "core/crypto/Identity.h"
#include "core/protocol/Master.h"
#include "core/util/Encoding.h"
#include "tests/node/Cluster.h"

#include <QDateTime>
#include <QMap>

namespace as::test {

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
