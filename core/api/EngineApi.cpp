#include "core/api/EngineApi.h"

namespace as {

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
    m_exitCode = 0;
    m_result = result;
    emit finished();
}

void CommandReply::fail(const QString& message, int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_exitCode = exitCode == 0 ? 1 : exitCode;
    m_error = message;
    emit finished();
}

void CommandReply::failWithResult(const QString& message, const QJsonObject& partial, int exitCode)
{
    if (m_finished)
        return;
    m_result = partial;
    fail(message, exitCode);
}

} // namespace as
