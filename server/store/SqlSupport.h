#pragma once
// Internal to the SqlMetadataStore*.cpp files: error mapping, binding, the one-row read and cursor clean-up.

#include "core/util/Result.h"

#include <QList>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <type_traits>

namespace as::server::sql {
using namespace Qt::Literals::StringLiterals;

inline Error dbError(const QSqlError& e, const char* what)
{
    return makeError(ErrorCode::Io, u"metadata store: %1: %2"_s.arg(QLatin1StringView(what), e.text()));
}

// Clears a SELECT's cursor on scope exit so SQLite releases its read snapshot.
struct Finish {
    QSqlQuery& q;
    ~Finish() { q.finish(); }
};

// Binds `values` to a prepared statement's placeholders, in order.
template <class... V> QSqlQuery& bindAll(QSqlQuery& q, const V&... values)
{
    int i = 0;
    (q.bindValue(i++, QVariant(values)), ...);
    return q;
}

// The one row a keyed SELECT that has just run (`ran`) finds, as `read()` makes it of the current row;
// NotFound with `missing` when there is none. The cursor is cleared after, as Finish does.
template <class Read>
auto oneRow(QSqlQuery& q, const Status& ran, const QString& missing, Read read)
    -> Result<std::decay_t<decltype(read())>>
{
    const Finish f { q };
    if (!ran)
        return ran.error();
    if (!q.next())
        return makeError(ErrorCode::NotFound, missing);
    return read();
}

// Every row a SELECT that has just run (`ran`) finds, each as `read()` makes it of the current row.
template <class T, class Read> Result<QList<T>> allRows(QSqlQuery& q, const Status& ran, Read read)
{
    const Finish f { q };
    if (!ran)
        return ran.error();
    QList<T> out;
    while (q.next())
        out.append(read());
    return out;
}

} // namespace as::server::sql
