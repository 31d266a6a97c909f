#pragma once
// application/problem+json (RFC 9457) bodies of the DC API and the one mapping between as::ErrorCode, HTTP
// status and the stable problem `type` URI ("urn:amazingstore:problem:<slug>"). The client maps a received
// problem back to an ErrorCode with errorFromProblem().

#include "core/protocol/Json.h"
#include "core/util/Result.h"

namespace as::protocol {

struct Problem {
    QString type; // urn:amazingstore:problem:<slug>
    QString title; // short, fixed per type
    int status = 500;
    QString detail; // what exactly was wrong with this request

    QJsonObject toJson() const;
    static Result<Problem> fromJson(const QJsonObject& json);
};

int httpStatusFor(ErrorCode code);
QString problemTypeFor(ErrorCode code);
QString problemTitleFor(ErrorCode code);
Problem problemFor(const Error& error);
// The inverse mapping, for clients; unknown types map by HTTP status class.
Error errorFromProblem(const Problem& problem);

inline constexpr const char* kProblemContentType = "application/problem+json";

} // namespace as::protocol
