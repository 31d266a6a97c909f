#pragma once
// Numbered schema migrations of the DC metadata store. Migration N (1-based) is applied once, in order, and
// recorded in schema_version. Never edit a released migration: append a new one. SQL stays portable between
// SQLite and PostgreSQL (TEXT/BIGINT only; byte fields are stored as base64url text).

#include <QList>
#include <QStringList>

namespace as::server {

const QList<QStringList>& schemaMigrations();

// The migration that also runs SqlMetadataStore::foldLegacyUsernames (code, not SQL).
constexpr int kFoldUsernamesMigration = 3;

} // namespace as::server
