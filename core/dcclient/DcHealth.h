#pragma once
// What this node knows about the DC's health from its own calls: consecutive failures, last latency and
// the backoff before the next attempt once the DC looks down. Pure logic: the caller passes the time.

#include <QtGlobal>

namespace as::dcclient {

class DcHealth {
public:
    struct Config {
        int downAfterFailures = 2;   // consecutive failed calls before the DC counts as down
        qint64 minBackoffMs = 1000;
        qint64 maxBackoffMs = 60000;
    };
    DcHealth() = default;
    explicit DcHealth(Config config) : m_config(config) {}

    void recordSuccess(qint64 nowMs, int latencyMs);
    void recordFailure(qint64 nowMs);

    bool isDown() const { return m_failures >= m_config.downAfterFailures; }
    // Whether any call has ended yet: before that, "not down" only means "not tried".
    bool checked() const { return m_calls > 0; }
    int consecutiveFailures() const { return m_failures; }
    int lastLatencyMs() const { return m_latencyMs; }
    // While down: calls before this time should not be tried (exponential backoff from the last failure).
    qint64 nextAttemptMs() const;
    bool shouldTry(qint64 nowMs) const { return !isDown() || nowMs >= nextAttemptMs(); }

private:
    Config m_config;
    int m_failures = 0;
    int m_calls = 0;
    int m_latencyMs = 0;
    qint64 m_lastFailureMs = 0;
};

} // namespace as::dcclient
