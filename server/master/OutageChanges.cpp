#include "server/master/OutageChanges.h"

#include "core/crypto/Identity.h"
#include "core/protocol/Master.h"
#include "core/protocol/Routes.h"
#include "core/util/Encoding.h"
#include "core/util/Ids.h"
#include "server/auth/Username.h"
#include "server/http/Http.h"
#include "server/routes/ObjectView.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace as::server {
using namespace Qt::Literals::StringLiterals;

Status recordOutageChange(DcContext& ctx, const httplib::Request& req)
{
    using namespace protocol::signedhdr;
    protocol::SignedChange c;
    c.method = QByteArray::fromStdString(req.method);
    c.target = QByteArray::fromStdString(req.target.empty() ? req.path : req.target);
    c.account = QString::fromStdString(req.get_header_value(kAccount));
    c.publicKey = fromBase64Url(QString::fromStdString(req.get_header_value(kKey))).value_or(QByteArray());
    c.timeMs = QString::fromStdString(req.get_header_value(kTime)).toLongLong();
    c.nonce = QByteArray::fromStdString(req.get_header_value(kNonce));
    c.signature = fromBase64Url(QString::fromStdString(req.get_header_value(kSignature))).value_or(QByteArray());
    c.body = QByteArray::fromStdString(req.body);
    return ctx.store.recordOutageChange(c.toJson());
}

Status restoreOutageUploads(DcContext& ctx)
{
    constexpr int kMostKept = 100'000; // an outage's registrations at one standby, far above any real one
    auto changes = ctx.store.outageChanges(kMostKept);
    if (!changes)
        return changes.error();
    for (const auto& [seq, json] : *changes) {
        auto c = protocol::SignedChange::fromJson(json);
        if (!c || c->method != "POST" || c->target != protocol::routes::kObjects)
            continue;
        const QString id = QJsonDocument::fromJson(c->body).object().value(u"id"_s).toString();
        if (ctx.store.object(id)) // not deleted since
            ctx.planner.markWithoutDcCopy(id);
    }
    return {};
}

namespace {
QString outageUploadKey(const QString& objectId)
{
    return u"outage_upload:"_s + objectId;
}
} // namespace

bool isOutageUpload(DcContext& ctx, const QString& objectId)
{
    return bool(ctx.store.meta(outageUploadKey(objectId)));
}

namespace {

// The user's own signature, by a key that may act for the account (its public key or one of its nodes).
Status checkChange(DcContext& ctx, const protocol::SignedChange& c)
{
    const QByteArray signed_
        = protocol::requestSigningBytes(c.method, c.target, c.account, c.timeMs, c.nonce, c.body);
    if (!crypto::verifySignature(c.publicKey, signed_, c.signature))
        return makeError(ErrorCode::Unauthorized, u"the user's signature does not check"_s);
    auto account = ctx.store.account(canonicalUsername(c.account));
    if (!account)
        return makeError(ErrorCode::Forbidden, u"no account '%1'"_s.arg(c.account));
    if (account->publicKey == c.publicKey)
        return {};
    const QString peerId = crypto::peerIdFromPublicKey(c.publicKey);
    auto peers = ctx.store.peersOf(canonicalUsername(c.account));
    if (peers && std::any_of(peers->cbegin(), peers->cend(), [&](const PeerRecord& p) { return p.peerId == peerId; }))
        return {};
    return makeError(ErrorCode::Forbidden, u"the signing key is not a node of '%1'"_s.arg(c.account));
}

// Applies one checked change: true when it changed the DC, false when it was already applied.
Result<bool> applyChange(DcContext& ctx, const protocol::SignedChange& c)
{
    const QString objects = QString::fromLatin1(protocol::routes::kObjects);
    const QString target = QString::fromLatin1(c.target);
    if (c.method == "POST" && target == objects) {
        auto json = protocol::parseObject(c.body);
        auto body = json ? protocol::ObjectRegister::fromJson(*json) : Result<protocol::ObjectRegister>(json.error());
        if (!body)
            return body.error();
        // A registration arriving after the object's deletion (a late or second merge, another standby's
        // copy of the same outage) changes nothing: the tombstone wins.
        if (auto deleted = ctx.store.wasDeleted(body->id); deleted && *deleted)
            return false;
        auto registered = registerObjectFor(ctx, canonicalUsername(c.account), *body);
        if (!registered)
            return registered.error();
        if (Status s = ctx.store.setMeta(outageUploadKey(body->id), u"1"_s); !s)
            return s.error();
        return registered->created;
    }
    if (c.method == "DELETE" && target.startsWith(objects + u'/')) {
        const QString id = target.mid(objects.size() + 1);
        if (!isValidId(id))
            return makeError(ErrorCode::InvalidArgument, u"not an object id"_s);
        Status s = deleteObjectFor(ctx, canonicalUsername(c.account), id);
        if (!s && s.error().code == ErrorCode::NotFound)
            return false; // deleted already (or never reached the DC): the tombstone holds
        if (!s)
            return s.error();
        return true;
    }
    return makeError(ErrorCode::InvalidArgument, u"not a change a standby makes"_s);
}

void merge(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    if (!ctx.masterKey)
        return sendProblem(res, makeError(ErrorCode::NotFound, u"only the data center takes a merge"_s));
    // Any node may hand back: each change stands on its user's signature, and applying is idempotent, so a
    // merge sent twice, late, or by a peer that is no longer a standby changes nothing it should not.
    auto caller = verifySignedRequest(req, ctx.nonces, nowMilliseconds());
    if (!caller)
        return sendProblem(res, caller.error());
    auto body = typedBody<protocol::MergeRequest>(req);
    if (!body)
        return sendProblem(res, body.error());
    protocol::MergeReply reply;
    for (const protocol::SignedChange& c : body->changes) {
        Status checked = checkChange(ctx, c);
        auto applied = checked ? applyChange(ctx, c) : Result<bool>(checked.error());
        if (!applied)
            reply.rejected.append(u"%1 %2: %3"_s.arg(QString::fromLatin1(c.method), QString::fromLatin1(c.target),
                applied.error().message));
        else if (*applied)
            ++reply.applied;
        else
            ++reply.unchanged;
    }
    sendJson(res, 200, reply.toJson());
}

} // namespace

void registerMergeRoute(Router& r)
{
    r.post("master_merge", protocol::routes::kMasterMerge, merge);
}

} // namespace as::server
