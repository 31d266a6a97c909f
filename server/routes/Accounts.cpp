// Accounts and sessions: register, the salt lookup a new machine needs, log in, log out (core/protocol/Accounts.h).
#include "core/protocol/Accounts.h"

#include "server/auth/PasswordHash.h"
#include "server/auth/Username.h"
#include "server/http/Http.h"

namespace as::server {
using namespace Qt::Literals::StringLiterals;

namespace {

QString canonicalName(const QString& name)
{
    return canonicalUsername(name);
}

// An account by the name typed. Accounts from before case folding were renamed to their folded name, except
// where that name was taken: those kept their exact spelling, which alone still reaches them (no new account
// can have it: new names are stored folded). docs/dc-server.md, "Accounts from before case folding".
Result<AccountRecord> findAccount(DcContext& ctx, const QString& name)
{
    const QString canonical = canonicalName(name);
    if (canonical != name) {
        auto exact = ctx.store.account(name);
        if (exact || exact.error().code != ErrorCode::NotFound)
            return exact;
    }
    return ctx.store.account(canonical);
}

// A taken name is answered 409: registration has to tell a person the name is not theirs to pick. What we
// avoid is the cheap oracle: the answer costs the same scrypt work either way and registrations are
// rate-limited per address (docs/dc-server.md, "Accounts").
void createAccount(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    int wait = 0;
    if (!ctx.registrationsPerAddress.allow(clientAddress(req), nowMilliseconds(), &wait))
        return sendTooMany(res, wait, u"too many registrations from this address"_s);
    auto body = typedBody<protocol::AccountCreate>(req);
    if (!body)
        return sendProblem(res, body.error());
    auto hash = hashAuthSecret(body->authSecret);
    if (!hash)
        return sendProblem(res, hash.error());
    AccountRecord a { canonicalName(body->username), *hash, body->salt, body->kdf, body->wrappedMasterKey,
        body->publicKey, nowSeconds() };
    if (Status s = ctx.store.createAccount(a); !s)
        return sendProblem(res, s.error());
    ctx.tokens.forgetUser(a.username);
    sendJson(res, 201, protocol::AccountCreated { a.username, a.createdAt }.toJson());
}

// Unknown usernames get a salt derived from the server secret, stable across calls, so this public route does
// not reveal which accounts exist.
void accountSalt(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    const QString name = QString::fromStdString(req.matches[1].str());
    if (!protocol::isValidUsername(name))
        return sendProblem(res, makeError(ErrorCode::NotFound, u"not a valid username"_s));
    protocol::AccountSalt out { name, {}, {} };
    if (auto a = findAccount(ctx, name)) {
        out.salt = a->salt;
        out.kdf = a->kdf;
    } else if (a.error().code == ErrorCode::NotFound) {
        out.salt = hmacSha256(ctx.serverSecret, canonicalName(name).toUtf8()).left(16);
        if (auto kdf = ctx.store.anyKdf())
            out.kdf = *kdf;
    } else {
        return sendProblem(res, a.error());
    }
    sendJson(res, 200, out.toJson());
}

void login(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto body = typedBody<protocol::LoginRequest>(req);
    if (!body)
        return sendProblem(res, body.error());
    // Back-off before any scrypt work: during a wait even the right secret is refused (docs/dc-server.md).
    const QString key = canonicalName(body->username), address = clientAddress(req);
    if (const int wait = ctx.logins.retryAfter(key, address, nowMilliseconds()); wait > 0)
        return sendTooMany(res, wait, u"too many failed logins for this account or address; retry later"_s);
    auto account = findAccount(ctx, body->username);
    if (!account && account.error().code != ErrorCode::NotFound)
        return sendProblem(res, account.error());
    // Unknown users cost the same scrypt as known ones: response time does not reveal which exist.
    static const QString dummy = hashAuthSecret(QByteArray(32, 'x')).value();
    const bool ok = verifyAuthSecret(body->authSecret, account ? account->authHash : dummy) && account.ok();
    if (!ok) {
        ctx.logins.failed(key, address, nowMilliseconds());
        return sendProblem(res, makeError(ErrorCode::Unauthorized, u"wrong username or auth secret"_s));
    }
    ctx.logins.succeeded(key);
    auto issued = ctx.tokens.issue(account->username, nowSeconds());
    if (!issued)
        return sendProblem(res, issued.error());
    protocol::LoginReply reply { issued->token, issued->expiresAt, account->username, account->salt, account->kdf,
        account->wrappedMasterKey, account->publicKey };
    res.set_header("Cache-Control", "no-store");
    sendJson(res, 201, reply.toJson());
}

void logout(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto user = authenticate(ctx, req);
    if (!user)
        return sendProblem(res, user.error());
    if (Status s = ctx.tokens.revoke(bearerToken(req.get_header_value("Authorization"))); !s)
        return sendProblem(res, s.error());
    res.status = 204;
}

} // namespace

void registerAccountRoutes(Router& r)
{
    r.post("accounts_create", "/api/v1/accounts", createAccount);
    r.get("accounts_salt", "/api/v1/accounts/([^/]+)/salt", accountSalt);
    r.post("sessions_create", "/api/v1/sessions", login);
    r.del("sessions_delete", "/api/v1/sessions", logout);
}

} // namespace as::server
