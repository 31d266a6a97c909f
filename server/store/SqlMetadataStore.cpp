#include "server/store/SqlMetadataStore.h"

#include "core/util/Encoding.h"
#include "server/store/Migrations.h"
#include "server/store/RangeSet.h"
#include "server/store/SqlSupport.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUrl>
#include <atomic>
#include <unordered_map>

namespace as::server {
using namespace Qt::Literals::StringLiterals;
using protocol::ByteRange;
using sql::dbError;
using sql::Finish;
using sql::allRows;
using sql::bindAll;
using sql::oneRow;

namespace {

std::atomic<quint64> g_nextSerial { 1 };

// PostgreSQL advisory lock key of the store's writers ("AS" in ASCII).
constexpr int kWriterLock = 0x4153;

QString b64(const QByteArray& b)
{
    const QString text = toBase64Url(b);
    return text.isNull() ? u""_s : text; // an empty field (a standby's replica of an account) is '', not NULL
}
QByteArray unb64(const QVariant& v)
{
    return fromBase64Url(v.toString()).value_or(QByteArray());
}

} // namespace

Result<DbConfig> parseDbUrl(const QString& url, const QString& dataDir)
{
    DbConfig c;
    if (url.isEmpty()) {
        c.database = QDir(dataDir).filePath(u"metadata.sqlite"_s);
        return c;
    }
    if (url.startsWith(u"sqlite:"_s)) {
        QString path = url.mid(7);
        if (path.startsWith(u"//"_s))
            path = path.mid(2);
        if (path.isEmpty())
            return makeError(ErrorCode::InvalidArgument, u"--db sqlite: needs a file path"_s);
        c.database = QDir(dataDir).filePath(path); // relative paths are relative to --data
        return c;
    }
    if (url.startsWith(u"postgresql://"_s) || url.startsWith(u"postgres://"_s)) {
        const QUrl u(url, QUrl::StrictMode);
        if (!u.isValid() || u.host().isEmpty() || u.path().size() < 2)
            return makeError(ErrorCode::InvalidArgument, u"--db: expected postgresql://USER:PASS@HOST:PORT/DB"_s);
        c.dialect = SqlDialect::Postgres;
        c.host = u.host();
        c.port = u.port(5432);
        c.user = u.userName();
        c.password = u.password();
        c.database = u.path().mid(1);
        return c;
    }
    return makeError(ErrorCode::InvalidArgument, u"--db: unsupported URL (use sqlite:PATH or postgresql://...)"_s);
}

QString DbConfig::describe() const
{
    if (dialect == SqlDialect::Sqlite)
        return u"SQLite %1"_s.arg(database);
    return u"PostgreSQL database %1 on %2:%3 as %4"_s.arg(database, host).arg(port).arg(user.isEmpty() ? u"(default user)"_s : user);
}

struct SqlMetadataStore::ThreadConnection {
    QString name;
    std::unordered_map<const char*, std::unique_ptr<QSqlQuery>> queries;
    ~ThreadConnection()
    {
        queries.clear();
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
};

SqlMetadataStore::SqlMetadataStore(DbConfig config)
    : m_config(std::move(config))
    , m_serial(g_nextSerial++)
{ }

SqlMetadataStore::~SqlMetadataStore() = default;

SqlMetadataStore::ThreadConnection& SqlMetadataStore::connection()
{
    thread_local std::unordered_map<quint64, std::unique_ptr<ThreadConnection>> connections;
    auto it = connections.find(m_serial);
    if (it != connections.end())
        return *it->second;
    auto conn = std::make_unique<ThreadConnection>();
    conn->name = u"as-dc-%1-%2"_s.arg(m_serial).arg(quintptr(QThread::currentThreadId()));
    QSqlDatabase db = QSqlDatabase::addDatabase(m_config.driverName(), conn->name);
    db.setDatabaseName(m_config.database);
    if (m_config.dialect == SqlDialect::Sqlite) {
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
    } else {
        db.setHostName(m_config.host);
        db.setPort(m_config.port);
        db.setUserName(m_config.user);
        db.setPassword(m_config.password);
    }
    if (db.open() && m_config.dialect == SqlDialect::Sqlite) {
        QSqlQuery pragma(db);
        pragma.exec(u"PRAGMA journal_mode=WAL"_s);
        pragma.exec(m_config.durable ? u"PRAGMA synchronous=FULL"_s : u"PRAGMA synchronous=NORMAL"_s);
        pragma.exec(u"PRAGMA foreign_keys=ON"_s);
    } else if (db.isOpen()) {
        QSqlQuery quiet(db); // NOTICEs ("already exists, skipping") would go to the DC's stderr
        quiet.exec(u"SET client_min_messages TO WARNING"_s);
    }
    auto& ref = *conn;
    connections.emplace(m_serial, std::move(conn));
    return ref;
}

QSqlQuery& SqlMetadataStore::prepared(const char* sql)
{
    ThreadConnection& c = connection();
    auto it = c.queries.find(sql);
    if (it != c.queries.end())
        return *it->second;
    auto q = std::make_unique<QSqlQuery>(QSqlDatabase::database(c.name, false));
    q->setForwardOnly(true);
    q->prepare(QString::fromLatin1(sql));
    auto& ref = *q;
    c.queries.emplace(sql, std::move(q));
    return ref;
}

Status SqlMetadataStore::exec(QSqlQuery& q)
{
    if (!q.exec())
        return dbError(q.lastError(), "query");
    return {};
}

Status SqlMetadataStore::begin()
{
    QSqlDatabase db = QSqlDatabase::database(connection().name, false);
    if (!db.isOpen())
        return makeError(ErrorCode::Io, u"metadata store: not open: %1"_s.arg(db.lastError().text()));
    // Writers take one lock up front: SQLite's write lock (two writers never deadlock upgrading read locks),
    // and on PostgreSQL a transaction-scoped advisory lock, so every read-check-write transaction (capacity,
    // the change log's sequence) runs alone there too (docs/dc-server.md "PostgreSQL").
    QSqlQuery q(db);
    if (!q.exec(m_config.dialect == SqlDialect::Sqlite ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s))
        return dbError(q.lastError(), "begin");
    if (m_config.dialect == SqlDialect::Postgres && !q.exec(u"SELECT pg_advisory_xact_lock(%1)"_s.arg(kWriterLock))) {
        Error e = dbError(q.lastError(), "begin");
        rollback();
        return e;
    }
    return {};
}

Status SqlMetadataStore::commit()
{
    QSqlQuery q(QSqlDatabase::database(connection().name, false));
    if (!q.exec(u"COMMIT"_s))
        return dbError(q.lastError(), "commit");
    return {};
}

void SqlMetadataStore::rollback()
{
    QSqlQuery q(QSqlDatabase::database(connection().name, false));
    q.exec(u"ROLLBACK"_s);
}

Result<std::unique_ptr<SqlMetadataStore>> SqlMetadataStore::open(const DbConfig& config)
{
    if (!QSqlDatabase::isDriverAvailable(config.driverName()))
        return makeError(ErrorCode::Unavailable, u"Qt SQL driver %1 is not installed"_s.arg(config.driverName()));
    std::unique_ptr<SqlMetadataStore> store(new SqlMetadataStore(config));
    QSqlDatabase db = QSqlDatabase::database(store->connection().name, false);
    if (!db.isOpen())
        return makeError(ErrorCode::Io, u"cannot open metadata store: %1"_s.arg(db.lastError().text()));
    if (Status s = store->migrate(); !s)
        return s.error();
    return store;
}

Status SqlMetadataStore::migrate()
{
    QSqlDatabase db = QSqlDatabase::database(connection().name, false);
    QSqlQuery q(db);
    if (!q.exec(u"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"_s))
        return dbError(q.lastError(), "schema_version");
    if (Status s = begin(); !s)
        return s;
    int version = 0;
    if (q.exec(u"SELECT MAX(version) FROM schema_version"_s) && q.next())
        version = q.value(0).toInt();
    q.finish();
    const auto& migrations = schemaMigrations(m_config.dialect);
    if (version > migrations.size()) {
        rollback();
        return makeError(ErrorCode::Conflict,
            u"metadata store schema %1 is newer than this program (%2)"_s.arg(version).arg(migrations.size()));
    }
    for (int v = version + 1; v <= migrations.size(); ++v) {
        for (const QString& stmt : migrations[v - 1]) {
            if (!q.exec(stmt)) {
                Error e = dbError(q.lastError(), "migration");
                rollback();
                return e;
            }
        }
        if (v == kFoldUsernamesMigration) {
            if (Status s = foldLegacyUsernames(db); !s) {
                rollback();
                return s;
            }
        }
        q.prepare(u"INSERT INTO schema_version (version) VALUES (?)"_s);
        q.bindValue(0, v);
        if (!q.exec()) {
            Error e = dbError(q.lastError(), "migration");
            rollback();
            return e;
        }
    }
    return commit();
}

Result<std::optional<int>> SqlMetadataStore::connectionBudget()
{
    if (m_config.dialect == SqlDialect::Sqlite)
        return std::optional<int>();
    QSqlQuery q(QSqlDatabase::database(connection().name, false));
    if (!q.exec(u"SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int "
                "- (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')"_s)
        || !q.next())
        return dbError(q.lastError(), "max_connections");
    return std::optional<int>(q.value(0).toInt());
}

Result<QString> SqlMetadataStore::meta(const QString& key)
{
    QSqlQuery& q = bindAll(prepared("SELECT value FROM server_meta WHERE name = ?"), key);
    return oneRow(q, exec(q), key, [&] { return q.value(0).toString(); });
}

Status SqlMetadataStore::setMetaIfAbsent(const QString& key, const QString& value)
{
    QSqlQuery& q = bindAll(
        prepared("INSERT INTO server_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING"), key, value);
    return exec(q);
}

Status SqlMetadataStore::createAccount(const AccountRecord& a)
{
    if (Status s = begin(); !s)
        return s;
    auto fail = [this](Status s) {
        rollback();
        return s;
    };
    QSqlQuery& q = prepared("INSERT INTO accounts (username, auth_hash, salt, kdf, wrapped_master_key, public_key, "
                            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING");
    q.bindValue(0, a.username);
    q.bindValue(1, a.authHash);
    q.bindValue(2, b64(a.salt));
    q.bindValue(3, a.kdf);
    q.bindValue(4, b64(a.wrappedMasterKey));
    q.bindValue(5, b64(a.publicKey));
    q.bindValue(6, a.createdAt);
    if (Status s = exec(q); !s)
        return fail(s);
    if (q.numRowsAffected() == 0)
        return fail(makeError(ErrorCode::AlreadyExists, u"username '%1' is taken"_s.arg(a.username)));
    // Sessions left from an earlier account of the same name (its row deleted) must not work for this one.
    QSqlQuery& d = prepared("DELETE FROM sessions WHERE username = ?");
    d.bindValue(0, a.username);
    if (Status s = exec(d); !s)
        return fail(s);
    // Only what verifies the owner's signatures is replicated: never the auth hash, salt or wrapped key.
    if (Status s = appendLog(protocol::logkind::kAccount,
            { { u"username"_s, a.username }, { u"public_key"_s, b64(a.publicKey) }, { u"created_at"_s, a.createdAt } });
        !s)
        return fail(s);
    return commit();
}

Result<AccountRecord> SqlMetadataStore::account(const QString& username)
{
    QSqlQuery& q = prepared("SELECT auth_hash, salt, kdf, wrapped_master_key, public_key, created_at FROM accounts "
                            "WHERE username = ?");
    bindAll(q, username);
    return oneRow(q, exec(q), u"no such account"_s, [&] {
        return AccountRecord { username, q.value(0).toString(), unb64(q.value(1)), q.value(2).toString(),
            unb64(q.value(3)), unb64(q.value(4)), q.value(5).toLongLong() };
    });
}

Result<QString> SqlMetadataStore::anyKdf()
{
    QSqlQuery& q = prepared("SELECT kdf FROM accounts ORDER BY created_at DESC LIMIT 1");
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    return q.next() ? q.value(0).toString() : QString();
}

Status SqlMetadataStore::createSession(const QString& tokenHash, const QString& username, qint64 expiresAt)
{
    QSqlQuery& q = bindAll(prepared("INSERT INTO sessions (token_hash, username, expires_at) VALUES (?, ?, ?)"),
        tokenHash, username, expiresAt);
    return exec(q);
}

Result<std::pair<QString, qint64>> SqlMetadataStore::sessionUser(const QString& tokenHash, qint64 now)
{
    // Joined with accounts: a session dies with its account's row (docs/dc-server.md, "Accounts").
    QSqlQuery& q
        = bindAll(prepared("SELECT s.username, s.expires_at FROM sessions s JOIN accounts a ON a.username = s.username "
                           "WHERE s.token_hash = ? AND s.expires_at > ?"),
            tokenHash, now);
    return oneRow(q, exec(q), u"no such session"_s, [&] {
        return std::pair<QString, qint64> { q.value(0).toString(), q.value(1).toLongLong() };
    });
}

Status SqlMetadataStore::deleteSession(const QString& tokenHash)
{
    return exec(bindAll(prepared("DELETE FROM sessions WHERE token_hash = ?"), tokenHash));
}

Status SqlMetadataStore::purgeExpiredSessions(qint64 now)
{
    return exec(bindAll(prepared("DELETE FROM sessions WHERE expires_at <= ?"), now));
}

Status SqlMetadataStore::createObject(const ObjectRecord& o, const QByteArray& torrent)
{
    if (Status s = begin(); !s)
        return s;
    QSqlQuery& q = prepared("INSERT INTO objects (id, owner, size, piece_length, state, created_at, sealed_metadata, "
                            "wrapped_file_key, v1_hash, v2_short, torrent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            "ON CONFLICT (id) DO NOTHING");
    const QVariantList values { o.id, o.owner, o.size, o.pieceLength, o.state, o.createdAt, b64(o.sealedMetadata),
        b64(o.wrappedFileKey), o.v1Hash, o.v2Short, b64(torrent) };
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values[i]);
    Status s = exec(q);
    if (s && q.numRowsAffected() == 0)
        s = makeError(ErrorCode::AlreadyExists, u"object %1 is already registered"_s.arg(o.id));
    if (s)
        s = appendLog(protocol::logkind::kObject,
            { { u"id"_s, o.id }, { u"owner"_s, o.owner }, { u"size"_s, o.size }, { u"piece_length"_s, o.pieceLength },
                { u"state"_s, o.state }, { u"created_at"_s, o.createdAt },
                { u"sealed_metadata"_s, b64(o.sealedMetadata) }, { u"wrapped_file_key"_s, b64(o.wrappedFileKey) },
                { u"v1_hash"_s, o.v1Hash }, { u"v2_short"_s, o.v2Short }, { u"torrent"_s, b64(torrent) } });
    if (!s) {
        rollback();
        return s;
    }
    return commit();
}

namespace {
constexpr const char* kObjectColumns = "o.id, o.owner, o.size, o.piece_length, o.state, o.created_at, "
                                       "o.sealed_metadata, o.wrapped_file_key, o.v1_hash, o.v2_short, "
                                       "(SELECT COUNT(*) FROM holdings h WHERE h.object_id = o.id)";

ObjectRecord readObject(const QSqlQuery& q)
{
    ObjectRecord o;
    o.id = q.value(0).toString();
    o.owner = q.value(1).toString();
    o.size = q.value(2).toLongLong();
    o.pieceLength = q.value(3).toLongLong();
    o.state = q.value(4).toString();
    o.createdAt = q.value(5).toLongLong();
    o.sealedMetadata = unb64(q.value(6));
    o.wrappedFileKey = unb64(q.value(7));
    o.v1Hash = q.value(8).toString();
    o.v2Short = q.value(9).toString();
    o.replicas = q.value(10).toInt();
    return o;
}
} // namespace

Result<ObjectRecord> SqlMetadataStore::object(const QString& id)
{
    static const QByteArray sql = QByteArray("SELECT ") + kObjectColumns + " FROM objects o WHERE o.id = ?";
    QSqlQuery& q = bindAll(prepared(sql.constData()), id);
    return oneRow(q, exec(q), u"no object %1"_s.arg(id), [&] { return readObject(q); });
}

Result<QByteArray> SqlMetadataStore::torrent(const QString& id)
{
    QSqlQuery& q = bindAll(prepared("SELECT torrent FROM objects WHERE id = ?"), id);
    return oneRow(q, exec(q), u"no object %1"_s.arg(id), [&] { return unb64(q.value(0)); });
}

Result<QList<ObjectRecord>> SqlMetadataStore::objectsOf(const QString& owner)
{
    static const QByteArray sql
        = QByteArray("SELECT ") + kObjectColumns + " FROM objects o WHERE o.owner = ? ORDER BY o.created_at, o.id";
    QSqlQuery& q = bindAll(prepared(sql.constData()), owner);
    return allRows<ObjectRecord>(q, exec(q), [&] { return readObject(q); });
}

Result<QString> SqlMetadataStore::objectByInfoHash(const QString& hex40)
{
    QSqlQuery& q = bindAll(prepared("SELECT id FROM objects WHERE v1_hash = ? OR v2_short = ?"), hex40, hex40);
    return oneRow(q, exec(q), u"unknown info-hash"_s, [&] { return q.value(0).toString(); });
}

Status SqlMetadataStore::deleteObject(const QString& id)
{
    if (Status s = begin(); !s)
        return s;
    for (const char* sql : { "DELETE FROM upload_ranges WHERE object_id = ?",
             "DELETE FROM holdings WHERE object_id = ?", "DELETE FROM objects WHERE id = ?" }) {
        QSqlQuery& q = prepared(sql);
        q.bindValue(0, id);
        if (Status s = exec(q); !s) {
            rollback();
            return s;
        }
    }
    if (Status s = appendLog(protocol::logkind::kDelete, { { u"id"_s, id } }); !s) {
        rollback();
        return s;
    }
    return commit();
}

Result<QStringList> SqlMetadataStore::uploadingObjects()
{
    QSqlQuery& q = prepared("SELECT id FROM objects WHERE state = 'uploading'");
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    QStringList out;
    while (q.next())
        out.append(q.value(0).toString());
    return out;
}

Status SqlMetadataStore::markAvailable(const QString& id)
{
    if (Status s = begin(); !s)
        return s;
    QSqlQuery& q = prepared("UPDATE objects SET state = 'available' WHERE id = ?");
    q.bindValue(0, id);
    QSqlQuery& r = prepared("DELETE FROM upload_ranges WHERE object_id = ?");
    r.bindValue(0, id);
    if (Status s = exec(q); !s) {
        rollback();
        return s;
    }
    if (Status s = exec(r); !s) {
        rollback();
        return s;
    }
    if (Status s = appendLog(protocol::logkind::kState,
            { { u"id"_s, id }, { u"state"_s, protocol::kStateAvailable } });
        !s) {
        rollback();
        return s;
    }
    return commit();
}

Result<QList<ByteRange>> SqlMetadataStore::receivedRanges(const QString& id)
{
    QSqlQuery& q = prepared("SELECT start_offset, end_offset FROM upload_ranges WHERE object_id = ? "
                            "ORDER BY start_offset");
    q.bindValue(0, id);
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    QList<ByteRange> out;
    while (q.next()) {
        const qint64 a = q.value(0).toLongLong(), b = q.value(1).toLongLong();
        out = addRange(out, { a, b - a });
    }
    return out;
}

Status SqlMetadataStore::replaceRanges(const QString& id, const QList<ByteRange>& ranges)
{
    QSqlQuery& del = prepared("DELETE FROM upload_ranges WHERE object_id = ?");
    del.bindValue(0, id);
    if (Status s = exec(del); !s)
        return s;
    QSqlQuery& ins = prepared("INSERT INTO upload_ranges (object_id, start_offset, end_offset) VALUES (?, ?, ?)");
    for (const ByteRange& r : ranges) {
        ins.bindValue(0, id);
        ins.bindValue(1, r.offset);
        ins.bindValue(2, r.offset + r.length);
        if (Status s = exec(ins); !s)
            return s;
    }
    return {};
}

Status SqlMetadataStore::changeReceivedRanges(const QString& id,
    const std::function<QList<ByteRange>(QList<ByteRange>)>& change)
{
    if (Status s = begin(); !s)
        return s;
    auto have = receivedRanges(id);
    if (!have) {
        rollback();
        return have.error();
    }
    if (Status s = replaceRanges(id, change(*have)); !s) {
        rollback();
        return s;
    }
    return commit();
}

Status SqlMetadataStore::addReceivedRange(const QString& id, const ByteRange& range)
{
    return changeReceivedRanges(id, [&range](const QList<ByteRange>& have) { return addRange(have, range); });
}

Status SqlMetadataStore::removeReceivedRanges(const QString& id, const QList<ByteRange>& cuts)
{
    return changeReceivedRanges(id, [&cuts](QList<ByteRange> left) {
        for (const ByteRange& c : cuts)
            left = subtractRange(left, c);
        return left;
    });
}

} // namespace as::server
