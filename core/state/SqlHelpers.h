#pragma once
// Internal to core/state: run one prepared statement with positional binds.

#include "core/util/Result.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <QVariantList>

#include <optional>

namespace as::state::detail {

// A read: the query to step through, or the database's error (ErrorCode::Io).
inline Result<QSqlQuery> query(const QString& connection, const QString& sql, const QVariantList& binds = {})
{
    QSqlQuery q(QSqlDatabase::database(connection, false));
    bool ok = q.prepare(sql);
    for (const QVariant& b : binds)
        q.addBindValue(b);
    ok = ok && q.exec();
    if (!ok)
        return makeError(ErrorCode::Io, QStringLiteral("profile database: ") + q.lastError().text());
    return q;
}

// A read whose callers take "absent" for an answer (a setting, a counter, one record): a database error is
// logged, never silent, and reads as absent. Reads whose emptiness drives a decision (my objects, unfinished
// uploads) use query() and return a Result.
inline std::optional<QSqlQuery> run(const QString& connection, const QString& sql, const QVariantList& binds = {})
{
    Result<QSqlQuery> q = query(connection, sql, binds);
    if (!q) {
        qWarning("%s (%s)", qPrintable(q.error().message), qPrintable(sql.left(80)));
        return std::nullopt;
    }
    return std::move(q).value();
}

inline Status exec(const QString& connection, const QString& sql, const QVariantList& binds = {})
{
    QSqlQuery q(QSqlDatabase::database(connection, false));
    if (!q.prepare(sql) || [&] {
            for (const QVariant& b : binds)
                q.addBindValue(b);
            return !q.exec();
        }())
        return makeError(ErrorCode::Io, QStringLiteral("profile database: ") + q.lastError().text());
    return Status::success();
}

inline QVariant msOrNull(const QDateTime& t) { return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant(); }
inline QDateTime fromMs(const QVariant& v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

} // namespace as::state::detail
