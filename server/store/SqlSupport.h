#pragma once
// Internal to the SqlMetadataStore*.cpp files: error mapping and cursor clean-up.

#include "core/util/Result.h"

#include <QSqlError>
#include <QSqlQuery>

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

} // namespace as::server::sql
