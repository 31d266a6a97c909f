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

const QString kNotLoggedIn = QStringLiteral("not logged in: run 'login --dc URL USER' first");

QJsonObject linkJson(EngineContext& ctx, const protocol::LinkInfo& l, qint64 now)
{
    QJsonObject j = l.toJson();
    j.insert(QStringLiteral("state"), l.stateAt(now));
    if (auto o = ctx.store().object(l.objectId)) {
        j.insert(QStringLiteral("name"), o->name);
        if (auto url = link::formatShareLink(QUrl(o->dcUrl), l.linkId, o->fileKey))
            j.insert(QStringLiteral("link"), *url);
    }
    return j;
}

// What `unshare` was given: a link id, a share link naming one, or one of my objects (id or prefix).
struct UnshareTarget {
    QString linkId;
    QString objectId;
    QString error;
    int exitCode = 0;
};

UnshareTarget unshareTarget(EngineContext& ctx, const QString& text)
{
    if (protocol::isLinkId(text))
        return { text, {}, {}, 0 };
    if (text.contains(QStringLiteral("://"))) {
        auto parsed = link::parseShareLink(text);
        if (!parsed)
            return { {}, {}, QStringLiteral("bad link: ") + parsed.error().message, 2 };
        if (parsed->isRevocable())
            return { parsed->linkId, {}, {}, 0 };
        return { {}, parsed->objectId, {}, 0 }; // a permanent link: revoke the object's revocable ones
    }
    const Resolved which = resolveObjectId(ctx, text);
    if (!which.error.isEmpty())
        return { {}, {}, which.error, which.exitCode };
    return { {}, which.id, {}, 0 };
}

} // namespace

void createShareLink(EngineContext& ctx, const QJsonObject& args, CommandReply* reply)
{
    if (!ctx.account())
        return reply->fail(kNotLoggedIn);
    const Resolved which = resolveObjectId(ctx, args.value(QStringLiteral("id")).toString());
    if (!which.error.isEmpty())
        return reply->fail(which.error, which.exitCode);
    const auto object = ctx.store().object(which.id);
    if (!object->owned)
        return reply->fail(QStringLiteral("%1 is not yours: only its owner can share it").arg(object->name));
    protocol::LinkCreate body;
    body.expiresIn = qint64(args.value(QStringLiteral("expires_in")).toDouble());
    if (body.expiresIn < 0 || body.expiresIn > protocol::kMaxLinkLifetime)
        return reply->fail(QStringLiteral("share: --expires must be between 1 second and 10 years"), 2);
    auto* dc = ctx.dc();
    if (!dc)
        return reply->fail(QStringLiteral("no data center configured"));
    QPointer<CommandReply> r(reply);
    QPointer<EngineContext> context(&ctx);
    dc->createLink(which.id, body, [r, context](Result<protocol::LinkInfo> made) {
        if (!r || !context)
            return;
        if (!made)
            return r->fail(QStringLiteral("share failed: ") + made.error().message);
        r->succeed(linkJson(*context, *made, QDateTime::currentSecsSinceEpoch()));
    });
}

void unshareObject(EngineContext& ctx, const QJsonObject& args, CommandReply* reply)
{
    if (!ctx.account())
        return reply->fail(kNotLoggedIn);
    const UnshareTarget t = unshareTarget(ctx, args.value(QStringLiteral("target")).toString().trimmed());
    if (!t.error.isEmpty())
        return reply->fail(t.error, t.exitCode);
    auto* dc = ctx.dc();
    if (!dc)
        return reply->fail(QStringLiteral("no data center configured"));
    QPointer<CommandReply> r(reply);
    auto done = [r, t](Status s) {
        if (!r)
            return;
        if (!s)
            return r->fail(QStringLiteral("unshare failed: ") + s.error().message);
        r->succeed({ { QStringLiteral("link_id"), t.linkId }, { QStringLiteral("object_id"), t.objectId } });
    };
    if (!t.linkId.isEmpty())
        dc->revokeLink(t.linkId, done);
    else
        dc->revokeObjectLinks(t.objectId, done);
}

void listShares(EngineContext& ctx, const QJsonObject& args, CommandReply* reply)
{
    if (!ctx.account())
        return reply->fail(kNotLoggedIn);
    auto* dc = ctx.dc();
    if (!dc)
        return reply->fail(QStringLiteral("no data center configured"));
    const bool all = args.value(QStringLiteral("all")).toBool();
    QPointer<CommandReply> r(reply);
    QPointer<EngineContext> context(&ctx);
    dc->listLinks([r, context, all](Result<protocol::LinkList> list) {
        if (!r || !context)
            return;
        if (!list)
            return r->fail(QStringLiteral("shares: ") + list.error().message);
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QJsonArray out;
        for (const protocol::LinkInfo& l : list->links)
            if (all || l.stateAt(now) == QLatin1String("active"))
                out.append(linkJson(*context, l, now));
        r->succeed({ { QStringLiteral("links"), out } });
    });
}

} // namespace as::engine
