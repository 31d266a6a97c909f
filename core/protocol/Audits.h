#pragma once
// Proof of storage on the wire (docs/replication.md, "Proof of storage"). The DC names, in a heartbeat
// answer, blocks of replicas the node says it holds ("audits"); the node answers in its next heartbeat
// ("audit_answers") with each block and its sibling hashes up to the block's piece hash
// (core/transfer/BlockProof), which the DC checks against the object's torrent.
//
//   challenge: {"id": "<16-64 [0-9a-z]>", "object_id", "block"}
//   answer:    {"id", "object_id", "block", "data": base64url (<= 16 KiB), "siblings": [64-hex, <= 20]}
//              or {"id", "object_id", "block", "error": "..."} when the node cannot (it no longer holds it)
//
// Heartbeats are signed with the node's Ed25519 key, which binds a peer id to its key (peer id = SHA-256 of
// the public key): "public_key" (base64url, 32 bytes), "signed_at_ms" (the node's clock; the DC accepts
// each peer's heartbeats only in increasing order and within 10 minutes of its own clock) and "signature"
// (base64url, 64 bytes) over heartbeatSigningBytes().

#include "core/util/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace as::protocol {

inline constexpr int kMaxAuditsPerHeartbeat = 8;
inline constexpr int kMaxAuditSiblings = 20;
inline constexpr int kAuditBlockSize = 16 * 1024;

struct AuditChallenge {
    QString id;
    QString objectId;
    qint64 block = 0;
    QJsonObject toJson() const;
    static Result<AuditChallenge> fromJson(const QJsonObject& json);
};

struct AuditAnswer {
    QString id;
    QString objectId;
    qint64 block = 0;
    QByteArray data;
    QList<QByteArray> siblings; // 32 bytes each
    QString error; // set instead of data when the node cannot answer
    QJsonObject toJson() const;
    static Result<AuditAnswer> fromJson(const QJsonObject& json);
};

// What a heartbeat's signature covers: a fixed context string and the compact JSON of the body without its
// "signature" (QJsonObject orders keys, so both sides serialise it the same way).
QByteArray heartbeatSigningBytes(QJsonObject body);

} // namespace as::protocol
