#include "core/dcclient/DcHealth.h"

#include <algorithm>

namespace as::dcclient {

void DcHealth::recordSuccess(qint64, int latencyMs)
{
    ++m_calls;
    m_failures = 0;
    m_latencyMs = latencyMs;
}

void DcHealth::recordFailure(qint64 nowMs)
{
    ++m_calls;
    ++m_failures;
    m_lastFailureMs = nowMs;
}

qint64 DcHealth::nextAttemptMs() const
{
    if (!isDown())
        return 0;
    const int over = std::min(m_failures - m_config.downAfterFailures, 16);
    const qint64 delay = std::min(m_config.maxBackoffMs, m_config.minBackoffMs << over);
    return m_lastFailureMs + delay;
}

} // namespace as::dcclient
