#include "core/protocol/Problem.h"

namespace as::protocol {
using namespace Qt::Literals::StringLiterals;
namespace {

struct Row {
    ErrorCode code;
    int status;
    const char* slug;
    const char* title;
};

// The one table: error class → HTTP status → stable type slug.
constexpr Row kRows[] = {
    { ErrorCode::InvalidArgument, 400, "invalid-argument", "Invalid request" },
    { ErrorCode::Unauthorized, 401, "unauthorized", "Missing, bad or expired credentials" },
    { ErrorCode::Forbidden, 403, "forbidden", "Not allowed" },
    { ErrorCode::NotFound, 404, "not-found", "Not found" },
    { ErrorCode::AlreadyExists, 409, "already-exists", "Already exists" },
    { ErrorCode::Conflict, 409, "conflict", "Conflict" },
    { ErrorCode::TooLarge, 413, "too-large", "Content too large" },
    { ErrorCode::RangeNotSatisfiable, 416, "range-not-satisfiable", "Range not satisfiable" },
    { ErrorCode::IntegrityFailure, 422, "integrity-failure", "Content does not match its hashes" },
    { ErrorCode::Unavailable, 503, "unavailable", "Temporarily unavailable" },
    { ErrorCode::NotKnownYet, 503, "not-known-yet", "Not known yet" },
    { ErrorCode::Io, 500, "io", "Storage error" },
    { ErrorCode::Internal, 500, "internal", "Internal error" },
};

const Row& rowFor(ErrorCode code)
{
    for (const Row& r : kRows)
        if (r.code == code)
            return r;
    return kRows[std::size(kRows) - 1];
}

const QString kPrefix = QStringLiteral("urn:amazingstore:problem:");

} // namespace

int httpStatusFor(ErrorCode code)
{
    return rowFor(code).status;
}
QString problemTypeFor(ErrorCode code)
{
    return kPrefix + QLatin1StringView(rowFor(code).slug);
}
QString problemTitleFor(ErrorCode code)
{
    return QLatin1StringView(rowFor(code).title).toString();
}

Problem problemFor(const Error& error)
{
    return Problem { problemTypeFor(error.code), problemTitleFor(error.code), httpStatusFor(error.code),
        error.message };
}

Error errorFromProblem(const Problem& problem)
{
    for (const Row& r : kRows)
        if (problem.type == kPrefix + QLatin1StringView(r.slug))
            return makeError(r.code, problem.detail);
    ErrorCode code = ErrorCode::Internal;
    if (problem.status == 401)
        code = ErrorCode::Unauthorized;
    else if (problem.status == 404)
        code = ErrorCode::NotFound;
    else if (problem.status == 503 || problem.status == 502 || problem.status == 504)
        code = ErrorCode::Unavailable;
    else if (problem.status >= 400 && problem.status < 500)
        code = ErrorCode::InvalidArgument;
    return makeError(code, problem.detail.isEmpty() ? problem.title : problem.detail);
}

QJsonObject Problem::toJson() const
{
    return QJsonObject { { u"type"_s, type }, { u"title"_s, title }, { u"status"_s, status }, { u"detail"_s, detail } };
}

Result<Problem> Problem::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    Problem p;
    p.type = r.optString("type").value_or(QStringLiteral("about:blank"));
    p.title = r.optString("title").value_or(QString());
    p.status = int(r.integer("status", 100, 599));
    p.detail = r.optString("detail", 65536).value_or(QString());
    if (!r.ok())
        return r.error();
    return p;
}

} // namespace as::protocol
