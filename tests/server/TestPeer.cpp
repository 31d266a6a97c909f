#include "tests/server/TestPeer.h"

#include "core/protocol/Audits.h"
#include "core/util/Encoding.h"

#include <QDateTime>

namespace as::test {

TestPeer::TestPeer()
    : m_identity(*crypto::Identity::generate())
{ }

QJsonObject TestPeer::sign(QJsonObject body)
{
    m_lastMs = std::max(QDateTime::currentMSecsSinceEpoch(), m_lastMs + 1);
    body.insert(QStringLiteral("peer_id"), peerId());
    body.insert(QStringLiteral("public_key"), toBase64Url(m_identity.publicKey()));
    body.insert(QStringLiteral("signed_at_ms"), m_lastMs);
    body.remove(QStringLiteral("signature"));
    body.insert(QStringLiteral("signature"), toBase64Url(*m_identity.sign(protocol::heartbeatSigningBytes(body))));
    return body;
}

} // namespace as::test
