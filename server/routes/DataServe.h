#pragma once
// The ciphertext of an available object with single-range Range support (server/routes/Data.cpp): shared by
// /data/{id} (the web seed) and /s/{link}/data (a share link's bytes while the link is valid, docs/sharing.md).

#include "server/http/Http.h"

namespace as::server {

struct ServeOptions {
    std::string etag; // the entity tag's value; the object id when empty (a link's bytes must not name it)
    bool revocable = false; // no caching: a revoked link must stop working at once
};

// `objectId` must be a validated id. Answers 200/206/416/404 with the bytes or a problem.
void serveObjectBytes(DcContext& ctx, const QString& objectId, const httplib::Request& req, httplib::Response& res,
    const ServeOptions& options);

} // namespace as::server
