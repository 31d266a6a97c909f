#include "server/http/RateLimiter.h"

#include <algorithm>
#include <cmath>

namespace as::server {

bool RateLimiter::allow(const QString& key, qint64 nowMs, int* retryAfterSeconds)
{
    std::lock_guard lock(m_mutex);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= m_maxKeys)
            pruneLocked(nowMs);
        it = m_buckets.insert(key, Bucket { m_burst, nowMs });
    }
    Bucket& b = *it;
    b.tokens = std::min(m_burst, b.tokens + double(nowMs - b.updatedMs) / 1000.0 * m_rate);
    b.updatedMs = nowMs;
    if (b.tokens >= 1) {
        b.tokens -= 1;
        return true;
    }
    if (retryAfterSeconds)
        *retryAfterSeconds = std::max(1, int(std::ceil((1 - b.tokens) / m_rate)));
    return false;
}

void RateLimiter::pruneLocked(qint64 nowMs)
{
    // A bucket that would be full again holds no information.
    for (auto it = m_buckets.begin(); it != m_buckets.end();)
        it = it->tokens + double(nowMs - it->updatedMs) / 1000.0 * m_rate >= m_burst ? m_buckets.erase(it) : ++it;
    while (m_buckets.size() >= m_maxKeys) {
        auto oldest = std::min_element(m_buckets.begin(), m_buckets.end(),
            [](const Bucket& a, const Bucket& b) { return a.updatedMs < b.updatedMs; });
        m_buckets.erase(oldest);
    }
}

} // namespace as::server
