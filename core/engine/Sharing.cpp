// Revocable share links (docs/sharing.md): `share ID --expires DURATION` / `--revocable` asks the DC for a link
// id, `unshare` revokes one link or all of an object's, `shares` lists them with their expiry and use counts.
// The file key never goes to the DC: the link is formatted here from the link id and the key this profile holds.
#include "core/api/EngineApi.h"
#include "core/dcclient/DcClient.h"
#include "core/engine/Commands.h"
#include "core/engine/EngineContext.h"
#include "core/link/ShareLink.h"
#include "core/protocol/Links.h"

#include <QDateTime>
#include <QJsonArray>
#include <QPointer>
#include <QUrl>

namespace as::engine {
namespace {


api::LinkEntry linkEntry(EngineContext& ctx, const protocol::LinkInfo& l, qint64 now)
{
    api::LinkEntry e { l.linkId, l.objectId, {}, {}, l.stateAt(now), l.createdAt, l.expiresAt, l.revokedAt, l.uses,
        l.lastUsedAt };
    if (auto o = ctx.store().object(l.objectId)) {
        e.name = o->name;
        if (auto url = link::formatShareLink(QUrl(o->dcUrl), l.linkId, o->fileKey))
            e.link = *url;
    }
    return e;
}

// What `unshare` was given: a link id, a share link naming one, or one of my objects (id or prefix).
struct UnshareTarget {
    QString linkId;
    QString objectId;
    QString error;
    ErrorCode code = ErrorCode::Internal;
};

UnshareTarget unshareTarget(EngineContext& ctx, const QString& text)
{
    if (protocol::isLinkId(text))
        return { text, {}, {} };
    if (text.contains(QStringLiteral("://"))) {
        auto parsed = link::parseShareLink(text);
        if (!parsed)
            return { {}, {}, QStringLiteral("bad link: ") + parsed.error().message, ErrorCode::InvalidArgument };
        if (parsed->isRevocable())
            return { parsed->linkId, {}, {} };
        return { {}, parsed->objectId, {} }; // a permanent link: revoke the object's revocable ones
    }
    const Resolved which = resolveObjectId(ctx, text);
    if (!which.error.isEmpty())
        return { {}, {}, which.error, which.code };
    return { {}, which.id, {} };
}

} // namespace

void createShareLink(EngineContext& ctx, const api::ShareLinkRequest& request, CommandReply* reply)
{
    const auto target = accountDcObject(ctx, request.id, reply);
    if (!target)
        return;
    auto* dc = target->dc;
    const QString id = target->id;
    const auto object = ctx.store().object(id); // none: not mine, the DC answers why
    if (object && !object->owned)
        return reply->fail(ErrorCode::Forbidden, QStringLiteral("%1 is not yours: only its owner can share it").arg(id.left(12)));
    protocol::LinkCreate body;
    body.expiresIn = request.expiresIn;
    QPointer<CommandReply> r(reply);
    QPointer<EngineContext> context(&ctx);
    dc->createLink(id, body, [r, context](Result<protocol::LinkInfo> made) {
        if (!r || !context)
            return;
        if (!made)
            return r->failWith(QStringLiteral("share failed: "), made.error());
        r->succeedWith(linkEntry(*context, *made, QDateTime::currentSecsSinceEpoch()));
    });
}

void unshareObject(EngineContext& ctx, const api::UnshareRequest& request, CommandReply* reply)
{
    auto* dc = accountDc(ctx, reply);
    if (!dc)
        return;
    const UnshareTarget t = unshareTarget(ctx, request.target.trimmed());
    if (!t.error.isEmpty())
        return reply->fail(t.code, t.error);
    QPointer<CommandReply> r(reply);
    auto done = [r, t](Status s) {
        if (!r)
            return;
        if (!s)
            return r->failWith(QStringLiteral("unshare failed: "), s.error());
        r->succeedWith(api::UnshareReply { t.linkId, t.objectId });
    };
    if (!t.linkId.isEmpty())
        dc->revokeLink(t.linkId, done);
    else
        dc->revokeObjectLinks(t.objectId, done);
}

void listShares(EngineContext& ctx, const api::SharesRequest& request, CommandReply* reply)
{
    auto* dc = accountDc(ctx, reply);
    if (!dc)
        return;
    const bool all = request.all;
    QPointer<CommandReply> r(reply);
    QPointer<EngineContext> context(&ctx);
    dc->listLinks([r, context, all](Result<protocol::LinkList> list) {
        if (!r || !context)
            return;
        if (!list)
            return r->failWith(QStringLiteral("shares: "), list.error());
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        api::SharesReply out;
        for (const protocol::LinkInfo& l : list->links)
            if (all || l.stateAt(now) == QLatin1String("active"))
                out.links.append(linkEntry(*context, l, now));
        r->succeedWith(out);
    });
}

} // namespace as::engine
