// PUT /api/v1/objects/{id}/content: resumable ciphertext upload in Content-Range parts (any order, overlapping,
// re-sent). Each part is streamed to its offset in the object's partial file and fsync'd before the 2xx, so an
// acknowledged part survives kill -9. When every byte is present the file is checked against the torrent's
// piece hashes and only then published; bad pieces are forgotten so the client can send them again.
#include "core/protocol/Master.h"
#include "server/http/Http.h"
#include "server/master/SignedRequests.h"
#include "server/routes/ObjectView.h"
#include "server/store/RangeSet.h"
#include "server/torrent/TorrentCheck.h"

#include <charconv>
#include <unistd.h>
#include <vector>

namespace as::server {
using namespace Qt::Literals::StringLiterals;

namespace {

struct ContentRange {
    qint64 start = 0, end = 0, total = 0; // end inclusive
};

bool parseNumber(std::string_view s, qint64& out)
{
    if (s.empty() || s.size() > 18)
        return false;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size() && out >= 0;
}

// "bytes START-END/TOTAL" (RFC 9110 §14.4), nothing else.
std::optional<ContentRange> parseContentRange(std::string_view v)
{
    constexpr std::string_view prefix = "bytes ";
    if (v.substr(0, prefix.size()) != prefix)
        return std::nullopt;
    v.remove_prefix(prefix.size());
    const size_t dash = v.find('-'), slash = v.find('/');
    if (dash == std::string_view::npos || slash == std::string_view::npos || slash < dash)
        return std::nullopt;
    ContentRange r;
    if (!parseNumber(v.substr(0, dash), r.start) || !parseNumber(v.substr(dash + 1, slash - dash - 1), r.end)
        || !parseNumber(v.substr(slash + 1), r.total) || r.end < r.start)
        return std::nullopt;
    return r;
}

qint64 contentLength(const httplib::Request& req)
{
    qint64 n = -1;
    return parseNumber(req.get_header_value("Content-Length"), n) ? n : -1;
}

// Reads and discards a body the handler rejected, so the keep-alive connection stays in sync.
void drain(const httplib::Request& req, const httplib::ContentReader& reader, qint64 limit)
{
    const qint64 len = contentLength(req);
    if (len > 0 && len <= limit)
        reader([](const char*, size_t) { return true; });
}

// Records a written part and, when the object is complete, verifies and publishes it. Exclusive lock held.
void recordPart(DcContext& ctx, const ObjectRecord& o, const ContentRange& cr, httplib::Response& res)
{
    ctx.objectCache.invalidate(o.id);
    if (Status s = ctx.store.addReceivedRange(o.id, { cr.start, cr.end - cr.start + 1 }); !s)
        return sendProblem(res, s.error());
    auto have = ctx.store.receivedRanges(o.id);
    if (!have)
        return sendProblem(res, have.error());
    if (coveredBytes(*have) < o.size)
        return sendJson(res, 200, toInfo(ctx, o, true).toJson());
    auto torrent = ctx.store.torrent(o.id);
    if (!torrent)
        return sendProblem(res, torrent.error());
    auto bad = verifyPieces(*torrent, ctx.blobs.partialPath(o.id));
    if (!bad)
        return sendProblem(res, bad.error());
    if (!bad->isEmpty()) {
        QList<protocol::ByteRange> cuts;
        for (int piece : *bad)
            cuts.append(
                { qint64(piece) * o.pieceLength, std::min(o.pieceLength, o.size - qint64(piece) * o.pieceLength) });
        if (Status s = ctx.store.removeReceivedRanges(o.id, cuts); !s)
            return sendProblem(res, s.error());
        return sendProblem(res,
            makeError(ErrorCode::IntegrityFailure,
                u"%1 of %2 pieces do not match the torrent (first: piece %3 at offset %4); "
                "they were discarded, send them again"_s.arg(bad->size())
                    .arg((o.size + o.pieceLength - 1) / o.pieceLength)
                    .arg(bad->first())
                    .arg(cuts.first().offset)));
    }
    if (Status s = ctx.blobs.publish(o.id); !s)
        return sendProblem(res, s.error());
    if (Status s = ctx.store.markAvailable(o.id); !s)
        return sendProblem(res, s.error());
    ctx.objectCache.invalidate(o.id);
    ObjectRecord done = o;
    done.state = protocol::kStateAvailable;
    sendJson(res, 200, toInfo(ctx, done, true).toJson());
}

// Who may send an object's bytes: its owner (token), or, for an outage upload whose owner has not come back, a
// peer the DC records holding a copy, by a request signed with its node key (docs/outage.md, "Hand-back"). The
// bytes are not in that signature: every piece is checked against the torrent before the object is published.
Result<ObjectRecord> writableObject(DcContext& ctx, const httplib::Request& req, const QString& id)
{
    if (!req.has_header(protocol::signedhdr::kSignature)) {
        auto user = authenticate(ctx, req);
        if (!user)
            return user.error();
        return ownedObject(ctx, *user, id);
    }
    auto caller = verifySignedRequest(req, ctx.nonces, nowMilliseconds());
    if (!caller)
        return caller.error();
    auto held = ctx.store.heldBy(caller->peerId);
    auto o = ctx.store.object(id);
    if (!held || !o || !held->contains(id))
        return makeError(ErrorCode::NotFound, u"peer %1 is not recorded holding object %2"_s.arg(caller->peerId, id));
    return *o;
}

void putContent(
    DcContext& ctx, const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader)
{
    const qint64 maxPart = ctx.config.maxPartSize;
    auto fail = [&](const Error& e) {
        drain(req, reader, maxPart);
        sendProblem(res, e);
    };
    auto id = pathId(req);
    if (!id)
        return fail(id.error());
    auto o = writableObject(ctx, req, *id);
    if (!o)
        return fail(o.error());
    if (contentLength(req) < 0)
        return fail(makeError(ErrorCode::InvalidArgument, u"a Content-Length header is required"_s));
    const auto cr = parseContentRange(req.get_header_value("Content-Range"));
    if (!cr)
        return fail(makeError(ErrorCode::InvalidArgument,
            u"a 'Content-Range: bytes START-END/SIZE' header is required (END inclusive)"_s));
    if (cr->total != o->size || cr->end >= o->size)
        return fail(makeError(ErrorCode::RangeNotSatisfiable,
            u"Content-Range must lie within the object's %1 bytes and name SIZE %1"_s.arg(o->size)));
    const qint64 length = cr->end - cr->start + 1;
    if (length > maxPart)
        return fail(makeError(ErrorCode::TooLarge, u"a part may be at most %1 bytes"_s.arg(maxPart)));
    if (contentLength(req) != length)
        return fail(makeError(ErrorCode::InvalidArgument, u"Content-Length must equal the Content-Range length"_s));
    if (o->state == protocol::kStateAvailable) { // a late re-send: already complete and verified
        drain(req, reader, maxPart);
        return sendJson(res, 200, toInfo(ctx, *o, true).toJson());
    }

    bool written = false;
    {
        std::shared_lock writing(ctx.locks.forObject(o->id));
        auto fd = ctx.blobs.openPartialForWrite(o->id);
        if (!fd) // published or deleted meanwhile; the state below says which
            drain(req, reader, maxPart);
        else {
            std::vector<char> buffer;
            buffer.reserve(1 << 20);
            qint64 received = 0, flushed = 0;
            Status io;
            auto flush = [&] {
                if (io && !buffer.empty())
                    io = writeAllAt(*fd, buffer.data(), buffer.size(), cr->start + flushed);
                flushed += qint64(buffer.size());
                buffer.clear();
            };
            const bool ok = reader([&](const char* data, size_t n) {
                if (received + qint64(n) > length)
                    return false;
                buffer.insert(buffer.end(), data, data + n);
                received += qint64(n);
                if (buffer.size() >= (1u << 20))
                    flush();
                return bool(io);
            });
            flush();
            if (io)
                io = syncFd(*fd);
            ::close(*fd);
            ctx.metrics.addBytesReceived(received);
            if (!io)
                return sendProblem(res, io.error());
            if (!ok || received != length)
                return sendProblem(res,
                    makeError(ErrorCode::InvalidArgument,
                        u"the body ended after %1 of %2 bytes"_s.arg(received).arg(length)));
            written = true;
        }
    }
    std::unique_lock exclusive(ctx.locks.forObject(o->id));
    auto now = ctx.store.object(o->id);
    if (!now || now->owner != o->owner)
        return sendProblem(res, makeError(ErrorCode::NotFound, u"the object was deleted"_s));
    if (now->state == protocol::kStateAvailable || !written)
        return sendJson(res, 200, toInfo(ctx, *now, true).toJson());
    recordPart(ctx, *now, *cr, res);
    ctx.objectCache.invalidate(o->id); // again: a reader may have cached the state before our commit
}

} // namespace

void registerUploadRoutes(Router& r)
{
    r.put("objects_content", "/api/v1/objects/([^/]+)/content", putContent);
}

} // namespace as::server
