#include "core/state/Store.h"

#include "core/state/Migrations.h"
#include "core/state/SqlHelpers.h"

#include <QDir>
#include <QFile>
#include <QUuid>

namespace as::state {
using detail::exec;
using detail::fromMs;
using detail::msOrNull;
using detail::run;
using detail::query;

Result<std::unique_ptr<Store>> Store::open(const QString& profileDir)
{
    QDir dir(profileDir);
    if (!dir.exists() && !QDir().mkpath(profileDir))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create the profile folder %1").arg(profileDir));
    // Only the owner may enter the profile: it holds the master key and the session token.
    QFile::setPermissions(profileDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const QString path = dir.filePath(QStringLiteral("state.sqlite"));
    if (!QFile::exists(path)) {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return makeError(ErrorCode::Io, QStringLiteral("cannot create %1: %2").arg(path, f.errorString()));
    }
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);

    const QString connection = QStringLiteral("as-state-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            const QString msg = db.lastError().text();
            db = {};
            QSqlDatabase::removeDatabase(connection);
            return makeError(ErrorCode::Io, QStringLiteral("cannot open %1: %2").arg(path, msg));
        }
        QSqlQuery q(db);
        // WAL: the daemon writes often; a crash loses at most the last transaction, never the file.
        q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
        q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
        q.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
        if (Status s = migrate(db); !s) {
            db.close();
            db = {};
            QSqlDatabase::removeDatabase(connection);
            return s.error();
        }
    }
    // WAL side files carry the same secrets as the database.
    for (const char* suffix : {"-wal", "-shm"})
        if (QFile::exists(path + QLatin1String(suffix)))
            QFile::setPermissions(path + QLatin1String(suffix), QFile::ReadOwner | QFile::WriteOwner);
    return std::unique_ptr<Store>(new Store(profileDir, connection));
}

Store::Store(QString dir, QString connection) : m_dir(std::move(dir)), m_connection(std::move(connection)) {}

Store::~Store()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

int Store::schemaVersion() const
{
    auto q = run(m_connection, QStringLiteral("PRAGMA user_version"));
    return q && q->next() ? q->value(0).toInt() : 0;
}

// ---- account ----

std::optional<Account> Store::account() const
{
    auto q = run(m_connection, QStringLiteral("SELECT dc_url, user, token, master_key FROM account WHERE id = 1"));
    if (!q || !q->next())
        return std::nullopt;
    return Account{q->value(0).toString(), q->value(1).toString(), q->value(2).toString(), q->value(3).toByteArray()};
}

Status Store::setAccount(const Account& a)
{
    return exec(m_connection,
                QStringLiteral("INSERT OR REPLACE INTO account (id, dc_url, user, token, master_key) VALUES (1, ?, ?, ?, ?)"),
                {a.dcUrl, a.user, a.token, a.masterKey});
}

Status Store::clearAccount() { return exec(m_connection, QStringLiteral("DELETE FROM account")); }

// ---- objects ----

namespace {
const QString kObjectColumns = QStringLiteral("id, name, size, mtime, uploaded, state, file_key, dc_url, owned");

ObjectRecord objectFrom(const QSqlQuery& q)
{
    ObjectRecord o;
    o.id = q.value(0).toString();
    o.name = q.value(1).toString();
    o.size = q.value(2).toLongLong();
    o.mtime = fromMs(q.value(3));
    o.uploaded = fromMs(q.value(4));
    o.state = objectStateFromName(q.value(5).toString()).value_or(ObjectState::Uploading); // unknown: not shareable
    o.fileKey = q.value(6).toByteArray();
    o.dcUrl = q.value(7).toString();
    o.owned = q.value(8).toBool();
    return o;
}
} // namespace

Status Store::putObject(const ObjectRecord& o)
{
    return exec(m_connection,
                QStringLiteral("INSERT OR REPLACE INTO objects (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)").arg(kObjectColumns),
                {o.id, o.name, o.size, msOrNull(o.mtime), msOrNull(o.uploaded), stateName(o.state), o.fileKey, o.dcUrl,
                 o.owned ? 1 : 0});
}

std::optional<ObjectRecord> Store::object(const QString& id) const
{
    auto q = run(m_connection, QStringLiteral("SELECT %1 FROM objects WHERE id = ?").arg(kObjectColumns), {id});
    if (!q || !q->next())
        return std::nullopt;
    return objectFrom(*q);
}

Result<QList<ObjectRecord>> Store::objects(bool ownedOnly) const
{
    auto q = query(m_connection, QStringLiteral("SELECT %1 FROM objects %2 ORDER BY uploaded, id")
                                     .arg(kObjectColumns, ownedOnly ? QStringLiteral("WHERE owned = 1") : QString()));
    if (!q)
        return q.error();
    QList<ObjectRecord> out;
    while (q->next())
        out.append(objectFrom(*q));
    return out;
}

Status Store::removeObject(const QString& id)
{
    return exec(m_connection, QStringLiteral("DELETE FROM objects WHERE id = ?"), {id});
}

// ---- uploads ----

