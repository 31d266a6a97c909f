#pragma once
// Token buckets keyed by a string (an IP address, an account): `burst` requests at once, then `perSecond`.
// Memory is bounded: past `maxKeys` keys, full (idle) buckets are dropped first, then the oldest.

#include <QHash>
#include <QString>
#include <mutex>

namespace as::server {

class RateLimiter {
public:
    RateLimiter(double perSecond, double burst, int maxKeys = 100000)
        : m_rate(perSecond)
        , m_burst(burst)
        , m_maxKeys(maxKeys)
    { }
    // True when a request of `key` may go now; otherwise `retryAfterSeconds` says when one token is back.
    bool allow(const QString& key, qint64 nowMs, int* retryAfterSeconds = nullptr);

private:
    struct Bucket {
        double tokens = 0;
        qint64 updatedMs = 0;
    };
    void pruneLocked(qint64 nowMs);

    const double m_rate, m_burst;
    const int m_maxKeys;
    std::mutex m_mutex;
    QHash<QString, Bucket> m_buckets;
};

} // namespace as::server
