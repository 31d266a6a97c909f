#pragma once
// The DC's metadata: accounts, sessions, objects, upload progress, peers and their holdings. An interface so
// that a PostgreSQL backend can take SQLite's place when the DC runs as several servers (docs/design.md §4); the one
// implementation today is SqlMetadataStore (QtSql, portable SQL, numbered migrations).
//
// Every method may be called from any thread; implementations keep one connection per thread.

#include "core/protocol/Master.h"
#include "core/protocol/Objects.h"
#include "core/protocol/Peers.h"
#include "core/protocol/Links.h"
#include "core/protocol/Grants.h"
#include "core/util/Result.h"

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <functional>

namespace as::server {

struct AccountRecord {
    QString username;
    QString authHash; // "scrypt$N$r$p$salt$hash", see auth/PasswordHash.h
    QByteArray salt; // the client's KDF salt (not the scrypt salt above)
    QString kdf;
    QByteArray wrappedMasterKey;
    QByteArray publicKey;
    qint64 createdAt = 0;
};

struct ObjectRecord {
    QString id;
    QString owner;
    qint64 size = 0;
    qint64 pieceLength = 0;
    QString state; // protocol::kStateUploading / kStateAvailable
    qint64 createdAt = 0;
    QByteArray sealedMetadata;
    QByteArray wrappedFileKey;
    QString v1Hash; // 40 hex: the hybrid torrent's SHA-1 info-hash
    QString v2Short; // 40 hex: the v2 info-hash truncated to 20 bytes, as announced by libtorrent
    int replicas = 0; // filled by reads: known holders
};

struct PeerRecord {
    QString peerId;
    QString owner;
    QString address;
    int port = 0;
    qint64 capacityBytes = 0;
    qint64 usedBytes = 0;
    qint64 bytesServed = 0;
    qint64 firstSeen = 0;
    qint64 lastSeen = 0;
    int heldReplicas = 0;
    int masterPort = 0; // where it serves as a standby master; 0: it does not
};

struct PeerReport { // one heartbeat, as stored
    QString owner;
    QString peerId;
    QString address;
    int port = 0;
    qint64 capacityBytes = 0;
    qint64 usedBytes = 0;
    qint64 bytesServed = 0;
    QStringList held;
    int masterPort = 0;
};

// A peer's proof-of-storage record (server/replication/AuditBook), kept across DC restarts.
struct AuditRecord {
    QString peerId;
    int passes = 0;
    int strikes = 0;
    bool expelled = false;
    QStringList withdrawn; // saveAuditRecord: objects newly withdrawn; auditRecords: all of them
};

struct StoreStats {
    qint64 objectsAvailable = 0;
    qint64 objectsUploading = 0;
    qint64 storedBytes = 0; // sum of sizes of available objects
    qint64 peersOnline = 0;
    qint64 accounts = 0;
};

class MetadataStore {
public:
    virtual ~MetadataStore() = default;

    virtual Status migrate() = 0;
    virtual Result<QString> meta(const QString& key) = 0; // NotFound if absent
    virtual Status setMetaIfAbsent(const QString& key, const QString& value) = 0;

    // Accounts and sessions. Token hashes are hex SHA-256 of the token; tokens themselves are never stored.
    virtual Status createAccount(const AccountRecord& account) = 0; // AlreadyExists
    virtual Result<AccountRecord> account(const QString& username) = 0;
    virtual Result<QString> anyKdf() = 0;
    virtual Status createSession(const QString& tokenHash, const QString& username, qint64 expiresAt) = 0;
    // The username and expiry of a live session; NotFound when unknown or expired.
    virtual Result<std::pair<QString, qint64>> sessionUser(const QString& tokenHash, qint64 now) = 0;
    virtual Status deleteSession(const QString& tokenHash) = 0;
    virtual Status purgeExpiredSessions(qint64 now) = 0;

    // Objects. createObject fails with AlreadyExists when the id is taken.
    virtual Status createObject(const ObjectRecord& object, const QByteArray& torrent) = 0;
    virtual Result<ObjectRecord> object(const QString& id) = 0;
    virtual Result<QByteArray> torrent(const QString& id) = 0;
    virtual Result<QList<ObjectRecord>> objectsOf(const QString& owner) = 0;
    virtual Result<QString> objectByInfoHash(const QString& hex40) = 0; // v1 or truncated v2
    virtual Status deleteObject(const QString& id) = 0;
    virtual Result<QStringList> uploadingObjects() = 0;
    virtual Status markAvailable(const QString& id) = 0;

    // Upload progress: coalesced [offset, offset+length) ranges received and fsync'd.
    virtual Result<QList<protocol::ByteRange>> receivedRanges(const QString& id) = 0;
    virtual Status addReceivedRange(const QString& id, const protocol::ByteRange& range) = 0;
    virtual Status removeReceivedRanges(const QString& id, const QList<protocol::ByteRange>& ranges) = 0;

