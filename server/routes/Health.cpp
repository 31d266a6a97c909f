// GET /api/v1/health: liveness, server id and role; no auth, no store access (cheap enough for load balancers).
#include "core/protocol/Health.h"

#include "server/http/Http.h"

namespace as::server {

void registerHealthRoutes(Router& r)
{
    r.get("health", "/api/v1/health", [](DcContext& ctx, const httplib::Request&, httplib::Response& res) {
        protocol::HealthInfo h;
        h.serverId = ctx.serverId;
        h.version = QStringLiteral("0.1.0");
        h.time = nowSeconds();
        if (ctx.config.standby)
            h.role = QStringLiteral("standby");
        sendJson(res, 200, h.toJson());
    });
}

} // namespace as::server
