#pragma once
// Bearer tokens: 32 random bytes, base64url, given to the client once; the store keeps only their SHA-256.
// Resolved tokens are cached in memory for a short time so an authenticated GET costs no extra query; a
// logout on this server evicts at once (other servers of a multi-server DC notice within the cache TTL).

#include "server/store/MetadataStore.h"

#include <QHash>
#include <mutex>

namespace as::server {

class TokenService {
public:
    explicit TokenService(MetadataStore& store, qint64 lifetimeSeconds = 30 * 24 * 3600)
        : m_store(store)
        , m_lifetime(lifetimeSeconds)
    { }

    struct Issued {
        QString token;
        qint64 expiresAt = 0;
    };
    Result<Issued> issue(const QString& username, qint64 now);
    // The username owning a live token; Unauthorized otherwise.
    Result<QString> resolve(const QString& token, qint64 now);
    Status revoke(const QString& token);
    // Drops cached tokens of `username` (its account was created anew: older tokens must not resolve from cache).
    void forgetUser(const QString& username);

private:
    struct Cached {
        QString username;
        qint64 cachedAt = 0;
        qint64 expiresAt = 0;
    };
    MetadataStore& m_store;
    qint64 m_lifetime;
    std::mutex m_mutex;
    QHash<QString, Cached> m_cache; // token hash → user
};

// "Bearer <token>" → token (empty if the header is missing or malformed).
QString bearerToken(const std::string& authorizationHeader);

} // namespace as::server
