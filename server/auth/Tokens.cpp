#include "server/auth/Tokens.h"

#include "core/util/Encoding.h"
#include "server/auth/PasswordHash.h"

namespace as::server {
using namespace Qt::Literals::StringLiterals;

namespace {
constexpr qint64 kCacheSeconds = 30;
constexpr int kMaxCache = 100000;

QString tokenHash(const QString& token)
{
    return toHex(sha256(token.toLatin1()));
}
} // namespace

QString bearerToken(const std::string& header)
{
    static const std::string prefix = "Bearer ";
    if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0 || header.size() > 512)
        return {};
    const QString token = QString::fromLatin1(header.substr(prefix.size())).trimmed();
    if (!fromBase64Url(token) || token.size() != 43)
        return {};
    return token;
}

Result<TokenService::Issued> TokenService::issue(const QString& username, qint64 now)
{
    Issued i { toBase64Url(randomBytes(32)), now + m_lifetime };
    if (Status s = m_store.createSession(tokenHash(i.token), username, i.expiresAt); !s)
        return s.error();
    return i;
}

Result<QString> TokenService::resolve(const QString& token, qint64 now)
{
    if (token.isEmpty())
        return makeError(ErrorCode::Unauthorized, u"missing or malformed 'Authorization: Bearer <token>' header"_s);
    const QString h = tokenHash(token);
    {
        std::lock_guard lock(m_mutex);
        auto it = m_cache.constFind(h);
        if (it != m_cache.constEnd() && now - it->cachedAt < kCacheSeconds && now < it->expiresAt)
            return it->username;
    }
    auto user = m_store.sessionUser(h, now);
    if (!user) {
        if (user.error().code == ErrorCode::NotFound)
            return makeError(ErrorCode::Unauthorized, u"the token is unknown, revoked or expired; log in again"_s);
        return user.error();
    }
    std::lock_guard lock(m_mutex);
    if (m_cache.size() > kMaxCache)
        m_cache.clear();
    m_cache.insert(h, Cached { user->first, now, user->second });
    return user->first;
}

void TokenService::forgetUser(const QString& username)
{
    std::lock_guard lock(m_mutex);
    m_cache.removeIf([&](const auto& it) { return it.value().username == username; });
}

Status TokenService::revoke(const QString& token)
{
    const QString h = tokenHash(token);
    {
        std::lock_guard lock(m_mutex);
        m_cache.remove(h);
    }
    return m_store.deleteSession(h);
}

} // namespace as::server
