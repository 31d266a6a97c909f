#pragma once
// Exponential back-off of logins, per account and per client address (docs/dc-server.md, "Accounts").
// After `freeFailures` wrong secrets every further one doubles the wait (1 s, 2 s, 4 s, ... up to 15 min);
// during a wait every attempt — the right secret included — is refused before any scrypt work, so a burst of
// guesses gains nothing. A success clears the account's count; counts fade after an hour without failures.

#include <QHash>
#include <QString>
#include <mutex>

namespace as::server {

class LoginThrottle {
public:
    // Seconds to wait before (account, address) may try again; 0: go ahead.
    int retryAfter(const QString& account, const QString& address, qint64 nowMs);
    void failed(const QString& account, const QString& address, qint64 nowMs);
    void succeeded(const QString& account);

private:
    struct Entry {
        int failures = 0;
        qint64 blockedUntilMs = 0;
        qint64 lastFailureMs = 0;
    };
    static void fail(QHash<QString, Entry>& map, const QString& key, int freeFailures, qint64 nowMs);
    static qint64 waitMs(const QHash<QString, Entry>& map, const QString& key, qint64 nowMs);

    std::mutex m_mutex;
    QHash<QString, Entry> m_accounts, m_addresses;
};

} // namespace as::server
