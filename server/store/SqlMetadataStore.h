#pragma once
// MetadataStore over QtSql. SQLite (QSQLITE, WAL, synchronous=FULL so an acknowledged write survives
// kill -9 and power loss) is the default; the SQL is kept portable so the QPSQL driver runs it too
// (`--db postgresql://...`, docs/dc-server.md "PostgreSQL"). QtSql connections may only be used by the thread
// that opened them, so each thread gets its own named connection with its own prepared statements.

#include "server/store/MetadataStore.h"
#include "server/store/Migrations.h"

#include <functional>
#include <memory>
#include <optional>

class QSqlDatabase;
class QSqlQuery;

namespace as::server {

struct DbConfig {
    SqlDialect dialect = SqlDialect::Sqlite;
    QString database; // file path (SQLite) or database name
    QString host;
    int port = -1;
    QString user;
    QString password;
    // synchronous=FULL (power-loss safe). A standby's replica, which it can pull again, uses NORMAL: still
    // safe against kill -9 in WAL mode, without an fsync per applied entry.
    bool durable = true;

    QString driverName() const { return dialect == SqlDialect::Postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"); }
    // For the start-up line: where the metadata lives, never the password.
    QString describe() const;
};

// "sqlite:PATH", "sqlite://PATH", "postgresql://user:pass@host:port/db"; empty → SQLite file in dataDir.
Result<DbConfig> parseDbUrl(const QString& url, const QString& dataDir);

class SqlMetadataStore final : public MetadataStore {
public:
    static Result<std::unique_ptr<SqlMetadataStore>> open(const DbConfig& config);
    ~SqlMetadataStore() override;

    Status migrate() override;
    // PostgreSQL: connections this store may still open (max_connections less the reserved and the used
    // ones); every DC worker thread holds one. SQLite: no limit (nullopt).
    Result<std::optional<int>> connectionBudget();
    Result<QString> meta(const QString& key) override;
    Status setMetaIfAbsent(const QString& key, const QString& value) override;

    Status createAccount(const AccountRecord& account) override;
    Result<AccountRecord> account(const QString& username) override;
    Result<QString> anyKdf() override;
    Status createSession(const QString& tokenHash, const QString& username, qint64 expiresAt) override;
    Result<std::pair<QString, qint64>> sessionUser(const QString& tokenHash, qint64 now) override;
    Status deleteSession(const QString& tokenHash) override;
    Status purgeExpiredSessions(qint64 now) override;

    Status createObject(const ObjectRecord& object, const QByteArray& torrent) override;
    Result<ObjectRecord> object(const QString& id) override;
    Result<QByteArray> torrent(const QString& id) override;
    Result<QList<ObjectRecord>> objectsOf(const QString& owner) override;
    Result<QString> objectByInfoHash(const QString& hex40) override;
    Status deleteObject(const QString& id) override;
    Result<QStringList> uploadingObjects() override;
    Status markAvailable(const QString& id) override;

    Result<QList<protocol::ByteRange>> receivedRanges(const QString& id) override;
    Status addReceivedRange(const QString& id, const protocol::ByteRange& range) override;
    Status removeReceivedRanges(const QString& id, const QList<protocol::ByteRange>& ranges) override;

    Status recordHeartbeat(const PeerReport& report, qint64 now, qint64 grace) override;
    Result<QList<PeerRecord>> peersOf(const QString& owner) override;
    Result<QSet<QString>> heldBy(const QString& peerId) override;
    Result<QList<protocol::Session>> sessionsOf(const QString& peerId, qint64 since, int limit) override;
    Result<QList<PeerSessions>> allSessionsSince(qint64 since) override;
    Result<QList<protocol::Holder>> holdersOf(const QString& objectId, qint64 now, qint64 grace) override;
    Result<QList<PeerRecord>> allPeers() override;
    Result<QList<ObjectRecord>> objectsWithoutLiveHolder(qint64 onlineSince, int limit) override;

