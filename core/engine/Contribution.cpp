// contribution: the node's status (as `status`) with its contribution history and the availability measured
// from that history (ContributionHistory), for the app's contribution view and `amazingstore-node contribution`.
#include "core/api/EngineApi.h"
#include "core/engine/Commands.h"
#include "core/engine/ContributionHistory.h"
#include "core/engine/EngineContext.h"

#include <QPointer>
#include <limits>

namespace as::engine {
namespace {

api::ContributionPoint point(const state::ContributionSample& s)
{
    return {s.t, s.usedBytes, s.bytesServed, s.replicasHeld, s.online, double(s.spanMs) / 1000.0,
            double(s.onlineMs) / 1000.0};
}

} // namespace

void reportContribution(EngineContext& ctx, const api::ContributionRequest& request, CommandReply* reply)
{
    QPointer<CommandReply> r(reply);
    QPointer<EngineContext> context(&ctx);
    const qint64 sinceSecs = request.since.value_or(std::numeric_limits<qint64>::min());
    buildStatus(ctx, [r, context, sinceSecs](api::StatusReply status) {
        if (!r)
            return;
        if (!context)
            return r->fail(QStringLiteral("the engine is shutting down"));
        api::ContributionReply out;
        out.status = std::move(status);
        const QList<state::ContributionSample> samples = context->store().contributionHistory();
        for (const state::ContributionSample& s : samples)
            if (s.t.toSecsSinceEpoch() > sinceSecs)
                out.history.append(point(s));
        out.historyIntervalS = double(ContributionHistory::kSampleIntervalMs) / 1000.0;
        out.historyAvailability = ContributionHistory::availability(samples, QDateTime::currentDateTimeUtc());
        // The DC's figure (from its heartbeat sessions) when it has given one; else this node's own.
        const bool fromDc = context->store().setting(QStringLiteral("cache/my_availability")).has_value();
        if (!fromDc && out.historyAvailability)
            out.status.node.myAvailability = *out.historyAvailability;
        out.myAvailabilitySource = fromDc                    ? api::AvailabilitySource::Dc
                                   : out.historyAvailability ? api::AvailabilitySource::History
                                                             : api::AvailabilitySource::None;
        r->succeedWith(out);
    });
}

} // namespace as::engine
