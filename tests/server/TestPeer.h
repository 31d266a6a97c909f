#pragma once
// A node's identity for tests that speak to the DC directly: heartbeats must be signed with the node's key,
// whose SHA-256 is the peer id (docs/replication.md, "Proof of storage").

#include "core/crypto/Identity.h"

#include <QJsonObject>
#include <QString>

namespace as::test {

class TestPeer {
public:
    TestPeer();
    QString peerId() const { return m_identity.peerId(); }
    // `body` with this peer's id, public key, a signing time later than any before and the signature.
    QJsonObject sign(QJsonObject body);
    const crypto::Identity& identity() const { return m_identity; }

private:
    crypto::Identity m_identity;
    qint64 m_lastMs = 0;
};

} // namespace as::test
