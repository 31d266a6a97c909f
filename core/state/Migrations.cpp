#include "core/state/Migrations.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace as::state {
namespace {

// Each entry is one migration; statements separated by ';' at line ends.
const char* const kSteps[] = {
    // 1: the initial schema.
    R"(CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE account (id INTEGER PRIMARY KEY CHECK (id = 1), dc_url TEXT NOT NULL, user TEXT NOT NULL,
  token TEXT NOT NULL, master_key BLOB NOT NULL);
CREATE TABLE objects (id TEXT PRIMARY KEY, name TEXT NOT NULL, size INTEGER NOT NULL, mtime INTEGER,
  uploaded INTEGER, state TEXT NOT NULL, file_key BLOB NOT NULL, dc_url TEXT NOT NULL, owned INTEGER NOT NULL);
CREATE TABLE uploads (local_id INTEGER PRIMARY KEY AUTOINCREMENT, source_path TEXT NOT NULL,
  source_size INTEGER NOT NULL, source_mtime INTEGER NOT NULL, stage TEXT NOT NULL, cipher_path TEXT,
  object_id TEXT, file_key BLOB, sealed_meta BLOB, bytes_uploaded INTEGER NOT NULL DEFAULT 0,
  link TEXT, error TEXT, created INTEGER NOT NULL);
CREATE TABLE replicas (object_id TEXT PRIMARY KEY, size INTEGER NOT NULL, path TEXT NOT NULL,
  state TEXT NOT NULL, added INTEGER NOT NULL);
CREATE TABLE torrents (object_id TEXT PRIMARY KEY, torrent BLOB NOT NULL, fetched INTEGER NOT NULL);
CREATE TABLE resume_data (object_id TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE holders (object_id TEXT NOT NULL, endpoint TEXT NOT NULL, last_seen INTEGER NOT NULL,
  PRIMARY KEY (object_id, endpoint));
CREATE TABLE dht_nodes (endpoint TEXT PRIMARY KEY, last_seen INTEGER NOT NULL);
CREATE TABLE dc_health (t INTEGER NOT NULL, ok INTEGER NOT NULL, latency_ms INTEGER NOT NULL);
CREATE INDEX dc_health_t ON dc_health (t);
CREATE TABLE counters (key TEXT PRIMARY KEY, value INTEGER NOT NULL))",
    // 2: the node's contribution history (core/engine/ContributionHistory): one row per sample, older ones
    // merged into hourly rows. online: the state at t; span_ms: the time a row stands for; online_ms: how
    // much of it was online.
    R"(CREATE TABLE contribution_history (t INTEGER NOT NULL, used_bytes INTEGER NOT NULL,
  bytes_served INTEGER NOT NULL, replicas_held INTEGER NOT NULL, online INTEGER NOT NULL,
  span_ms INTEGER NOT NULL, online_ms INTEGER NOT NULL);
CREATE INDEX contribution_history_t ON contribution_history (t))",
};

Status fail(const QString& what, const QSqlError& e)
{
    return makeError(ErrorCode::Io, what + QStringLiteral(": ") + e.text());
}

} // namespace

int latestSchemaVersion() { return int(std::size(kSteps)); }

Status migrate(QSqlDatabase& db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return fail(QStringLiteral("cannot read the profile's schema version"), q.lastError());
    const int current = q.value(0).toInt();
    if (current > latestSchemaVersion())
        return makeError(ErrorCode::Conflict,
                         QStringLiteral("the profile was written by a newer version (schema %1, this build knows %2)")
                             .arg(current)
                             .arg(latestSchemaVersion()));
    for (int v = current; v < latestSchemaVersion(); ++v) {
        if (!db.transaction())
            return fail(QStringLiteral("cannot start a migration"), db.lastError());
        const QStringList statements = QString::fromUtf8(kSteps[v]).split(QStringLiteral(";\n"));
        for (const QString& s : statements) {
            if (s.trimmed().isEmpty())
                continue;
            if (!q.exec(s)) {
                const QSqlError e = q.lastError();
                db.rollback();
                return fail(QStringLiteral("migration %1 failed").arg(v + 1), e);
            }
        }
        if (!q.exec(QStringLiteral("PRAGMA user_version = %1").arg(v + 1)) || !db.commit()) {
            const QSqlError e = q.lastError();
            db.rollback();
            return fail(QStringLiteral("migration %1 failed").arg(v + 1), e);
        }
    }
    return Status::success();
}

} // namespace as::state
