// libFuzzer target: the tracker's announce query as bytes (the part of the request target after '?'):
// cpp-httplib's own query decoding (as the DC runs it), then the tracker's checks
// (server/routes/AnnounceQuery). What passes must be within the ranges the tracker relies on. Built by
// tests/fuzz/run.sh.
#include "server/routes/AnnounceQuery.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string query(reinterpret_cast<const char*>(data), size);
    httplib::Params params;
    httplib::detail::parse_query_text(query, params);
    const auto q = as::server::parseAnnounceQuery(params);
    if (q) {
        if (q->infoHash.size() != 20 || q->peerId.size() != 20 || q->port < 1 || q->port > 65535 || q->left < 0
            || q->numwant < 0 || q->numwant > 200)
            __builtin_trap();
        // The object key is absent or exactly 64 lowercase hex digits (an object id).
        if (!q->objectId.empty()
            && (q->objectId.size() != 64
                || q->objectId.find_first_not_of("0123456789abcdef") != std::string::npos))
            __builtin_trap();
    } else if (q.error().message.isEmpty()) {
        __builtin_trap();
    }
    return 0;
}
