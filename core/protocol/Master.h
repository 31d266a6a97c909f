#pragma once
// The standby-master protocol (docs/outage.md): the DC's signed metadata change log that standbys pull
// (GET /api/v1/master/log?since=N), and signed requests, by which nodes speak to a standby (and standbys to
// the DC's /api/v1/master/*) without passwords or tokens.
//
//   log page: {"server_id", "public_key": base64url(32), "last_seq", "more": bool,
//              "entries": [{"seq", "kind", "body": {...}, "signature": base64url(64)}]}
//
// Each entry is signed by the DC server's Ed25519 key over logSigningBytes(seq, kind, body), so a standby
// (or whoever reads from one) cannot forge or reorder one.

#include "core/util/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace as::protocol {

inline constexpr int kMaxLogPage = 500; // entries per page
inline constexpr qint64 kMaxLogPageBytes = 16LL << 20; // one page's JSON, as a client accepts it

// Entry kinds and their bodies (base64url for bytes):
//   account  {"username", "public_key", "created_at"}            (never auth or token hashes)
//   object   {"id", "owner", "size", "piece_length", "state", "created_at", "sealed_metadata",
//             "wrapped_file_key", "v1_hash", "v2_short", "torrent"}
//   state    {"id", "state"}
//   delete   {"id"}
//   peer     {"peer_id", "owner", "address", "port", "master_port"}
//   holdings {"peer_id", "added": [ids], "removed": [ids]}
//   link     {"link_hash", "object_id", "created_at", "expires_at", "revoked_at"}  a share link as created or
//            revoked; link_hash = hex SHA-256 of the link id (the link id itself is never in the log)
namespace logkind {
inline constexpr const char* kAccount = "account";
inline constexpr const char* kObject = "object";
inline constexpr const char* kState = "state";
inline constexpr const char* kDelete = "delete";
inline constexpr const char* kPeer = "peer";
inline constexpr const char* kHoldings = "holdings";
inline constexpr const char* kLink = "link";
} // namespace logkind

QByteArray logSigningBytes(qint64 seq, const QString& kind, const QJsonObject& body);

struct LogEntry {
    qint64 seq = 0;
    QString kind;
    QJsonObject body;
    QByteArray signature;
    QJsonObject toJson() const;
    static Result<LogEntry> fromJson(const QJsonObject& json);
};

struct LogPage {
    QString serverId;
    QByteArray publicKey;
    qint64 lastSeq = 0; // the DC's newest entry
    bool more = false; // entries after this page's last one exist
    QList<LogEntry> entries;
    QJsonObject toJson() const;
    static Result<LogPage> fromJson(const QJsonObject& json);
};

// A signed request: these headers, the signature over requestSigningBytes(). The key's SHA-256 is the
// caller's peer id; `account` (may be empty for /master/*) is the user the node acts for.
namespace signedhdr {
inline constexpr const char* kKey = "X-AS-Key";
inline constexpr const char* kAccount = "X-AS-Account";
inline constexpr const char* kTime = "X-AS-Time";
inline constexpr const char* kNonce = "X-AS-Nonce";
inline constexpr const char* kSignature = "X-AS-Signature";
} // namespace signedhdr
inline constexpr qint64 kSignedRequestSkewMs = 5 * 60 * 1000; // accepted clock difference, and nonce memory

QByteArray requestSigningBytes(const QByteArray& method, const QByteArray& target, const QString& account,
    qint64 timeMs, const QByteArray& nonce, const QByteArray& body);

// A change a standby accepted during an outage, kept as the user's signed request so that the DC can check
// who made it (docs/outage.md "Hand-back"). Its signature covers requestSigningBytes() of these fields.
struct SignedChange {
    QByteArray method; // POST (registration) or DELETE
    QByteArray target; // path as signed
    QString account;
    QByteArray publicKey; // 32 bytes
    qint64 timeMs = 0;
    QByteArray nonce;
    QByteArray signature; // 64 bytes
    QByteArray body;
    bool verify() const; // the signature checks under publicKey
    QJsonObject toJson() const;
    static Result<SignedChange> fromJson(const QJsonObject& json);
};

// POST /api/v1/master/merge (signed by the standby's node key) → 200 MergeReply.
inline constexpr int kMaxMergeChanges = 200;
struct MergeRequest {
    QString serverId; // the DC server whose outage these changes belong to
    QList<SignedChange> changes;
    QJsonObject toJson() const;
    static Result<MergeRequest> fromJson(const QJsonObject& json);
};
struct MergeReply {
    int applied = 0; // changes that changed the DC
    int unchanged = 0; // already applied (a merge sent twice, or by two standbys)
    QStringList rejected; // one reason per refused change
    QJsonObject toJson() const;
    static Result<MergeReply> fromJson(const QJsonObject& json);
};

} // namespace as::protocol
