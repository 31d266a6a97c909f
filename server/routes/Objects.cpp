// Objects: register, list, state, delete, and the public .torrent (core/protocol/Objects.h).
#include "core/protocol/Objects.h"

#include "server/http/Http.h"
#include "server/master/OutageChanges.h"
#include "server/routes/Grants.h"
#include "server/routes/ObjectView.h"
#include "server/store/RangeSet.h"
#include "server/torrent/TorrentCheck.h"

namespace as::server {
using namespace Qt::Literals::StringLiterals;

protocol::ObjectInfo toInfo(DcContext& ctx, const ObjectRecord& o, bool detail)
{
    protocol::ObjectInfo info;
    info.id = o.id;
    info.size = o.size;
    info.pieceLength = o.pieceLength;
    info.state = o.state;
    info.createdAt = o.createdAt;
    info.sealedMetadata = o.sealedMetadata;
    info.wrappedFileKey = o.wrappedFileKey;
    info.replicas = o.replicas;
    if (o.state == protocol::kStateAvailable)
        if (auto g = ctx.planner.describe(o.id, ctx.store)) {
            info.replicas = g->liveReplicas; // live holders; o.replicas also counts absent ones
            info.targetReplicas = g->targetReplicas;
            info.availability = g->availability;
        }
    info.receivedBytes = o.state == protocol::kStateAvailable ? o.size : 0;
    if (o.state != protocol::kStateAvailable) {
        if (auto have = ctx.store.receivedRanges(o.id)) {
            info.receivedBytes = coveredBytes(*have);
            if (detail)
                info.missing = missingRanges(*have, o.size);
        }
    }
    if (detail)
        if (auto holders = ctx.store.holdersOf(o.id, nowSeconds(), ctx.config.onlineGrace()))
            info.holders = *holders;
    return info;
}

Result<ObjectRecord> ownedObject(DcContext& ctx, const QString& user, const QString& id)
{
    auto o = ctx.store.object(id);
    if (!o)
        return o.error();
    if (o->owner == user)
        return o;
    // A recipient learns why (docs/sharing.md "Sharing to a named user"); anyone else gets NotFound.
    if (auto owner = grantOwnerFor(ctx, id, user))
        return makeError(ErrorCode::Forbidden,
            u"this file was shared with you by %1: only its owner can delete it, share it or change its links"_s.arg(*owner));
    return makeError(ErrorCode::NotFound, u"no object %1"_s.arg(id));
}

Result<OwnedObject> authenticatedOwner(DcContext& ctx, const httplib::Request& req)
{
    auto who = authenticatedId(ctx, req);
    if (!who)
        return who.error();
    auto o = ownedObject(ctx, who->user, who->id);
    if (!o)
        return o.error();
    return OwnedObject { who->user, std::move(*o) };
}

Result<Registered> registerObjectFor(DcContext& ctx, const QString& user, const protocol::ObjectRegister& body)
{
    auto summary = inspectTorrent(body.torrent, ctx.config.maxObjectSize);
    if (!summary)
        return summary.error();
    if (summary->v2Hex != body.id)
        return makeError(
            ErrorCode::InvalidArgument, u"'id' must equal the torrent's v2 info-hash (%1)"_s.arg(summary->v2Hex));
    std::lock_guard lock(ctx.locks.forObject(body.id));
    if (auto existing = ctx.store.object(body.id)) {
        // Re-registering one's own object (a client retrying after a crash) is fine; anyone else: conflict.
        auto torrent = ctx.store.torrent(body.id);
        if (existing->owner == user && torrent && *torrent == body.torrent)
            return Registered { *existing, false };
        return makeError(ErrorCode::Conflict, u"object %1 is already registered"_s.arg(body.id));
    }
    ObjectRecord o;
    o.id = body.id;
    o.owner = user;
    o.size = summary->size;
    o.pieceLength = summary->pieceLength;
    // At a standby (an outage) there is no DC to upload to: the object is available from its owner's node at
    // once and placed on peers with the pure-P2P count (docs/outage.md).
    o.state = ctx.config.standby ? protocol::kStateAvailable : protocol::kStateUploading;
    o.createdAt = nowSeconds();
    o.sealedMetadata = body.sealedMetadata;
    o.wrappedFileKey = body.wrappedFileKey;
    o.v1Hash = summary->v1Hex;
    o.v2Short = summary->v2ShortHex;
    // The sparse partial exists before the row, so every registered uploading object has somewhere to write.
    if (!ctx.config.standby)
        if (Status s = ctx.blobs.preparePartial(o.id, o.size); !s)
            return s.error();
    if (Status s = ctx.store.createObject(o, body.torrent); !s) {
        if (s.error().code == ErrorCode::AlreadyExists)
            return makeError(ErrorCode::Conflict, s.error().message);
        return s.error();
    }
    if (ctx.config.standby)
        ctx.planner.markWithoutDcCopy(o.id);
    return Registered { o, true };
}

Status deleteObjectFor(DcContext& ctx, const QString& user, const QString& id)
{
    std::lock_guard lock(ctx.locks.forObject(id));
    auto o = ownedObject(ctx, user, id);
    if (!o)
        return o.error();
    // Row first: once it is gone nothing serves the blob, and a crash leaves only an orphan file.
    if (Status s = ctx.store.deleteObject(id); !s)
        return s;
    ctx.objectCache.invalidate(id);
    ctx.blobs.remove(id);
    ctx.swarms.forget(id);
    if (Status s = ctx.store.deleteGrantsOf(id); !s) // answered by no route once the object is gone anyway
        qWarning("delete %s: grants kept: %s", qPrintable(id.left(12)), qPrintable(s.error().message));
    // The tombstone tells holders still reporting the object to drop it (docs/sharing.md). Without it the
    // object is gone all the same; only its replicas linger until their holders' next sync.
    if (Status s = ctx.store.recordObjectDeleted(id, nowSeconds()); !s)
        qWarning("delete %s: no tombstone: %s", qPrintable(id.left(12)), qPrintable(s.error().message));
    return {};
}

namespace {

void registerObject(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto user = authenticate(ctx, req);
    if (!user)
        return sendProblem(res, user.error());
    auto body = typedBody<protocol::ObjectRegister>(req);
    if (!body)
        return sendProblem(res, body.error());
    auto registered = registerObjectFor(ctx, *user, *body);
    if (!registered)
        return sendProblem(res, registered.error());
    if (ctx.config.standby && registered->created) // kept, with the user's signature, for the hand-back
        if (Status s = recordOutageChange(ctx, req); !s)
            return sendProblem(res, s.error());
    if (registered->created)
        res.set_header("Location", "/api/v1/objects/" + body->id.toStdString());
    sendJson(res, registered->created ? 201 : 200, toInfo(ctx, registered->object, true).toJson());
}

void listObjects(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    sendAccountRead(
        ctx, req, res, [&](const QString& user) { return ctx.store.objectsOf(user); },
        [&](const QList<ObjectRecord>& objects) {
            protocol::ObjectList list;
            for (const ObjectRecord& o : objects)
                list.objects.append(toInfo(ctx, o, false));
            return list.toJson();
        });
}

void getObject(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto who = authenticatedId(ctx, req);
    if (!who)
        return sendProblem(res, who.error());
    const QString& user = who->user;
    const QString& id = who->id;
    if (auto cached = ctx.objectCache.get(id); cached && cached->owner == user) {
        res.status = 200;
        return res.set_content(cached->json.constData(), size_t(cached->json.size()), "application/json");
    }
    auto o = ownedObject(ctx, user, id);
    if (!o)
        return sendProblem(res, o.error());
    const QByteArray json = protocol::toBytes(toInfo(ctx, *o, true).toJson());
    ctx.objectCache.put(id, { o->owner, json });
    res.status = 200;
    res.set_content(json.constData(), size_t(json.size()), "application/json");
}

void deleteObject(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto who = authenticatedId(ctx, req);
    if (!who)
        return sendProblem(res, who.error());
    const QString& user = who->user;
    const QString& id = who->id;
    if (Status s = deleteObjectFor(ctx, user, id); !s)
        return sendProblem(res, s.error());
    if (ctx.config.standby) // a tombstone for the hand-back
        if (Status s = recordOutageChange(ctx, req); !s)
            return sendProblem(res, s.error());
    res.status = 204;
}

// Back from an outage, the DC may not have been handed an upload made at a standby yet (docs/outage.md,
// "Hand-back"): during that window an id it does not know is not final, unless it deleted it (a tombstone wins
// over any merge).
bool mayBeHandedBackYet(DcContext& ctx, const QString& id, qint64 now)
{
    if (now >= ctx.reconcilingUntil)
        return false;
    const auto deleted = ctx.store.wasDeleted(id);
    return deleted && !*deleted;
}

void getTorrent(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto id = pathId(req);
    if (!id)
        return sendProblem(res, id.error());
    auto t = ctx.store.torrent(*id);
    const qint64 now = nowSeconds();
    if (!t && t.error().code == ErrorCode::NotFound && mayBeHandedBackYet(ctx, *id, now))
        return sendNotKnownYet(res, int(ctx.reconcilingUntil - now),
            u"object %1 is not known yet: this data center is reconciling after an outage (its peers may have it)"_s
                .arg(*id));
    if (!t)
        return sendProblem(res, t.error());
    res.status = 200;
    res.set_header("Cache-Control", "public, max-age=31536000, immutable");
    res.set_content(t->constData(), size_t(t->size()), "application/x-bittorrent");
}

} // namespace

void registerObjectRoutes(Router& r)
{
    r.post("objects_create", "/api/v1/objects", registerObject);
    r.get("objects_list", "/api/v1/objects", listObjects);
    r.get("objects_get", "/api/v1/objects/([^/]+)", getObject);
    r.del("objects_delete", "/api/v1/objects/([^/]+)", deleteObject);
    r.get("objects_torrent", "/api/v1/objects/([^/]+)/torrent", getTorrent);
}

} // namespace as::server
