// Revocable share links (docs/sharing.md, docs/api.md "Share links"): create, list, revoke, resolve, and the
// ciphertext of a link's object while the link works.
#include "server/routes/ShareLinks.h"

#include "core/crypto/Random.h"
#include "server/routes/DataServe.h"
#include "server/routes/Grants.h"
#include "server/routes/ObjectView.h"

#include <QDateTime>

#include <optional>
#include <utility>

namespace as::server {
using namespace Qt::Literals::StringLiterals;

namespace {

QString utcTime(qint64 t)
{
    return QDateTime::fromSecsSinceEpoch(t, Qt::UTC).toString(u"yyyy-MM-dd HH:mm 'UTC'"_s);
}

Result<QString> pathLinkId(const httplib::Request& req)
{
    const QString id = QString::fromStdString(req.matches[1]);
    if (!protocol::isLinkId(id))
        return makeError(ErrorCode::NotFound, u"not a link id"_s);
    return id;
}

Result<QString> newLinkId()
{
    auto bytes = crypto::randomBytes(protocol::kLinkIdLength / 2);
    if (!bytes)
        return bytes.error();
    return QString::fromLatin1(bytes->toHex());
}

void createLink(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto owned = authenticatedOwner(ctx, req);
    if (!owned)
        return sendProblem(res, owned.error());
    const QString& user = owned->user;
    const QString& id = owned->object.id;
    auto body = typedBody<protocol::LinkCreate>(req);
    if (!body)
        return sendProblem(res, body.error());
    auto count = ctx.store.linkCountOf(id);
    if (!count)
        return sendProblem(res, count.error());
    if (*count >= protocol::kMaxLinksPerObject)
        return sendProblem(res, makeError(ErrorCode::Conflict,
            u"an object has at most %1 links; revoke some first"_s.arg(protocol::kMaxLinksPerObject)));
    auto linkId = newLinkId();
    if (!linkId)
        return sendProblem(res, linkId.error());
    protocol::LinkInfo link;
    link.linkId = *linkId;
    link.objectId = id;
    link.createdAt = nowSeconds();
    link.expiresAt = body->expiresIn > 0 ? link.createdAt + body->expiresIn : 0;
    if (Status s = ctx.store.createLink(link, user); !s)
        return sendProblem(res, s.error());
    res.set_header("Location", "/api/v1/links/" + linkId->toStdString());
    sendJson(res, 201, link.toJson());
}

void listLinks(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    sendAccountRead(
        ctx, req, res, [&](const QString& user) { return ctx.store.linksOf(user); },
        [](const QList<protocol::LinkInfo>& links) { return protocol::LinkList { links }.toJson(); });
}

void revokeLink(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto who = authenticatedId(ctx, req, pathLinkId);
    if (!who)
        return sendProblem(res, who.error());
    const QString& user = who->user;
    const QString& id = who->id;
    auto owner = ctx.store.linkOwner(id);
    if (!owner || *owner != user) // another account's link answers as if it did not exist
        return sendProblem(res, makeError(ErrorCode::NotFound, u"no link %1"_s.arg(id)));
    if (Status s = ctx.store.revokeLink(id, nowSeconds()); !s)
        return sendProblem(res, s.error());
    res.status = 204;
}

void revokeObjectLinks(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto owned = authenticatedOwner(ctx, req);
    if (!owned)
        return sendProblem(res, owned.error());
    const QString& id = owned->object.id;
    if (Status s = ctx.store.revokeLinksOf(id, nowSeconds()); !s)
        return sendProblem(res, s.error());
    res.status = 204;
}

// The opening of the public link routes: the path's link id and its check; nothing once a problem was answered.
std::optional<std::pair<QString, ValidLink>> openedLink(
    DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto id = pathLinkId(req);
    if (!id) {
        sendProblem(res, id.error());
        return std::nullopt;
    }
    LinkCheck check = checkLink(ctx, *id);
    if (!check.valid) {
        sendLinkProblem(res, check);
        return std::nullopt;
    }
    return std::pair { *id, *check.valid };
}

void resolveLink(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    const auto link = openedLink(ctx, req, res);
    if (!link)
        return;
    const auto& [id, valid] = *link;
    // Use counts are the DC's (a standby's would never reach it). A use lost to a failed write only
    // undercounts the owner's statistic; the visitor still gets the file.
    if (!ctx.config.standby)
        (void)ctx.store.countLinkUse(id, nowSeconds());
    const protocol::LinkResolution r { id, valid.object.id, valid.object.size, valid.link.expiresAt };
    res.set_header("Cache-Control", "no-store");
    sendJson(res, 200, r.toJson());
}

// The page's Range requests. A request from byte 0 (the page opening the file) counts as one use.
void linkData(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    const auto link = openedLink(ctx, req, res);
    if (!link)
        return;
    const auto& [id, valid] = *link;
    if (valid.object.state != protocol::kStateAvailable)
        return sendProblem(res, makeError(ErrorCode::NotFound, u"the file is still being uploaded by its owner"_s));
    const std::string range = req.get_header_value("Range");
    if (range.empty() || range.rfind("bytes=0-", 0) == 0)
        (void)ctx.store.countLinkUse(id, nowSeconds()); // as in resolveLink: a statistic, not the download
    serveObjectBytes(ctx, valid.object.id, req, res, { id.toStdString(), true });
}

} // namespace

LinkCheck checkLink(DcContext& ctx, const QString& linkId)
{
    // A standby knows links by their hash only (the change log never carries a link id, docs/outage.md).
    auto link = ctx.store.link(ctx.config.standby ? linkHash(linkId) : linkId);
    if (!link)
        return { link.error() };
    const qint64 now = nowSeconds();
    if (link->revokedAt > 0)
        return { makeError(ErrorCode::NotFound, u"this link was revoked by its owner on %1"_s.arg(utcTime(link->revokedAt))), true };
    if (link->expiresAt > 0 && now >= link->expiresAt)
        return { makeError(ErrorCode::NotFound, u"this link expired on %1"_s.arg(utcTime(link->expiresAt))), true };
    auto o = ctx.store.object(link->objectId);
    if (!o) {
        if (o.error().code == ErrorCode::NotFound)
            return { makeError(ErrorCode::NotFound, u"the file was deleted by its owner"_s), true };
        return { o.error() };
    }
    return { ValidLink { *link, *o } };
}

void sendLinkProblem(httplib::Response& res, const LinkCheck& check)
{
    if (check.gone)
        return sendProblem(res, check.valid.error(), 410);
    sendProblem(res, check.valid.error());
}

QStringList deletedAmong(DcContext& ctx, const QString& peerId, const QStringList& held, const QStringList& accepted)
{
    const QSet<QString> assigned = ctx.planner.assignedTo(peerId);
    if (held.size() == accepted.size() && assigned.isEmpty())
        return {};
    const QSet<QString> kept(accepted.begin(), accepted.end());
    QStringList out;
    for (const QString& id : held) {
        if (kept.contains(id) && !assigned.contains(id))
            continue;
        auto deleted = ctx.store.wasDeleted(id);
        if (deleted && *deleted && !ctx.store.object(id)) // an id registered again is not dropped
            out.append(id);
    }
    return out;
}

void registerStandbyLinkRoutes(Router& r)
{
    r.get("links_resolve", "/api/v1/links/([^/]+)", resolveLink);
}

void registerShareLinkRoutes(Router& r)
{
    r.post("links_create", "/api/v1/objects/([^/]+)/links", createLink);
    r.del("links_revoke_object", "/api/v1/objects/([^/]+)/links", revokeObjectLinks);
    r.get("links_list", "/api/v1/links", listLinks);
    r.get("links_resolve", "/api/v1/links/([^/]+)", resolveLink);
    r.del("links_revoke", "/api/v1/links/([^/]+)", revokeLink);
    r.get("links_data", "/s/([^/]+)/data", linkData);
    registerGrantRoutes(r);
}

} // namespace as::server