namespace {
const QString kUploadColumns = QStringLiteral(
    "local_id, source_path, source_size, source_mtime, stage, cipher_path, object_id, file_key, sealed_meta, "
    "bytes_uploaded, link, error, created");

UploadRecord uploadFrom(const QSqlQuery& q)
{
    UploadRecord u;
    u.localId = q.value(0).toLongLong();
    u.sourcePath = q.value(1).toString();
    u.sourceSize = q.value(2).toLongLong();
    u.sourceMtimeMs = q.value(3).toLongLong();
    const QString stage = q.value(4).toString();
    u.stage = uploadStageFromName(stage).value_or(UploadStage::Failed);
    u.cipherPath = q.value(5).toString();
    u.objectId = q.value(6).toString();
    u.fileKey = q.value(7).toByteArray();
    u.sealedMeta = q.value(8).toByteArray();
    u.bytesUploaded = q.value(9).toLongLong();
    u.link = q.value(10).toString();
    u.error = q.value(11).toString();
    if (!uploadStageFromName(stage)) // text no version wrote: the job reports it instead of guessing a stage
        u.error = QStringLiteral("upload in an unknown stage '%1'").arg(stage);
    u.created = fromMs(q.value(12));
    return u;
}
} // namespace

Result<qint64> Store::addUpload(const UploadRecord& u)
{
    auto q = run(m_connection,
                 QStringLiteral("INSERT INTO uploads (source_path, source_size, source_mtime, stage, cipher_path, "
                                "object_id, file_key, sealed_meta, bytes_uploaded, link, error, created) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                 {u.sourcePath, u.sourceSize, u.sourceMtimeMs, stageName(u.stage), u.cipherPath, u.objectId, u.fileKey,
                  u.sealedMeta, u.bytesUploaded, u.link, u.error,
                  msOrNull(u.created.isValid() ? u.created : QDateTime::currentDateTimeUtc())});
    if (!q)
        return makeError(ErrorCode::Io, QStringLiteral("profile database: cannot record the upload"));
    return q->lastInsertId().toLongLong();
}

Status Store::updateUpload(const UploadRecord& u)
{
    return exec(m_connection,
                QStringLiteral("UPDATE uploads SET source_path = ?, source_size = ?, source_mtime = ?, stage = ?, "
                               "cipher_path = ?, object_id = ?, file_key = ?, sealed_meta = ?, bytes_uploaded = ?, "
                               "link = ?, error = ? WHERE local_id = ?"),
                {u.sourcePath, u.sourceSize, u.sourceMtimeMs, stageName(u.stage), u.cipherPath, u.objectId, u.fileKey,
                 u.sealedMeta, u.bytesUploaded, u.link, u.error, u.localId});
}

std::optional<UploadRecord> Store::upload(qint64 localId) const
{
    auto q = run(m_connection, QStringLiteral("SELECT %1 FROM uploads WHERE local_id = ?").arg(kUploadColumns), {localId});
    if (!q || !q->next())
        return std::nullopt;
    return uploadFrom(*q);
}

Result<QList<UploadRecord>> Store::unfinishedUploads() const
{
    auto q = query(m_connection, QStringLiteral("SELECT %1 FROM uploads WHERE stage NOT IN ('done', 'failed') "
                                                "ORDER BY local_id")
                                     .arg(kUploadColumns));
    if (!q)
        return q.error();
    QList<UploadRecord> out;
    while (q->next())
        out.append(uploadFrom(*q));
    return out;
}

Status Store::removeUpload(qint64 localId)
{
    return exec(m_connection, QStringLiteral("DELETE FROM uploads WHERE local_id = ?"), {localId});
}

// ---- replicas ----

namespace {
ReplicaRecord replicaFrom(const QSqlQuery& q)
{
    // Unknown text reads as not held: the DC assigns the replica again if it still wants it.
    return ReplicaRecord{q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toString(),
                         replicaStateFromName(q.value(3).toString()).value_or(ReplicaState::Downloading),
                         fromMs(q.value(4))};
}
} // namespace

Status Store::putReplica(const ReplicaRecord& r)
{
    return exec(m_connection,
                QStringLiteral("INSERT OR REPLACE INTO replicas (object_id, size, path, state, added) VALUES (?, ?, ?, ?, ?)"),
                {r.objectId, r.size, r.path, stateName(r.state),
                 msOrNull(r.added.isValid() ? r.added : QDateTime::currentDateTimeUtc())});
}

std::optional<ReplicaRecord> Store::replica(const QString& objectId) const
{
    auto q = run(m_connection, QStringLiteral("SELECT object_id, size, path, state, added FROM replicas WHERE object_id = ?"),
                 {objectId});
    if (!q || !q->next())
        return std::nullopt;
    return replicaFrom(*q);
}

QList<ReplicaRecord> Store::replicas() const
{
    QList<ReplicaRecord> out;
    auto q = run(m_connection, QStringLiteral("SELECT object_id, size, path, state, added FROM replicas ORDER BY added"));
    while (q && q->next())
        out.append(replicaFrom(*q));
    return out;
}

Status Store::removeReplica(const QString& objectId)
{
    return exec(m_connection, QStringLiteral("DELETE FROM replicas WHERE object_id = ?"), {objectId});
}

qint64 Store::replicaBytes() const
{
    auto q = run(m_connection, QStringLiteral("SELECT COALESCE(SUM(size), 0) FROM replicas"));
    return q && q->next() ? q->value(0).toLongLong() : 0;
}

} // namespace as::state
