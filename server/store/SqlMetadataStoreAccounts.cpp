// Migration 3: accounts registered before usernames were case-folded (docs/dc-server.md, "Accounts from before
// case folding"). Runs inside migrate()'s transaction on the migrating connection.
#include "server/auth/Username.h"
#include "server/store/SqlMetadataStore.h"
#include "server/store/SqlSupport.h"

#include <QMap>
#include <QSqlDatabase>

#include <algorithm>
#include <cstdio>

namespace as::server {
using namespace sql;

namespace {
struct Legacy {
    QString name;
    qint64 createdAt = 0;
};

// Every row naming the account moves with it (objects and peers by owner, sessions by username).
Status renameAccount(QSqlDatabase& db, const QString& from, const QString& to)
{
    static const char* const kUpdates[] = {
        "UPDATE accounts SET username = ? WHERE username = ?",
        "UPDATE sessions SET username = ? WHERE username = ?",
        "UPDATE objects SET owner = ? WHERE owner = ?",
        "UPDATE peers SET owner = ? WHERE owner = ?",
    };
    for (const char* sql : kUpdates) {
        QSqlQuery q(db);
        q.prepare(QString::fromLatin1(sql));
        q.bindValue(0, to);
        q.bindValue(1, from);
        if (!q.exec())
            return dbError(q.lastError(), "folding usernames");
    }
    return {};
}
} // namespace

// The rule: within each group of names that fold to the same name, an account already stored under the folded
// name keeps it; otherwise the oldest (created_at, then the name's code units) is renamed to it. The others keep
// their exact spelling, which alone reaches them from then on (findAccount); nothing is merged or deleted.
Status SqlMetadataStore::foldLegacyUsernames(QSqlDatabase& db)
{
    QMap<QString, QList<Legacy>> groups; // by folded name
    {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT username, created_at FROM accounts")))
            return dbError(q.lastError(), "folding usernames");
        while (q.next()) {
            const QString name = q.value(0).toString();
            groups[canonicalUsername(name)].append({ name, q.value(1).toLongLong() });
        }
    }
    int renamed = 0, kept = 0;
    for (auto it = groups.begin(); it != groups.end(); ++it) {
        QList<Legacy>& names = *it;
        const bool folded = std::any_of(names.cbegin(), names.cend(), [&](const Legacy& l) { return l.name == it.key(); });
        std::sort(names.begin(), names.end(), [](const Legacy& a, const Legacy& b) {
            return a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.name < b.name;
        });
        const int legacy = int(names.size()) - (folded ? 1 : 0);
        if (legacy == 0)
            continue;
        if (!folded) {
            if (Status s = renameAccount(db, names.first().name, it.key()); !s)
                return s;
            ++renamed;
        }
        kept += legacy - (folded ? 0 : 1);
    }
    if (renamed + kept > 0)
        std::fprintf(stderr,
            "amazingstore-dc: usernames case-folded: %d accounts renamed to their folded name, %d kept their exact "
            "spelling (their folded name was taken)\n",
            renamed, kept);
    return {};
}

} // namespace as::server
