#pragma once
// Who a request to a standby master acts for (docs/outage.md). No passwords or tokens reach a standby: a node
// signs each request with its Ed25519 key (SignedRequests.h) and names its account; the key must be the
// account's public key or belong to a node of that account (by the replicated peer directory).

#include "core/util/Result.h"

namespace httplib {
struct Request;
}

namespace as::server {

struct DcContext;

// The account (401 for a bad signature or replay, 403 when the key may not act for the named account).
Result<QString> authenticateAtStandby(DcContext& ctx, const httplib::Request& req);

} // namespace as::server
