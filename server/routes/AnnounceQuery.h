#pragma once
// The checked parameters of a tracker announce (BEP 3), from the query cpp-httplib decoded. A pure function,
// so the tracker's input can be fuzzed as bytes (tests/fuzz/fuzz_tracker_query.cpp, docs/fuzzing.md).

#include "core/util/Result.h"

#include <httplib.h>

#include <string>

namespace as::server {

struct AnnounceQuery {
    std::string infoHash; // 20 bytes
    std::string objectId; // 64 lowercase hex: the full v2 id the node's tracker URL carries (empty: absent)
    std::string peerId; // 20 bytes
    int port = 0; // 1..65535
    qint64 left = 0; // bytes the peer still needs (0: a seed)
    int numwant = 50; // 0..200
    bool compact = true; // compact=0 asks for a dictionary list (still without peer ids)
    bool stopped = false; // event=stopped
};

// The failure reason (for a bencoded "failure reason" answer) when a parameter is missing or out of range.
Result<AnnounceQuery> parseAnnounceQuery(const httplib::Params& params);

} // namespace as::server
