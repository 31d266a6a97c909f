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

inline std::optional<QSqlQuery> run(const QString& connection, const QString& sql, const QVariantList& binds = {})
{
    QSqlQuery q(QSqlDatabase::database(connection, false));
    if (!q.prepare(sql))
        return std::nullopt;
    for (const QVariant& b : binds)
        q.addBindValue(b);
    if (!q.exec())
        return std::nullopt;
    return q;
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