    // Peers. recordHeartbeat fails with Conflict when the peer id belongs to another account. A heartbeat
    // within `grace` seconds of the previous one extends the peer's current online session.
    virtual Status recordHeartbeat(const PeerReport& report, qint64 now, qint64 grace) = 0;
    virtual Result<QList<PeerRecord>> peersOf(const QString& owner) = 0;
    virtual Result<QSet<QString>> heldBy(const QString& peerId) = 0; // the holdings recorded for a peer
    // Sessions overlapping [since, now], newest first.
    virtual Result<QList<protocol::Session>> sessionsOf(const QString& peerId, qint64 since, int limit) = 0;
    // All sessions of all peers overlapping [since, ∞) with each peer's first_seen: for the population mean.
    struct PeerSessions {
        QString peerId;
        qint64 firstSeen = 0;
        QList<protocol::Session> sessions;
    };
    virtual Result<QList<PeerSessions>> allSessionsSince(qint64 since) = 0;
    virtual Result<QList<protocol::Holder>> holdersOf(const QString& objectId, qint64 now, qint64 grace) = 0;
    // Replication planning (server/replication): every peer (heldReplicas left 0), and available objects
    // (id, owner, size) that no peer seen since `onlineSince` holds — the groups only the DC can act for.
    virtual Result<QList<PeerRecord>> allPeers() = 0;
    virtual Result<QList<ObjectRecord>> objectsWithoutLiveHolder(qint64 onlineSince, int limit) = 0;

    // The DC's own uptime record, for dc_availability.
    virtual Status recordDcAlive(qint64 runStart, qint64 now) = 0;
    virtual Result<QList<protocol::Session>> dcRunsSince(qint64 since) = 0;

    virtual Result<StoreStats> stats(qint64 now, qint64 grace) = 0;

    // Proof of storage. Counts only grow: an older snapshot saved after a newer one changes nothing.
    virtual Status saveAuditRecord(const AuditRecord& record) = 0;
    virtual Result<QList<AuditRecord>> auditRecords() = 0;

    // The metadata change log (docs/outage.md). With a signer set (the DC), every change a standby needs is
    // appended, signed, in the transaction that makes it; without one (a standby's replica) nothing is logged.
    using LogSigner = std::function<QByteArray(const QByteArray& signingBytes)>;
    virtual void setLogSigner(LogSigner signer) = 0;
    virtual Result<QList<protocol::LogEntry>> logSince(qint64 seq, int limit) = 0; // entries with seq > `seq`
    virtual Result<qint64> lastLogSeq() = 0;
    // Replica maintenance (a standby applying the log): idempotent, so an entry applied twice is harmless.
    virtual Status setMeta(const QString& key, const QString& value) = 0;
    virtual Status applyPeer(const PeerRecord& peer) = 0; // directory entry: owner, address, ports
    virtual Status changeHoldings(const QString& peerId, const QStringList& added, const QStringList& removed) = 0;
    // A standby's changes during an outage (protocol::SignedChange as JSON), oldest first, for the hand-back.
    virtual Status recordOutageChange(const QJsonObject& change) = 0;
    virtual Result<QList<std::pair<qint64, QJsonObject>>> outageChanges(int limit) = 0;
    virtual Status forgetOutageChanges(qint64 upToSeq) = 0;
    // Share links (docs/sharing.md): one row per link id; revoked links stay, marked, for the owner's list.
    virtual Status createLink(const protocol::LinkInfo& link, const QString& owner) = 0;
    virtual Result<protocol::LinkInfo> link(const QString& linkId) = 0; // NotFound
    virtual Result<QString> linkOwner(const QString& linkId) = 0; // NotFound
    virtual Result<QList<protocol::LinkInfo>> linksOf(const QString& owner) = 0; // newest first
    virtual Result<int> linkCountOf(const QString& objectId) = 0;
    virtual Status revokeLink(const QString& linkId, qint64 now) = 0; // no-op if already revoked
    virtual Status revokeLinksOf(const QString& objectId, qint64 now) = 0;
    virtual Status countLinkUse(const QString& linkId, qint64 now) = 0;
    // Sharing to a named user (docs/sharing.md): account key pairs and grants. A grant read here carries its
    // object's size, state and sealed metadata; grants of deleted objects are not returned.
    virtual Status setAccountKeys(const QString& user, const protocol::AccountKeys& keys, qint64 now) = 0; // AlreadyExists
    virtual Result<protocol::AccountKeys> accountKeys(const QString& user) = 0; // NotFound
    virtual Status putGrant(const protocol::GrantInfo& grant) = 0; // replaces the same object and recipient
    virtual Result<protocol::GrantInfo> grant(const QString& objectId, const QString& recipient) = 0; // NotFound
    virtual Result<QList<protocol::GrantInfo>> grantsOf(const QString& objectId) = 0;
    virtual Result<QList<protocol::GrantInfo>> grantsTo(const QString& recipient) = 0; // newest first
    virtual Result<bool> deleteGrant(const QString& objectId, const QString& recipient) = 0; // false: there was none
    virtual Status deleteGrantsOf(const QString& objectId) = 0;
    // Tombstones of deleted objects: holders still reporting one are told to drop it (docs/sharing.md).
    virtual Status recordObjectDeleted(const QString& objectId, qint64 now) = 0;
    virtual Result<bool> wasDeleted(const QString& objectId) = 0;
};

} // namespace as::server
