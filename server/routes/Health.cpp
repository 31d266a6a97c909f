// GET /api/v1/health: liveness, server id and role; no auth, no store access at the DC (cheap enough for load
// balancers). A standby names the DC server it stands in for (the id its replica pinned from the log), by which
// a node that discovered standbys in the DHT groups them (docs/outage.md).
#include "core/protocol/Health.h"

#include "server/http/Http.h"
#include "server/master/LogApplier.h"

namespace as::server {

void registerHealthRoutes(Router& r)
{
    r.get("health", "/api/v1/health", [](DcContext& ctx, const httplib::Request&, httplib::Response& res) {
        protocol::HealthInfo h;
        h.serverId = ctx.serverId;
        h.version = QStringLiteral("0.1.0");
        h.time = nowSeconds();
        if (ctx.config.standby) {
            h.role = QStringLiteral("standby");
            h.serverId = pinnedServerId(ctx.store);
        }
        sendJson(res, 200, h.toJson());
    });
}

} // namespace as::server
