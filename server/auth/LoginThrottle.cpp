#include "server/auth/LoginThrottle.h"

#include <algorithm>

namespace as::server {
namespace {

constexpr int kAccountFreeFailures = 5;
constexpr int kAddressFreeFailures = 20; // several people may share an address (NAT)
constexpr qint64 kMaxWaitMs = 15 * 60 * 1000;
constexpr qint64 kForgetMs = 3600 * 1000;
constexpr qsizetype kMaxEntries = 100000;

} // namespace

qint64 LoginThrottle::waitMs(const QHash<QString, Entry>& map, const QString& key, qint64 nowMs)
{
    auto it = map.constFind(key);
    return it == map.constEnd() ? 0 : std::max<qint64>(0, it->blockedUntilMs - nowMs);
}

void LoginThrottle::fail(QHash<QString, Entry>& map, const QString& key, int freeFailures, qint64 nowMs)
{
    if (map.size() >= kMaxEntries) // bounded memory: forget faded entries first
        for (auto it = map.begin(); it != map.end();)
            it = nowMs - it->lastFailureMs > kForgetMs ? map.erase(it) : ++it;
    if (map.size() >= kMaxEntries && !map.contains(key))
        map.erase(map.begin()); // still full: an arbitrary one goes rather than growing without limit
    Entry& e = map[key];
    if (nowMs - e.lastFailureMs > kForgetMs)
        e.failures = 0;
    e.lastFailureMs = nowMs;
    const int over = ++e.failures - freeFailures;
    if (over > 0)
        e.blockedUntilMs = nowMs + std::min<qint64>(kMaxWaitMs, qint64(1000) << std::min(over - 1, 20));
}

int LoginThrottle::retryAfter(const QString& account, const QString& address, qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    const qint64 ms = std::max(waitMs(m_accounts, account, nowMs), waitMs(m_addresses, address, nowMs));
    return int((ms + 999) / 1000);
}

void LoginThrottle::failed(const QString& account, const QString& address, qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    fail(m_accounts, account, kAccountFreeFailures, nowMs);
    fail(m_addresses, address, kAddressFreeFailures, nowMs);
}

void LoginThrottle::succeeded(const QString& account)
{
    std::lock_guard lock(m_mutex);
    m_accounts.remove(account);
}

} // namespace as::server
