// contribution: the node's status (as `status`) with its contribution history and the availability measured
// from that history (ContributionHistory), for the app's contribution view and `amazingstore-node contribution`.
#include "core/api/EngineApi.h"
#include "core/engine/Commands.h"
#include "core/engine/ContributionHistory.h"
#include "core/engine/EngineContext.h"

#include <QJsonArray>
#include <QPointer>
#include <limits>

namespace as::engine {
namespace {

QJsonObject pointJson(const state::ContributionSample& s)
{
    return { { QStringLiteral("t"), s.t.toSecsSinceEpoch() }, { QStringLiteral("used_bytes"), s.usedBytes },
        { QStringLiteral("bytes_served"), s.bytesServed }, { QStringLiteral("replicas_held"), s.replicasHeld },
        { QStringLiteral("online"), s.online }, { QStringLiteral("span_s"), double(s.spanMs) / 1000.0 },
        { QStringLiteral("online_s"), double(s.onlineMs) / 1000.0 } };
}

} // namespace

void reportContribution(EngineContext& ctx, const QJsonObject& args, CommandReply* reply)
{
    // `since` (seconds since the epoch): only later points, for a view that already has the rest.
    const QJsonValue since = args.value(QStringLiteral("since"));
    if (!since.isUndefined() && !since.isDouble())
        return reply->fail(QStringLiteral("contribution: 'since' must be seconds since the epoch"), 2);
    auto* status = new CommandReply(reply);
    QPointer<EngineContext> context(&ctx);
    QObject::connect(status, &CommandReply::finished, reply, [reply, status, context, since] {
        if (!status->ok())
            return reply->fail(status->errorMessage(), status->exitCode());
        if (!context)
            return reply->fail(QStringLiteral("the engine is shutting down"));
        QJsonObject out = status->result();
        const QList<state::ContributionSample> samples = context->store().contributionHistory();
        QJsonArray history;
        const qint64 sinceSecs = since.isDouble() ? qint64(since.toDouble()) : std::numeric_limits<qint64>::min();
        for (const state::ContributionSample& s : samples)
            if (s.t.toSecsSinceEpoch() > sinceSecs)
                history.append(pointJson(s));
        out.insert(QStringLiteral("history"), history);
        out.insert(QStringLiteral("history_interval_s"), double(ContributionHistory::kSampleIntervalMs) / 1000.0);
        const auto measured = ContributionHistory::availability(samples, QDateTime::currentDateTimeUtc());
        if (measured)
            out.insert(QStringLiteral("history_availability"), *measured);
        // The DC's figure (from its heartbeat sessions) when it has given one; else this node's own.
        const bool fromDc = context->store().setting(QStringLiteral("cache/my_availability")).has_value();
        if (!fromDc && measured)
            out.insert(QStringLiteral("my_availability"), *measured);
        out.insert(QStringLiteral("my_availability_source"),
            fromDc         ? QStringLiteral("dc")
                : measured ? QStringLiteral("history")
                           : QStringLiteral("none"));
        reply->succeed(out);
    });
    nodeStatus(ctx, {}, status);
}

} // namespace as::engine
