// GET /metrics: Prometheus text format. Unauthenticated like most exporters: expose it only to the monitoring
// network (the figures are counts, no ids or secrets).
#include "server/http/Http.h"

namespace as::server {

void registerMetricsRoutes(Router& r)
{
    r.get("metrics", "/metrics", [](DcContext& ctx, const httplib::Request&, httplib::Response& res) {
        auto stats = ctx.store.stats(nowSeconds(), ctx.config.onlineGrace());
        if (!stats)
            return sendProblem(res, stats.error());
        res.status = 200;
        res.set_content(ctx.metrics.render(*stats), "text/plain; version=0.0.4; charset=utf-8");
    });
}

} // namespace as::server
