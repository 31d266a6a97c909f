#pragma once
// Numbered schema migrations of the profile database. Version N is PRAGMA user_version after step N ran;
// steps only ever get appended, never edited, so an old profile upgrades in order.

#include "core/util/Result.h"

class QSqlDatabase;

namespace as::state {

int latestSchemaVersion();
// Runs every step above the database's current version, each in its own transaction.
Status migrate(QSqlDatabase& db);

} // namespace as::state
