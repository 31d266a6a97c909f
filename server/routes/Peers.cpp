// Nodes report themselves (POST /api/v1/peers/heartbeat), read their contribution (GET /api/v1/peers/me) and,
// as holders watching their replica groups, ask for a group to be re-planned (POST /api/v1/objects/{id}/repair).
// Each heartbeat extends the node's online session; availability is the online fraction over a sliding window
// (server/Availability.h). The answer carries the figures and whatever the ReplicaPlanner decides.
#include "core/protocol/Peers.h"

#include "core/crypto/Identity.h"
#include "core/util/Ids.h"
#include "server/Availability.h"
#include "server/http/Http.h"
#include "server/master/OutageChanges.h"
#include "server/routes/ShareLinks.h"

#include <QJsonDocument>
#include <QSet>
#include <algorithm>

namespace as::server {
using namespace Qt::Literals::StringLiterals;

namespace {

constexpr qint64 kFiguresTtl = 30;

// When this DC heard nobody within the window (empty if its runs cannot be read: the figures then count its
// downtime as the peers' absence, as before).
QList<protocol::Session> unheardSince(DcContext& ctx, qint64 since)
{
    auto runs = ctx.store.dcRunsSince(since);
    return runs ? downtimeOf(*runs, since) : QList<protocol::Session>();
}

// Population mean availability, online count and the DC's own availability, recomputed at most every 30 s.
PopulationFigures figures(DcContext& ctx, qint64 now)
{
    {
        std::lock_guard lock(ctx.figuresMutex);
        if (ctx.figures.computedAt >= 0 && now - ctx.figures.computedAt < kFiguresTtl)
            return ctx.figures;
    }
    const qint64 window = ctx.config.availabilityWindowSeconds, grace = ctx.config.onlineGrace();
    PopulationFigures f;
    f.computedAt = now;
    const auto runs = ctx.store.dcRunsSince(now - window);
    Watching watching { now, window, grace, ctx.config.detectorTimeScale, ctx.config.newcomerPrior(), {} };
    if (runs)
        watching.unheard = downtimeOf(*runs, now - window);
    if (auto all = ctx.store.allSessionsSince(now - window)) {
        double sum = 0;
        for (const auto& p : *all) {
            sum += measuredAvailability(p.sessions, p.firstSeen, watching);
            if (!p.sessions.isEmpty() && now - p.sessions.last().end <= grace)
                ++f.onlinePeers;
        }
        f.meanAvailability = all->isEmpty() ? 0 : sum / double(all->size());
    }
    if (runs && !runs->isEmpty()) {
        // The current run is alive by definition; older runs ended at their last recorded alive time.
        QList<protocol::Session> sessions = *runs;
        for (auto& s : sessions)
            if (s.start == ctx.runStart)
                s.end = now;
        f.dcAvailability = onlineFraction(sessions, sessions.first().start, now, window, 0);
    }
    std::lock_guard lock(ctx.figuresMutex);
    ctx.figures = f;
    return f;
}

QStringList uniqueIds(const QStringList& ids)
{
    QSet<QString> seen;
    seen.reserve(std::min<qsizetype>(ids.size(), 1 << 16));
    QStringList out;
    for (const QString& id : ids)
        if (!seen.contains(id)) {
            seen.insert(id);
            out.append(id);
        }
    return out;
}

// A claim is believed only where it can be legitimate: objects of the caller's own account, objects the DC
// assigned to this peer, and what it was already recorded holding; and only while the peer proves it (audits:
// a withdrawn replica or an expelled peer counts no more). Any other claim is ignored — it neither counts as a
// replica nor makes the caller a group member, so the answer never shows it another account's group.
Result<QStringList> acceptedHoldings(DcContext& ctx, const QString& user, const QString& peerId, const QStringList& held)
{
    if (ctx.audits.expelled(peerId))
        return QStringList();
    auto recorded = ctx.store.heldBy(peerId);
    if (!recorded)
        return recorded.error();
    const QSet<QString> assigned = ctx.planner.assignedTo(peerId);
    const QSet<QString> withdrawn = ctx.audits.withdrawn(peerId);
    QStringList out;
    for (const QString& id : held) {
        if (withdrawn.contains(id))
            continue;
        if (recorded->contains(id) || assigned.contains(id)) {
            out.append(id);
        } else if (auto o = ctx.store.object(id); o && o->owner == user) {
            out.append(id);
        } else if (o && !ctx.config.standby && isOutageUpload(ctx, id)) {
            // An outage upload's copies were placed by a standby: the group is adopted as it stands
            // (docs/outage.md, "Hand-back"), surplus dropped by the usual watch; audits check it like any replica.
            out.append(id);
        } else if (ctx.config.standby && ctx.planner.withoutDcCopy(id)) {
            out.append(id); // an outage upload another standby placed (this one serves after a fail-over)
        }
    }
    return out;
}

// Outage uploads the DC has no copy of yet, among what this peer holds: each is asked of one peer only, the
// online holder closest to the object id, which sends its replica's bytes (verified piece by piece here).
QStringList copiesWanted(DcContext& ctx, const QString& peerId, const QStringList& held, qint64 now)
{
    QStringList out;
    const QByteArray self = QByteArray::fromHex(peerId.toLatin1());
    for (const QString& id : held) {
        if (out.size() >= protocol::kMaxDcCopies)
            break;
        auto o = ctx.store.object(id);
        if (!o || o->state != protocol::kStateUploading)
            continue;
        auto holders = ctx.store.holdersOf(id, now, ctx.config.onlineGrace());
        if (!holders)
            continue;
        const QByteArray target = QByteArray::fromHex(id.toLatin1());
        const bool closest = std::none_of(holders->cbegin(), holders->cend(), [&](const protocol::Holder& h) {
            return h.online && h.peerId != peerId && closerTo(target, QByteArray::fromHex(h.peerId.toLatin1()), self);
        });
        if (closest)
            out.append(id);
    }
    return out;
}

// A heartbeat is signed by the node's key, whose SHA-256 is the peer id: nobody can speak for a peer id
// without its key. Each peer's heartbeats are accepted in increasing order only and within 10 minutes of the
// DC's clock, so a recorded one cannot be replayed.
Status checkSignature(DcContext& ctx, const protocol::Heartbeat& hb, const QJsonObject& body)
{
    constexpr qint64 kSkewMs = 10 * 60 * 1000;
    if (hb.publicKey.isEmpty() || hb.signature.isEmpty())
        return makeError(ErrorCode::Unauthorized, u"heartbeats must be signed with the node's key (public_key, signed_at_ms, signature)"_s);
    if (crypto::peerIdFromPublicKey(hb.publicKey) != hb.peerId)
        return makeError(ErrorCode::Forbidden, u"the peer id is not the SHA-256 of this public key"_s);
    // Over the body as received: a re-serialisation of the parsed struct could differ (absent optional fields).
    if (!crypto::verifySignature(hb.publicKey, protocol::heartbeatSigningBytes(body), hb.signature))
        return makeError(ErrorCode::Unauthorized, u"the heartbeat's signature does not check"_s);
    const qint64 now = nowMilliseconds();
    if (std::abs(hb.signedAtMs - now) > kSkewMs)
        return makeError(ErrorCode::Unauthorized, u"signed_at_ms is more than 10 minutes from the DC's clock"_s);
    std::lock_guard lock(ctx.signedAtMutex);
    qint64& last = ctx.lastSignedAtMs[hb.peerId];
    if (hb.signedAtMs <= last)
        return makeError(ErrorCode::Conflict, u"a heartbeat signed at or before this one was already accepted"_s);
    last = hb.signedAtMs;
    return {};
}

// An account runs a bounded number of nodes: a crowd of peer ids cannot be conjured to attract assignments.
Status checkNodeCount(DcContext& ctx, const QString& user, const QString& peerId)
{
    auto peers = ctx.store.peersOf(user);
    if (!peers)
        return peers.error();
    for (const PeerRecord& p : *peers)
        if (p.peerId == peerId)
            return {};
    if (peers->size() >= ctx.config.maxNodesPerAccount)
        return makeError(ErrorCode::Forbidden,
            u"this account already runs %1 nodes, the most one account may"_s.arg(ctx.config.maxNodesPerAccount));
    return {};
}

// The audit answers a heartbeat carries, judged. The answer must come from the peer's disk, not from the DC's
// public bytes read after the challenge: only where this peer is the one node at its address can a read there
// be its own (DataReads).
AuditBook::Outcome takeAuditAnswers(DcContext& ctx, const httplib::Request& req, const protocol::Heartbeat& hb,
    const AuditBook::TorrentOf& torrentOf)
{
    ctx.dataReads.notePeer(req.remote_addr, hb.peerId, nowMilliseconds());
    const bool sharedAddress = ctx.dataReads.sharedAddress(req.remote_addr, hb.peerId, nowMilliseconds());
    const AuditBook::ReadFromDc readFromDc = [&ctx, &req, sharedAddress](const QString& id, qint64 begin, qint64 end, qint64 since) {
        return !sharedAddress && ctx.dataReads.readSince(req.remote_addr, id, begin, end, since);
    };
    return ctx.audits.takeAnswers(hb.peerId, hb.auditAnswers, torrentOf, readFromDc);
}

// The peer's own availability over the configured window (1 before any session is recorded).
double ownAvailability(DcContext& ctx, const QString& peerId, qint64 now)
{
    const qint64 window = ctx.config.availabilityWindowSeconds;
    auto sessions = ctx.store.sessionsOf(peerId, now - window, 100000);
    if (!sessions)
        return 1.0;
    qint64 first = now;
    for (const auto& s : *sessions)
        first = std::min(first, s.start);
    return onlineFraction(*sessions, first, now, window, ctx.config.onlineGrace(), unheardSince(ctx, now - window));
}

PlannerInput plannerInput(DcContext& ctx, const PeerReport& report, const protocol::Heartbeat& hb, double own,
    const PopulationFigures& f, qint64 now)
{
    PlannerInput in;
    in.peerId = hb.peerId;
    in.owner = report.owner;
    in.address = report.address;
    in.capacityBytes = hb.capacityBytes;
    in.usedBytes = hb.usedBytes;
    in.held = hb.held;
    in.availability = own;
    in.meanAvailability = f.meanAvailability;
    in.dcAvailability = f.dcAvailability;
    in.reportedDcAvailability = hb.dcAvailability;
    in.onlinePeers = f.onlinePeers;
    in.now = now;
    in.vetted = ctx.audits.vetted(hb.peerId);
    in.expelled = ctx.audits.expelled(hb.peerId);
    return in;
}

// The planner's answer with what the DC adds: nothing new for an expelled peer, and drops of the replicas that
// failed their audit (the node may delete them) and of objects their owners deleted.
Plan planFor(DcContext& ctx, const PlannerInput& in, const QStringList& withdrawn, const QStringList& deleted)
{
    Plan plan = ctx.planner.plan(in, ctx.store);
    if (in.expelled)
        plan.assignments.clear();
    for (const QString& id : withdrawn)
        plan.drops.append({ id });
    for (const QString& id : deleted) {
        plan.drops.append({ id });
        plan.assignments.removeIf([&id](const protocol::Assignment& a) { return a.objectId == id; });
    }
    return plan;
}

protocol::HeartbeatReply heartbeatReply(DcContext& ctx, const PlannerInput& in, const PopulationFigures& f, const Plan& plan)
{
    protocol::HeartbeatReply reply;
    reply.peerId = in.peerId;
    reply.address = in.address;
    reply.availability = in.availability;
    reply.meanAvailability = f.meanAvailability;
    reply.onlinePeers = f.onlinePeers;
    reply.dcAvailability = f.dcAvailability;
    reply.heartbeatInterval = ctx.config.heartbeatIntervalSeconds;
    reply.assignments = plan.assignments;
    reply.drops = plan.drops;
    reply.standbyMasters = currentStandbys(ctx, in.now);
    reply.watch = plan.watch;
    reply.groups = plan.groups;
    return reply;
}

void heartbeat(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto user = authenticate(ctx, req);
    if (!user)
        return sendProblem(res, user.error());
    int wait = 0;
    if (!ctx.heartbeatsPerAccount.allow(*user, nowMilliseconds(), &wait))
        return sendTooMany(res, wait, u"too many heartbeats for this account"_s);
    auto hb = typedBody<protocol::Heartbeat>(req);
    if (!hb)
        return sendProblem(res, hb.error());
    if (Status s = checkSignature(ctx, *hb, QJsonDocument::fromJson(QByteArray::fromStdString(req.body)).object()); !s)
        return sendProblem(res, s.error());
    if (Status s = checkNodeCount(ctx, *user, hb->peerId); !s)
        return sendProblem(res, s.error());
    const AuditBook::TorrentOf torrentOf = [&ctx](const QString& id) {
        auto t = ctx.store.torrent(id);
        return t ? *t : QByteArray();
    };
    const AuditBook::Outcome audited = takeAuditAnswers(ctx, req, *hb, torrentOf);
    // Every id costs a store lookup and a group in the answer: one id listed 100,000 times must cost one.
    hb->held = uniqueIds(hb->held);
    auto accepted = acceptedHoldings(ctx, *user, hb->peerId, hb->held);
    if (!accepted)
        return sendProblem(res, accepted.error());
    const QStringList deleted = deletedAmong(ctx, hb->peerId, hb->held, *accepted); // owners deleted them: drop
    hb->held = *accepted;
    for (const QString& id : deleted)
        hb->held.removeAll(id);
    const qint64 now = nowSeconds();
    PeerReport report { *user, hb->peerId, clientAddress(req), hb->listenPort, hb->capacityBytes, hb->usedBytes,
        hb->bytesServed, hb->held, hb->masterPort };
    if (Status s = ctx.store.recordHeartbeat(report, now, ctx.config.onlineGrace()); !s)
        return sendProblem(res, s.error());
    for (const QString& id : hb->held) // their holder lists changed
        ctx.objectCache.invalidate(id);

    const PopulationFigures f = figures(ctx, now);
    const PlannerInput in = plannerInput(ctx, report, *hb, ownAvailability(ctx, hb->peerId, now), f, now);
    const Plan plan = planFor(ctx, in, audited.withdrawn, deleted);
    QStringList dropped;
    for (const protocol::Drop& d : plan.drops) { // their holder lists are about to change
        ctx.objectCache.invalidate(d.objectId);
        dropped.append(d.objectId);
    }
    // A replica the node is told to drop is not audited: it deletes it and could only answer "cannot", which
    // withdrew the claim for good, so the same peer's later copy of the object (a repair may assign it
    // again) never counted and the group looked short with its copies on disk (docs/outage.md).
    ctx.audits.release(hb->peerId, dropped);

    protocol::HeartbeatReply reply = heartbeatReply(ctx, in, f, plan);
    QStringList replicas; // audits cover replicas of other accounts' objects, not the caller's own
    for (const QString& id : hb->held)
        if (auto o = ctx.store.object(id); o && o->owner != *user && !dropped.contains(id))
            replicas.append(id);
    reply.audits
        = ctx.audits.challenge(hb->peerId, replicas, torrentOf, ctx.config.heartbeatIntervalSeconds, nowMilliseconds());
    if (!ctx.config.standby)
        reply.dcCopy = copiesWanted(ctx, hb->peerId, replicas, now);
    sendJson(res, 200, reply.toJson());
}

// A holder whose watch finds its group short (or in surplus) asks the DC to re-plan it. The caller must own
// the peer id (by its heartbeats) and that peer must hold the object; the DC decides on its own figures.
void repair(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto who = authenticatedId(ctx, req);
    if (!who)
        return sendProblem(res, who.error());
    const QString& user = who->user;
    const QString& id = who->id;
    auto request = typedBody<protocol::RepairRequest>(req);
    if (!request)
        return sendProblem(res, request.error());
    auto peers = ctx.store.peersOf(user);
    if (!peers)
        return sendProblem(res, peers.error());
    const bool mine
        = std::any_of(peers->cbegin(), peers->cend(), [&](const PeerRecord& p) { return p.peerId == request->peerId; });
    if (!mine)
        return sendProblem(
            res, makeError(ErrorCode::Forbidden, u"peer %1 is not a node of this account"_s.arg(request->peerId)));
    auto reply = ctx.planner.repair(id, request->peerId, ctx.store, nowSeconds());
    if (!reply)
        return sendProblem(res, reply.error());
    if (reply->assigned > 0 || reply->dropped > 0)
        ctx.objectCache.invalidate(id);
    sendJson(res, 200, reply->toJson());
}

// What the DC knows of one of the caller's nodes, with its availability over the configured window.
protocol::PeerInfo peerInfo(DcContext& ctx, const PeerRecord& p, qint64 now)
{
    const qint64 window = ctx.config.availabilityWindowSeconds, grace = ctx.config.onlineGrace();
    protocol::PeerInfo info;
    info.peerId = p.peerId;
    info.address = p.address;
    info.port = p.port;
    info.capacityBytes = p.capacityBytes;
    info.usedBytes = p.usedBytes;
    info.heldReplicas = p.heldReplicas;
    info.bytesServed = p.bytesServed;
    info.online = now - p.lastSeen <= grace;
    info.firstSeen = p.firstSeen;
    info.lastSeen = p.lastSeen;
    if (auto sessions = ctx.store.sessionsOf(p.peerId, now - window, 100000)) {
        info.availability = onlineFraction(*sessions, p.firstSeen, now, window, grace, unheardSince(ctx, now - window));
        info.history = sessions->mid(0, 50);
    }
    return info;
}

void me(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    sendAccountRead(
        ctx, req, res, [&](const QString& user) { return ctx.store.peersOf(user); },
        [&](const QList<PeerRecord>& peers) {
            const qint64 now = nowSeconds();
            protocol::MyPeers out;
            for (const PeerRecord& p : peers)
                out.peers.append(peerInfo(ctx, p, now));
            return out.toJson();
        });
}

} // namespace

void registerPeerRoutes(Router& r)
{
    r.post("peers_heartbeat", "/api/v1/peers/heartbeat", heartbeat);
    r.get("peers_me", "/api/v1/peers/me", me);
    r.post("objects_repair", "/api/v1/objects/([^/]+)/repair", repair);
}

} // namespace as::server
