#include "core/api/EngineApi.h"

#include "core/util/EnumNames.h"

namespace as {
namespace {

constexpr util::EnumNames<ErrorCode, 13> kNames{{
    {ErrorCode::InvalidArgument, "invalid-argument"},
    {ErrorCode::NotFound, "not-found"},
    {ErrorCode::AlreadyExists, "already-exists"},
    {ErrorCode::Unauthorized, "unauthorized"},
    {ErrorCode::Forbidden, "forbidden"},
    {ErrorCode::Conflict, "conflict"},
    {ErrorCode::TooLarge, "too-large"},
    {ErrorCode::RangeNotSatisfiable, "range-not-satisfiable"},
    {ErrorCode::IntegrityFailure, "integrity-failure"},
    {ErrorCode::Unavailable, "unavailable"},
    {ErrorCode::NotKnownYet, "not-known-yet"},
    {ErrorCode::Io, "io"},
    {ErrorCode::Internal, "internal"},
}};

} // namespace

int exitStatusFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument: return 2;
    case ErrorCode::Unauthorized:
    case ErrorCode::Forbidden: return 3;
    case ErrorCode::Unavailable:
    case ErrorCode::NotKnownYet: return 4;
    case ErrorCode::Io: return 5;
    case ErrorCode::IntegrityFailure: return 6;
    case ErrorCode::NotFound:
    case ErrorCode::AlreadyExists:
    case ErrorCode::Conflict:
    case ErrorCode::TooLarge:
    case ErrorCode::RangeNotSatisfiable:
    case ErrorCode::Internal: break;
    }
    return 1;
}

QString errorCodeName(ErrorCode code)
{
    const QString name = util::nameOf(kNames, code);
    return name.isEmpty() ? QStringLiteral("internal") : name;
}

std::optional<ErrorCode> errorCodeFromName(const QString& name)
{
    return util::valueOf(kNames, name);
}

CommandReply::CommandReply(QObject* parent) : QObject(parent) {}

void CommandReply::reportProgress(const TransferInfo& info)
{
    if (!m_finished)
        emit progress(info);
}

void CommandReply::succeed(const QJsonObject& result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_result = result;
    emit finished();
}

void CommandReply::fail(const Error& error, const QJsonObject& partial)
{
    if (m_finished)
        return;
    m_finished = true;
    m_error = error;
    m_result = partial;
    emit finished();
}

} // namespace as