    Status recordDcAlive(qint64 runStart, qint64 now) override;
    Result<QList<protocol::Session>> dcRunsSince(qint64 since) override;

    Result<StoreStats> stats(qint64 now, qint64 grace) override;

    Status saveAuditRecord(const AuditRecord& record) override;
    Result<QList<AuditRecord>> auditRecords() override;
    void setLogSigner(LogSigner signer) override { m_signer = std::move(signer); }
    Result<QList<protocol::LogEntry>> logSince(qint64 seq, int limit) override;
    Result<qint64> lastLogSeq() override;
    Status setMeta(const QString& key, const QString& value) override;
    Status applyPeer(const PeerRecord& peer) override;
    Status changeHoldings(const QString& peerId, const QStringList& added, const QStringList& removed) override;
    Status applyLink(const protocol::LinkInfo& link) override;
    Status recordOutageChange(const QJsonObject& change) override;
    Result<QList<std::pair<qint64, QJsonObject>>> outageChanges(int limit) override;
    Status forgetOutageChanges(qint64 upToSeq) override;
    Status createLink(const protocol::LinkInfo& link, const QString& owner) override;
    Result<protocol::LinkInfo> link(const QString& linkId) override;
    Result<QString> linkOwner(const QString& linkId) override;
    Result<QList<protocol::LinkInfo>> linksOf(const QString& owner) override;
    Result<int> linkCountOf(const QString& objectId) override;
    Status revokeLink(const QString& linkId, qint64 now) override;
    Status revokeLinksOf(const QString& objectId, qint64 now) override;
    Status countLinkUse(const QString& linkId, qint64 now) override;
    Status setAccountKeys(const QString& user, const protocol::AccountKeys& keys, qint64 now) override;
    Result<protocol::AccountKeys> accountKeys(const QString& user) override;
    Status putGrant(const protocol::GrantInfo& grant) override;
    Result<protocol::GrantInfo> grant(const QString& objectId, const QString& recipient) override;
    Result<QList<protocol::GrantInfo>> grantsOf(const QString& objectId) override;
    Result<QList<protocol::GrantInfo>> grantsTo(const QString& recipient) override;
    Result<bool> deleteGrant(const QString& objectId, const QString& recipient) override;
    Status deleteGrantsOf(const QString& objectId) override;
    Status recordObjectDeleted(const QString& objectId, qint64 now) override;
    Result<bool> wasDeleted(const QString& objectId) override;

private:
    explicit SqlMetadataStore(DbConfig config);
    struct ThreadConnection;
    ThreadConnection& connection();
    // A prepared statement of this thread's connection, cached by the address of its SQL literal.
    QSqlQuery& prepared(const char* sql);
    Status exec(QSqlQuery& query);
    Status begin();
    Status commit();
    void rollback();
    static Status foldLegacyUsernames(QSqlDatabase& db); // migration 3 (SqlMetadataStoreAccounts.cpp)
    Status replaceRanges(const QString& id, const QList<protocol::ByteRange>& ranges);
    // Rewrites one object's received ranges in one transaction: `change` maps what the DC holds to what it keeps.
    Status changeReceivedRanges(const QString& id,
        const std::function<QList<protocol::ByteRange>(QList<protocol::ByteRange>)>& change);
    // Runs a prepared grant query (the grant columns, SqlMetadataStoreGrants.cpp) and reads every row.
    Result<QList<protocol::GrantInfo>> grantRows(QSqlQuery& q);
    // Inside an open transaction: appends one signed entry (nothing without a signer).
    Status appendLog(const char* kind, const QJsonObject& body);
    Status revokeWhere(const char* select, const char* update, const QString& key, qint64 now);
    bool logging() const { return bool(m_signer); }
    // recordHeartbeat's second half: the held set as a diff, logged in chunks.
    Status replaceHoldings(const QString& peerId, const QStringList& held);

    DbConfig m_config;
    quint64 m_serial;
    LogSigner m_signer;
};

} // namespace as::server
