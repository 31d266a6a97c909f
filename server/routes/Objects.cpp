// Objects: register, list, state, delete, and the public .torrent (core/protocol/Objects.h).
#include "core/protocol/Objects.h"

#include "server/http/Http.h"
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
    if (o->owner != user)
        return makeError(ErrorCode::NotFound, u"no object %1"_s.arg(id));
    return o;
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
    auto summary = inspectTorrent(body->torrent, ctx.config.maxObjectSize);
    if (!summary)
        return sendProblem(res, summary.error());
    if (summary->v2Hex != body->id)
        return sendProblem(res,
            makeError(
                ErrorCode::InvalidArgument, u"'id' must equal the torrent's v2 info-hash (%1)"_s.arg(summary->v2Hex)));
    std::lock_guard lock(ctx.locks.forObject(body->id));
    if (auto existing = ctx.store.object(body->id)) {
        // Re-registering one's own object (a client retrying after a crash) is fine; anyone else: conflict.
        auto torrent = ctx.store.torrent(body->id);
        if (existing->owner == *user && torrent && *torrent == body->torrent)
            return sendJson(res, 200, toInfo(ctx, *existing, true).toJson());
        return sendProblem(res, makeError(ErrorCode::Conflict, u"object %1 is already registered"_s.arg(body->id)));
    }
    ObjectRecord o;
    o.id = body->id;
    o.owner = *user;
    o.size = summary->size;
    o.pieceLength = summary->pieceLength;
    o.state = protocol::kStateUploading;
    o.createdAt = nowSeconds();
    o.sealedMetadata = body->sealedMetadata;
    o.wrappedFileKey = body->wrappedFileKey;
    o.v1Hash = summary->v1Hex;
    o.v2Short = summary->v2ShortHex;
    // The sparse partial exists before the row, so every registered uploading object has somewhere to write.
    if (Status s = ctx.blobs.preparePartial(o.id, o.size); !s)
        return sendProblem(res, s.error());
    if (Status s = ctx.store.createObject(o, body->torrent); !s) {
        if (s.error().code == ErrorCode::AlreadyExists)
            return sendProblem(res, makeError(ErrorCode::Conflict, s.error().message));
        return sendProblem(res, s.error());
    }
    res.set_header("Location", "/api/v1/objects/" + o.id.toStdString());
    sendJson(res, 201, toInfo(ctx, o, true).toJson());
}

void listObjects(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto user = authenticate(ctx, req);
    if (!user)
        return sendProblem(res, user.error());
    auto objects = ctx.store.objectsOf(*user);
    if (!objects)
        return sendProblem(res, objects.error());
    protocol::ObjectList list;
    for (const ObjectRecord& o : *objects)
        list.objects.append(toInfo(ctx, o, false));
    sendJson(res, 200, list.toJson());
}

void getObject(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto user = authenticate(ctx, req);
    if (!user)
        return sendProblem(res, user.error());
    auto id = pathId(req);
    if (!id)
        return sendProblem(res, id.error());
    if (auto cached = ctx.objectCache.get(*id)) {
        if (cached->owner != *user)
            return sendProblem(res, makeError(ErrorCode::NotFound, u"no object %1"_s.arg(*id)));
        res.status = 200;
        return res.set_content(cached->json.constData(), size_t(cached->json.size()), "application/json");
    }
    auto o = ownedObject(ctx, *user, *id);
    if (!o)
        return sendProblem(res, o.error());
    const QByteArray json = protocol::toBytes(toInfo(ctx, *o, true).toJson());
    ctx.objectCache.put(*id, { o->owner, json });
    res.status = 200;
    res.set_content(json.constData(), size_t(json.size()), "application/json");
}

void deleteObject(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto user = authenticate(ctx, req);
    if (!user)
        return sendProblem(res, user.error());
    auto id = pathId(req);
    if (!id)
        return sendProblem(res, id.error());
    std::lock_guard lock(ctx.locks.forObject(*id));
    auto o = ownedObject(ctx, *user, *id);
    if (!o)
        return sendProblem(res, o.error());
    // Row first: once it is gone nothing serves the blob, and a crash leaves only an orphan file.
    if (Status s = ctx.store.deleteObject(*id); !s)
        return sendProblem(res, s.error());
    ctx.objectCache.invalidate(*id);
    ctx.blobs.remove(*id);
    ctx.swarms.forget(*id);
    (void)ctx.store.recordObjectDeleted(*id, nowSeconds()); // its replicas are dropped (docs/sharing.md)
    res.status = 204;
}

void getTorrent(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto id = pathId(req);
    if (!id)
        return sendProblem(res, id.error());
    auto t = ctx.store.torrent(*id);
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
