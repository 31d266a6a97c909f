// Accounts and sessions: register, the salt lookup a new machine needs, log in, log out (core/protocol/Accounts.h).
#include "core/protocol/Accounts.h"

#include "server/auth/PasswordHash.h"
#include "server/http/Http.h"

namespace as::server {
using namespace Qt::Literals::StringLiterals;

namespace {

void createAccount(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto body = typedBody<protocol::AccountCreate>(req);
    if (!body)
        return sendProblem(res, body.error());
    if (ctx.store.account(body->username))
        return sendProblem(res, makeError(ErrorCode::AlreadyExists, u"username '%1' is taken"_s.arg(body->username)));
    auto hash = hashAuthSecret(body->authSecret);
    if (!hash)
        return sendProblem(res, hash.error());
    AccountRecord a { body->username, *hash, body->salt, body->kdf, body->wrappedMasterKey, body->publicKey,
        nowSeconds() };
    if (Status s = ctx.store.createAccount(a); !s)
        return sendProblem(res, s.error());
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
    if (auto a = ctx.store.account(name)) {
        out.salt = a->salt;
        out.kdf = a->kdf;
    } else if (a.error().code == ErrorCode::NotFound) {
        out.salt = hmacSha256(ctx.serverSecret, name.toUtf8()).left(16);
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
    auto account = ctx.store.account(body->username);
    if (!account && account.error().code != ErrorCode::NotFound)
        return sendProblem(res, account.error());
    // Unknown users cost the same scrypt as known ones: response time does not reveal which exist.
    static const QString dummy = hashAuthSecret(QByteArray(32, 'x')).value();
    const bool ok = verifyAuthSecret(body->authSecret, account ? account->authHash : dummy) && account.ok();
    if (!ok)
        return sendProblem(res, makeError(ErrorCode::Unauthorized, u"wrong username or auth secret"_s));
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
