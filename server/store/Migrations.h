#pragma once
// Numbered schema migrations of the DC metadata store. Migration N (1-based) is applied once, in order, and
// recorded in schema_version. Never edit a released migration: append a new one. SQL stays portable between
// SQLite and PostgreSQL (TEXT/BIGINT only; byte fields are stored as base64url text); where the two dialects
// cannot share a statement (an auto-numbered key) the list is built per dialect, and the SQLite text stays the
// one already released.

#include <QList>
#include <QStringList>

namespace as::server {

enum class SqlDialect { Sqlite, Postgres };

const QList<QStringList>& schemaMigrations(SqlDialect dialect);

// The migration that also runs SqlMetadataStore::foldLegacyUsernames (code, not SQL).
constexpr int kFoldUsernamesMigration = 3;

} // namespace as::server
