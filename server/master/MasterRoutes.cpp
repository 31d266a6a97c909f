// The DC's side of standby masters (docs/outage.md): who the standbys are, and the signed change log they pull
// (GET /api/v1/master/log?since=N, only for the peers currently named; signed by the standby's node key).
#include "core/protocol/Master.h"
#include "core/protocol/Routes.h"
#include "server/Availability.h"
#include "server/http/Http.h"

#include <QUrlQuery>
#include <algorithm>

namespace as::server {
using namespace Qt::Literals::StringLiterals;

namespace {

// Online peers with a standby port, closest to the server id first; availability is measured only for the
// closest few, so the cost does not grow with the population beyond one scan of the peer table.
QList<StandbyCandidate> candidates(DcContext& ctx, qint64 now)
{
    QList<StandbyCandidate> out;
    auto peers = ctx.store.allPeers();
    if (!peers)
        return out;
    const qint64 grace = ctx.config.onlineGrace(), window = ctx.config.availabilityWindowSeconds;
    for (const PeerRecord& p : *peers)
        if (p.masterPort > 0 && now - p.lastSeen <= grace && !ctx.audits.expelled(p.peerId))
            out.append({ p.peerId, p.address, p.masterPort, 1.0, true });
    // Rank by distance with availability 1, then measure the closest 4k and rank again with the real figures.
    StandbyRule loose { ctx.config.standbyCount * 4, 0 };
    const QList<protocol::StandbyMaster> closest = chooseStandbys(ctx.serverId, out, loose);
    QList<StandbyCandidate> measured;
    for (const protocol::StandbyMaster& s : closest) {
        StandbyCandidate c { s.peerId, s.address, s.port, 0, true };
        if (auto sessions = ctx.store.sessionsOf(s.peerId, now - window, 100000); sessions && !sessions->isEmpty())
            c.availability = onlineFraction(*sessions, sessions->last().start, now, window, grace);
        measured.append(c);
    }
    return measured;
}

void masterLog(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    if (!ctx.masterKey)
        return sendProblem(res, makeError(ErrorCode::NotFound, u"only the data center serves its change log"_s));
    auto caller = verifySignedRequest(req, ctx.nonces, nowMilliseconds());
    if (!caller)
        return sendProblem(res, caller.error());
    const QList<protocol::StandbyMaster> named = currentStandbys(ctx, nowSeconds());
    const bool isNamed = std::any_of(
        named.cbegin(), named.cend(), [&](const protocol::StandbyMaster& s) { return s.peerId == caller->peerId; });
    if (!isNamed)
        return sendProblem(res,
            makeError(ErrorCode::Forbidden, u"peer %1 is not a standby master of this server"_s.arg(caller->peerId)));
    bool ok = true;
    const QString sinceText = QString::fromStdString(req.get_param_value("since"));
    const qint64 since = sinceText.isEmpty() ? 0 : sinceText.toLongLong(&ok);
    if (!ok || since < 0)
        return sendProblem(res, makeError(ErrorCode::InvalidArgument, u"since: expected a sequence number >= 0"_s));
    auto entries = ctx.store.logSince(since, protocol::kMaxLogPage);
    auto last = ctx.store.lastLogSeq();
    if (!entries || !last)
        return sendProblem(res, entries ? last.error() : entries.error());
    protocol::LogPage page;
    page.serverId = ctx.serverId;
    page.publicKey = ctx.masterKey->publicKey();
    page.lastSeq = *last;
    page.entries = *entries;
    page.more = !entries->isEmpty() && entries->last().seq < *last;
    sendJson(res, 200, page.toJson());
}

} // namespace

QList<protocol::StandbyMaster> currentStandbys(DcContext& ctx, qint64 now)
{
    StandbyPlanState& plan = ctx.standbys;
    {
        std::lock_guard lock(plan.mutex);
        if (ctx.config.standby || (plan.computedAt >= 0 && now - plan.computedAt < ctx.config.standbyRefreshSeconds))
            return plan.current;
    }
    const QList<protocol::StandbyMaster> chosen = chooseStandbys(ctx.serverId, candidates(ctx, now),
        { ctx.config.standbyCount, ctx.config.standbyMinAvailability });
    std::lock_guard lock(plan.mutex);
    plan.current = chosen;
    plan.computedAt = now;
    return chosen;
}

void registerMasterRoutes(Router& r)
{
    r.get("master_log", protocol::routes::kMasterLog, masterLog);
    registerMergeRoute(r);
}

} // namespace as::server
