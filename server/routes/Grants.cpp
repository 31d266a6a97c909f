// Sharing to a named user (docs/sharing.md, docs/api.md "Sharing to a user"): account key pairs, a user's
// public key, grants of an object to a user, and what is shared with me. The DC stores sealed keys only.
#include "server/routes/Grants.h"

#include "core/protocol/Accounts.h"
#include "core/protocol/Grants.h"
#include "server/auth/Username.h"
#include "server/routes/ObjectView.h"

namespace as::server {
using namespace Qt::Literals::StringLiterals;

namespace {

// An account by the name typed (folded; an account from before folding also by its exact spelling).
Result<QString> existingUser(DcContext& ctx, const QString& typed)
{
    if (!protocol::isValidUsername(typed))
        return makeError(ErrorCode::InvalidArgument, u"'%1' is not a user name"_s.arg(typed.left(64)));
    const QString folded = canonicalUsername(typed);
    if (auto a = ctx.store.account(folded))
        return a->username;
    else if (a.error().code != ErrorCode::NotFound)
        return a.error();
    if (auto exact = ctx.store.account(typed))
        return exact->username;
    return makeError(ErrorCode::NotFound, u"no user '%1' at this data center"_s.arg(typed));
}

void myKeys(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    sendAccountRead(
        ctx, req, res, [&](const QString& user) { return ctx.store.accountKeys(user); },
        [](const protocol::AccountKeys& keys) { return keys.toJson(); });
}

// Set once: a stolen session must not swap the keys that others seal files to.
void setMyKeys(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto user = authenticate(ctx, req);
    if (!user)
        return sendProblem(res, user.error());
    auto body = typedBody<protocol::AccountKeys>(req);
    if (!body)
        return sendProblem(res, body.error());
    if (auto existing = ctx.store.accountKeys(*user)) {
        if (existing->publicKey == body->publicKey && existing->wrappedPrivateKey == body->wrappedPrivateKey)
            return sendJson(res, 200, existing->toJson());
        return sendProblem(res, makeError(ErrorCode::Conflict, u"this account already has a key pair"_s));
    }
    if (Status s = ctx.store.setAccountKeys(*user, *body, nowSeconds()); !s)
        return sendProblem(res, s.error());
    sendJson(res, 201, body->toJson());
}

void userKey(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto user = authenticate(ctx, req);
    if (!user)
        return sendProblem(res, user.error());
    auto name = existingUser(ctx, QString::fromStdString(req.matches[1]));
    if (!name)
        return sendProblem(res, name.error());
    auto keys = ctx.store.accountKeys(*name);
    if (!keys && keys.error().code == ErrorCode::NotFound)
        return sendProblem(res, makeError(ErrorCode::Conflict,
            u"'%1' cannot receive files yet: they have to log in once with a current AmazingStore"_s.arg(*name)));
    if (!keys)
        return sendProblem(res, keys.error());
    sendJson(res, 200, protocol::UserKey { *name, keys->publicKey }.toJson());
}

void addRecipient(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto owned = authenticatedOwner(ctx, req);
    if (!owned)
        return sendProblem(res, owned.error());
    const QString& user = owned->user;
    const QString& id = owned->object.id;
    auto body = typedBody<protocol::GrantCreate>(req);
    if (!body)
        return sendProblem(res, body.error());
    auto recipient = existingUser(ctx, body->username);
    if (!recipient)
        return sendProblem(res, recipient.error());
    if (*recipient == user)
        return sendProblem(res, makeError(ErrorCode::InvalidArgument, u"you cannot share a file with yourself"_s));
    auto existing = ctx.store.grantsOf(id);
    if (!existing)
        return sendProblem(res, existing.error());
    if (existing->size() >= protocol::kMaxRecipientsPerObject)
        return sendProblem(res, makeError(ErrorCode::Conflict,
            u"a file can be shared with at most %1 users; stop sharing with some first"_s.arg(protocol::kMaxRecipientsPerObject)));
    protocol::GrantInfo g;
    g.objectId = id;
    g.owner = user;
    g.recipient = *recipient;
    g.sealedKey = body->sealedKey;
    g.createdAt = nowSeconds();
    if (Status s = ctx.store.putGrant(g); !s)
        return sendProblem(res, s.error());
    auto stored = ctx.store.grant(id, *recipient);
    if (!stored)
        return sendProblem(res, stored.error());
    sendJson(res, 201, stored->toJson());
}

void listRecipients(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto owned = authenticatedOwner(ctx, req);
    if (!owned)
        return sendProblem(res, owned.error());
    const QString& id = owned->object.id;
    auto grants = ctx.store.grantsOf(id);
    if (!grants)
        return sendProblem(res, grants.error());
    sendJson(res, 200, protocol::GrantList { *grants }.toJson());
}

void removeRecipient(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto owned = authenticatedOwner(ctx, req);
    if (!owned)
        return sendProblem(res, owned.error());
    const QString& id = owned->object.id;
    const QString typed = QString::fromStdString(req.matches[2]);
    auto recipient = existingUser(ctx, typed);
    const QString name = recipient ? *recipient : canonicalUsername(typed);
    auto removed = ctx.store.deleteGrant(id, name);
    if (!removed)
        return sendProblem(res, removed.error());
    if (!*removed)
        return sendProblem(res, makeError(ErrorCode::NotFound, u"%1 is not shared with '%2'"_s.arg(id.left(12), typed.left(64))));
    res.status = 204;
}

void sharedWithMe(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    sendAccountRead(
        ctx, req, res, [&](const QString& user) { return ctx.store.grantsTo(user); },
        [](const QList<protocol::GrantInfo>& grants) { return protocol::GrantList { grants }.toJson(); });
}

// The sealed key of one object for the caller, asked before every download: after `unshare --to` it is refused.
void sharedWithMeObject(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto who = authenticatedId(ctx, req);
    if (!who)
        return sendProblem(res, who.error());
    const QString& user = who->user;
    const QString& id = who->id;
    auto g = ctx.store.grant(id, user);
    if (!g && g.error().code == ErrorCode::NotFound)
        return sendProblem(res, makeError(ErrorCode::Forbidden,
            u"%1 is not shared with you (its owner may have stopped sharing it, or deleted it)"_s.arg(id.left(12))));
    if (!g)
        return sendProblem(res, g.error());
    res.set_header("Cache-Control", "no-store");
    sendJson(res, 200, g->toJson());
}

} // namespace

Result<QString> grantOwnerFor(DcContext& ctx, const QString& objectId, const QString& user)
{
    auto g = ctx.store.grant(objectId, user);
    if (!g)
        return g.error();
    return g->owner;
}

void registerGrantRoutes(Router& r)
{
    r.get("account_keys_get", "/api/v1/account/keys", myKeys);
    r.post("account_keys_set", "/api/v1/account/keys", setMyKeys);
    r.get("user_key", "/api/v1/users/([^/]+)/key", userKey);
    r.post("recipients_add", "/api/v1/objects/([^/]+)/recipients", addRecipient);
    r.get("recipients_list", "/api/v1/objects/([^/]+)/recipients", listRecipients);
    r.del("recipients_remove", "/api/v1/objects/([^/]+)/recipients/([^/]+)", removeRecipient);
    r.get("shared_with_me", "/api/v1/shared-with-me", sharedWithMe);
    r.get("shared_with_me_object", "/api/v1/shared-with-me/([^/]+)", sharedWithMeObject);
}

} // namespace as::server
