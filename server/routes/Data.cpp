// GET/HEAD /data/{id}: the ciphertext of an available object, streamed from the blob file, with single-range
// Range support (206 / 416, Accept-Ranges) so libtorrent can use the DC as a BEP 19 web seed. No auth: the
// bytes are ciphertext and the id is the capability, as for the torrent. Multi-range requests get the whole
// body (200), which RFC 9110 allows and web seeds never ask for.
#include "server/routes/DataServe.h"

#include <charconv>
#include <limits>
#include <algorithm>
#include <memory>
#include <unistd.h>
#include <vector>

namespace as::server {
using namespace Qt::Literals::StringLiterals;

namespace {

struct ByteSpan {
    qint64 offset = 0, length = 0;
};

enum class RangeResult { Whole, Partial, Unsatisfiable };

// Digits only; a number too large for 64 bits saturates (a range starting at 2^63-1 is past any object's end,
// which is 416, not "ignore the Range header").
bool parseNumber(std::string_view s, qint64& out)
{
    if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    if (r.ec == std::errc::result_out_of_range)
        out = std::numeric_limits<qint64>::max();
    return true;
}

// RFC 9110 §14.1.2 for one range; anything we do not understand means "ignore Range" (200).
RangeResult resolveRange(std::string_view header, qint64 size, ByteSpan& span)
{
    constexpr std::string_view unit = "bytes=";
    if (header.substr(0, unit.size()) != unit)
        return RangeResult::Whole;
    header.remove_prefix(unit.size());
    if (header.find(',') != std::string_view::npos)
        return RangeResult::Whole;
    const size_t dash = header.find('-');
    if (dash == std::string_view::npos)
        return RangeResult::Whole;
    const std::string_view first = header.substr(0, dash), last = header.substr(dash + 1);
    qint64 a = 0, b = 0;
    if (first.empty()) { // suffix: the last N bytes
        if (!parseNumber(last, b))
            return RangeResult::Whole;
        if (b == 0)
            return RangeResult::Unsatisfiable;
        span = { std::max<qint64>(0, size - b), std::min(b, size) };
        return RangeResult::Partial;
    }
    if (!parseNumber(first, a))
        return RangeResult::Whole;
    if (last.empty())
        b = size - 1;
    else if (!parseNumber(last, b) || b < a)
        return RangeResult::Whole;
    if (a >= size)
        return RangeResult::Unsatisfiable;
    b = std::min(b, size - 1);
    span = { a, b - a + 1 };
    return RangeResult::Partial;
}

void getData(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto id = pathId(req);
    if (!id)
        return sendProblem(res, id.error());
    serveObjectBytes(ctx, *id, req, res, {});
}

} // namespace

void serveObjectBytes(DcContext& ctx, const QString& objectId, const httplib::Request& req, httplib::Response& res,
    const ServeOptions& options)
{
    const QString* id = &objectId;
    auto o = ctx.store.object(*id);
    if (!o)
        return sendProblem(res, o.error());
    if (o->state != protocol::kStateAvailable)
        return sendProblem(res, makeError(ErrorCode::NotFound, u"object %1 is still uploading"_s.arg(*id)));
    auto opened = ctx.blobs.openBlob(*id);
    if (!opened)
        return sendProblem(res, opened.error());
    auto fd = std::shared_ptr<int>(new int(opened->first), [](int* p) {
        ::close(*p);
        delete p;
    });
    const qint64 size = opened->second;
    const std::string etag = "\"" + (options.etag.empty() ? id->toStdString() : options.etag) + "\"";
    res.set_header("Accept-Ranges", "bytes");
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", options.revocable ? "no-store" : "public, max-age=31536000, immutable");

    ByteSpan span { 0, size };
    RangeResult kind = RangeResult::Whole;
    const std::string ifRange = req.get_header_value("If-Range");
    if (req.has_header("Range") && (ifRange.empty() || ifRange == etag))
        kind = resolveRange(req.get_header_value("Range"), size, span);
    if (kind == RangeResult::Unsatisfiable) {
        res.set_header("Content-Range", "bytes */" + std::to_string(size));
        return sendProblem(res,
            makeError(ErrorCode::RangeNotSatisfiable, u"the object has %1 bytes; the range lies outside"_s.arg(size)));
    }
    if (kind == RangeResult::Partial) {
        res.status = 206;
        res.set_header("Content-Range",
            "bytes " + std::to_string(span.offset) + "-" + std::to_string(span.offset + span.length - 1) + "/"
                + std::to_string(size));
    } else {
        res.status = 200;
    }
    // Sent bytes are remembered by address: an audit answer made of them proves nothing (AuditBook).
    if (req.method != "HEAD")
        ctx.dataReads.record(req.remote_addr, objectId, span.offset, span.offset + span.length, nowMilliseconds());
    Metrics* metrics = &ctx.metrics;
    const qint64 base = span.offset;
    res.set_content_provider(size_t(span.length), "application/octet-stream",
        [fd, base, metrics, buffer = std::make_shared<std::vector<char>>(1 << 20)](
            size_t offset, size_t length, httplib::DataSink& sink) {
            const size_t want = std::min(length, buffer->size());
            ssize_t n;
            do
                n = ::pread(*fd, buffer->data(), want, off_t(base + qint64(offset)));
            while (n < 0 && errno == EINTR);
            if (n <= 0)
                return false; // truncated blob: end the connection rather than send wrong bytes
            if (!sink.write(buffer->data(), size_t(n)))
                return false;
            metrics->addBytesServed(n);
            return true;
        });
}

void registerDataRoutes(Router& r)
{
    r.get("data", "/data/([^/]+)", getData);
}

} // namespace as::server
