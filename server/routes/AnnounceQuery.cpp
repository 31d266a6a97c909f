#include "server/routes/AnnounceQuery.h"

#include "core/protocol/Routes.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace as::server {
using namespace Qt::Literals::StringLiterals;

namespace {

const std::string* param(const httplib::Params& params, const char* name)
{
    const auto it = params.find(name);
    return it == params.end() ? nullptr : &it->second;
}

// A decimal integer in [min, max], nothing else.
bool intParam(const std::string& v, qint64 min, qint64 max, qint64& out)
{
    const auto r = std::from_chars(v.data(), v.data() + v.size(), out);
    return r.ec == std::errc() && r.ptr == v.data() + v.size() && out >= min && out <= max;
}

Error failure(const QString& reason)
{
    return makeError(ErrorCode::InvalidArgument, reason);
}

} // namespace

Result<AnnounceQuery> parseAnnounceQuery(const httplib::Params& params)
{
    AnnounceQuery q;
    const std::string* infoHash = param(params, "info_hash");
    const std::string* peerId = param(params, "peer_id");
    if (!infoHash || infoHash->size() != 20)
        return failure(u"info_hash must be 20 bytes"_s);
    if (!peerId || peerId->size() != 20)
        return failure(u"peer_id must be 20 bytes"_s);
    q.infoHash = *infoHash;
    if (const std::string* object = param(params, protocol::routes::kAnnounceObjectParam)) {
        const bool hex64 = object->size() == 64
            && std::all_of(object->cbegin(), object->cend(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
        if (!hex64)
            return failure(u"object must be the object's id (64 hex digits)"_s);
        q.objectId = *object;
        std::transform(q.objectId.begin(), q.objectId.end(), q.objectId.begin(),
            [](char c) { return char(std::tolower(static_cast<unsigned char>(c))); });
    }
    q.peerId = *peerId;
    qint64 port = 0, left = 0, numwant = 50, compact = 1;
    const std::string* p = param(params, "port");
    if (!p || !intParam(*p, 1, 65535, port))
        return failure(u"port must be 1..65535"_s);
    if ((p = param(params, "left")) && !intParam(*p, 0, qint64(1) << 62, left))
        return failure(u"left must be a byte count"_s);
    if ((p = param(params, "numwant")) && !intParam(*p, 0, 1 << 20, numwant))
        return failure(u"numwant must be a count"_s);
    if ((p = param(params, "compact")) && !intParam(*p, 0, 1, compact))
        compact = 1;
    q.port = int(port);
    q.left = left;
    q.numwant = int(std::min<qint64>(numwant, 200));
    q.compact = compact != 0;
    p = param(params, "event");
    q.stopped = p && *p == "stopped";
    return q;
}

} // namespace as::server
