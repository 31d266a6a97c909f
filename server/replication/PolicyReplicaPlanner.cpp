#include "server/replication/PolicyReplicaPlanner.h"

#include "server/Availability.h"
#include "server/DcConfig.h"
#include "server/Metrics.h"
#include "server/store/MetadataStore.h"

#include <QDateTime>
#include <QSet>
#include <algorithm>
#include <cmath>

namespace as::server {

namespace {

constexpr int kOrphanBatch = 200; // DC-acted groups evaluated per scan
constexpr double kPresumedDays = 2; // how long a standby presumes an unheard holder alive (presumedElsewhere)
// Assignments a peer may have unfinished at once (docs/replication.md "Placement"): a burst of repairs otherwise
// goes to the same best-ranked peers, and one of them going away takes dozens of groups' new replicas with it.
constexpr int kMaxPendingPerPeer = 4;

} // namespace

struct PolicyReplicaPlanner::Group {
    std::vector<policy::HolderState> holders; // reported holders, then pending assignees
    std::vector<QString> ids; // peer id of each entry of `holders`
    std::vector<qint64> lastSeen; // of each entry (unix seconds; `now` for pending assignees)
    int real = 0; // holders[0, real) are reported holders
    int live = 0; // online reported holders
};

PolicyReplicaPlanner::PolicyReplicaPlanner(const DcConfig& config, Metrics* metrics)
    : m_config(config)
    , m_metrics(metrics)
    , m_detector(policy::DetectorParams {})
{
    m_policy.target = config.replicationTarget;
    m_policy.minReplicas = config.minReplicas;
}

policy::DetectorParams PolicyReplicaPlanner::detectorParams() const
{
    std::lock_guard lock(m_mutex);
    return m_detector.params();
}

int PolicyReplicaPlanner::pendingAssignments() const
{
    std::lock_guard lock(m_mutex);
    return int(m_assigned.size());
}

int PolicyReplicaPlanner::pendingDrops() const
{
    std::lock_guard lock(m_mutex);
    return int(m_dropped.size());
}

// The peer table as the policy sees it, rebuilt at most about every half heartbeat interval; the detector is
// refitted from it once a detector day (a day at time scale 1, 8.64 s at the tests' 10000).
void PolicyReplicaPlanner::refresh(MetadataStore& store, qint64 now)
{
    const qint64 period = std::clamp<qint64>(m_config.heartbeatIntervalSeconds / 2, 1, 30);
    if (m_refreshedAt >= 0 && now - m_refreshedAt < period)
        return;
    auto table = loadPeerTable(store, m_config, now, m_detector.params().population);
    if (!table)
        return;
    if (now >= m_nextRefit) {
        policy::RefitConfig refit;
        refit.prior = policy::DetectorParams {}.population;
        m_detector = policy::FailureDetector(policy::refitDetector(m_detector.params(), table->evidence(), refit));
        const double day = 86400.0 / std::max(m_config.detectorTimeScale, 1e-9);
        m_nextRefit = now + std::max<qint64>(qint64(day), m_config.heartbeatIntervalSeconds);
    }
    m_peers = std::move(table->peers);
    m_holderAvailability = table->holderAvailability;
    if (m_refreshedAt < 0 || now - m_refreshedAt > m_config.onlineGrace()) {
        // Nothing was watched for a while (a DC restarted after an outage, or a standby's first heartbeat of an
        // outage): every holder looks absent since the watching stopped. Wait one online grace before acting for
        // groups (their holders heartbeat first), and count an absence that began unseen from now
        // (docs/replication.md, "After a pause"). The heartbeat that triggered this refresh is already recorded:
        // only earlier seconds count.
        qint64 until = m_refreshedAt;
        if (until < 0)
            for (const PeerView& p : std::as_const(m_peers))
                if (p.lastSeen < now)
                    until = std::max(until, p.lastSeen);
        m_watchingSince = now;
        m_watchedUntil = until;
        if (until >= 0)
            m_nextOrphanScan = std::max(m_nextOrphanScan, now + m_config.onlineGrace());
        // A real pause (nothing heard for longer than the grace; not a first start): repairs wait too (repair()).
        if (until >= 0 && now - until > m_config.onlineGrace())
            m_repairsWaitUntil = now + m_config.onlineGrace();
    }
    m_refreshedAt = now;
}

bool PolicyReplicaPlanner::unseenSinceResume(qint64 lastSeen, bool online) const
{
    // Online when the watching stopped (or never seen here: a standby's replica has no heartbeat times), and
    // not heard since it resumed.
    return !online && m_watchingSince >= 0 && lastSeen < m_watchingSince
        && (lastSeen <= 0 || (m_watchedUntil >= 0 && lastSeen >= m_watchedUntil - m_config.onlineGrace()));
}

qint64 PolicyReplicaPlanner::observedLastSeen(qint64 lastSeen, bool online) const
{
    return m_watchedUntil >= 0 && unseenSinceResume(lastSeen, online) ? m_watchingSince : lastSeen;
}

bool PolicyReplicaPlanner::presumedElsewhere(qint64 lastSeen, bool online, qint64 now) const
{
    // Standbys do not share heartbeats: a holder this standby has not heard since it began watching (the
    // outage) most likely heartbeats to another one. Counting it absent re-placed whole groups on the few
    // nodes this standby sees (the testbed saw 60 replicas sent to one node). It counts as live for the first
    // two (detector) days of the outage (docs/outage.md, "Repair during the outage").
    if (!m_config.standby || online || m_watchingSince < 0 || lastSeen >= m_watchingSince)
        return false;
    const qint64 days = qint64(kPresumedDays * 86400.0 / std::max(m_config.detectorTimeScale, 1e-9));
    return now - m_watchingSince < std::max<qint64>(days, m_config.onlineGrace());
}

double PolicyReplicaPlanner::populationFigure() const
{
    if (!std::isnan(m_holderAvailability))
        return m_holderAvailability;
    // Nobody holds a replica yet: with the newcomer prior on, every peer's figure is still mostly the prior, so
    // the model starts from the paper's population mean as the simulator does; without it (the cluster tests),
    // from what the peers measured (docs/replication.md "Measured availability").
    return m_config.newcomerPrior().seconds > 0 ? policy::kBootstrapPopulationAvailability : m_meanAvailability;
}

double PolicyReplicaPlanner::dcFigure() const
{
    if (m_config.dcAvailability >= 0)
        return m_config.dcAvailability;
    // The nodes' own measurements, weighed so that a crowd of fresh or fake nodes cannot move the model:
    // only vetted peers count, one report per account, and the median of at least three accounts.
    QHash<QString, double> byAccount;
    for (auto it = m_reportedDc.cbegin(); it != m_reportedDc.cend(); ++it) {
        const PeerView peer = m_peers.value(it.key());
        if (peer.online && m_vetted.contains(it.key()))
            byAccount.insert(peer.owner, it.value());
    }
    if (byAccount.size() < 3)
        return m_ownDcAvailability;
    std::vector<double> reports(byAccount.cbegin(), byAccount.cend());
    std::nth_element(reports.begin(), reports.begin() + reports.size() / 2, reports.end());
    return reports[reports.size() / 2];
}

QHash<QString, PolicyReplicaPlanner::PeerLoad> PolicyReplicaPlanner::pendingLoad() const
{
    QHash<QString, PeerLoad> load;
    for (auto it = m_assigned.cbegin(); it != m_assigned.cend(); ++it) {
        PeerLoad& l = load[it.key().second];
        l.bytes += it.value().size;
        ++l.count;
    }
    return load;
}

// Forgets what is done (reported held / no longer reported) and what expired (peer gone, or too old: the
// group is then planned afresh).
void PolicyReplicaPlanner::housekeeping(const PlannerInput& in)
{
    const QSet<QString> held(in.held.cbegin(), in.held.cend());
    const qint64 ttl = std::max<qint64>(600, 30LL * m_config.heartbeatIntervalSeconds);
    for (auto it = m_assigned.begin(); it != m_assigned.end();) {
        const bool mine = it.key().second == in.peerId;
        const bool gone = !mine && !m_peers.value(it.key().second).online;
        if ((mine && held.contains(it.key().first)) || gone || in.now - it.value().at > ttl)
            it = m_assigned.erase(it);
        else
            ++it;
    }
    for (auto it = m_dropped.begin(); it != m_dropped.end();) {
        const bool mine = it.key().second == in.peerId;
        if ((mine && !held.contains(it.key().first)) || in.now - it.value() > ttl)
            it = m_dropped.erase(it);
        else
            ++it;
    }
}

bool PolicyReplicaPlanner::buildGroup(
    const QString& objectId, MetadataStore& store, qint64 now, bool withPending, Group& g) const
{
    auto holders = store.holdersOf(objectId, now, m_config.onlineGrace());
    if (!holders)
        return false;
    const double scale = m_config.detectorTimeScale;
    for (const protocol::Holder& h : *holders) {
        if (m_dropped.contains({ objectId, h.peerId }))
            continue; // released: no longer part of the group
        const PeerView v = m_peers.value(h.peerId);
        policy::HolderState s;
        s.peer = keyOf(h.peerId);
        const bool online = h.online || presumedElsewhere(h.lastSeen, h.online, now);
        s.online = online;
        const qint64 lastSeen = online ? std::max(h.lastSeen, now) : observedLastSeen(h.lastSeen, h.online);
        s.offlineSince = double(lastSeen) * scale;
        s.availability = v.availability;
        s.ipv4 = ipv4Of(h.address);
        auto it = m_peers.constFind(h.peerId); // spans point into m_peers, stable while the lock is held
        if (it != m_peers.cend())
            s.absenceHistory = std::span<const double>(it->absences);
        s.meanCycle = v.meanCycle;
        s.absenceFit = v.absenceFit;
        g.holders.push_back(s);
        g.ids.push_back(h.peerId);
        g.lastSeen.push_back(lastSeen);
        g.live += online ? 1 : 0;
    }
    g.real = int(g.holders.size());
    if (!withPending)
        return true;
    // An assignee still fetching counts as a live member: it is not assigned twice.
    for (auto it = m_assigned.cbegin(); it != m_assigned.cend(); ++it) {
        if (it.key().first != objectId || std::find(g.ids.begin(), g.ids.end(), it.key().second) != g.ids.end())
            continue;
        const PeerView v = m_peers.value(it.key().second);
        policy::HolderState s;
        s.peer = v.key;
        s.online = true;
        s.availability = v.availability;
        s.ipv4 = v.ipv4;
        g.holders.push_back(s);
        g.ids.push_back(it.key().second);
        g.lastSeen.push_back(now);
    }
    return true;
}

void PolicyReplicaPlanner::markWithoutDcCopy(const QString& objectId)
{
    std::lock_guard lock(m_mutex);
    m_withoutDcCopy.insert(objectId);
}

bool PolicyReplicaPlanner::withoutDcCopy(const QString& objectId)
{
    std::lock_guard lock(m_mutex);
    return m_withoutDcCopy.contains(objectId);
}

policy::Decision PolicyReplicaPlanner::run(
    const Group& g, const ObjectRecord& object, std::vector<policy::Candidate>* candidates, qint64 now) const
{
    policy::GroupInput in;
    in.objectId = keyOf(object.id);
    in.objectBytes = object.size;
    in.holders = g.holders;
    if (candidates)
        in.candidates = *candidates;
    in.now = double(now) * m_config.detectorTimeScale;
    in.dcAvailability = dcFigure();
    // An available object's ciphertext is in the blob store, except for one registered at a standby during
    // an outage: that group gets the pure-P2P count (docs/outage.md).
    in.dcHoldsCopy = !m_withoutDcCopy.contains(object.id);
    in.populationAvailability = populationFigure();
    // The owner's nodes are left out of the candidates below (an account may run several nodes), so the
    // policy's own owner check gets a key no peer has.
    in.ownerId = {};
    return policy::decide(in, m_detector, m_policy);
}

// Runs the policy for one group and records the assignments and drops it decides.
PolicyReplicaPlanner::Outcome PolicyReplicaPlanner::act(const ObjectRecord& object, const Group& g, qint64 now)
{
    std::vector<policy::Candidate> candidates;
    std::vector<QString> candidateIds;
    const QHash<QString, PeerLoad> load = pendingLoad();
    for (auto it = m_peers.cbegin(); it != m_peers.cend(); ++it) {
        if (!it->online || it->owner == object.owner || m_dropped.contains({ object.id, it.key() })
            || m_expelled.contains(it.key()) || std::find(g.ids.begin(), g.ids.end(), it.key()) != g.ids.end())
            continue;
        const PeerLoad pending = load.value(it.key());
        const qint64 free = it->freeBytes - pending.bytes;
        if (free < object.size || pending.count >= kMaxPendingPerPeer)
            continue;
        // Vetting: until a peer has passed its first audits placement trusts its figure half, so fresh (or
        // fake) peers get replicas only where vetted ones fall short (docs/replication.md).
        const double trusted = m_vetted.contains(it.key()) ? it->availability : it->availability * 0.5;
        candidates.push_back({ it->key, trusted, free, it->ipv4 });
        candidateIds.push_back(it.key());
    }
    Outcome out;
    out.decision = run(g, object, &candidates, now);
    for (const policy::Key& k : out.decision.add) {
        for (size_t i = 0; i < candidates.size(); ++i)
            if (candidates[i].peer == k) {
                m_assigned.insert({ object.id, candidateIds[i] }, Pending { object.size, now });
                ++out.assigned;
                if (m_metrics)
                    m_metrics->addReplicasAssigned(1);
            }
    }
    for (const policy::Key& k : out.decision.drop) {
        for (size_t i = 0; i < g.ids.size(); ++i)
            if (g.holders[i].peer == k) {
                if (m_assigned.remove({ object.id, g.ids[i] }) == 0)
                    m_dropped.insert({ object.id, g.ids[i] }, now);
                ++out.dropped;
                if (m_metrics)
                    m_metrics->addReplicasDropped(1);
            }
    }
    return out;
}

// The DC acts for a group only when no reported holder is online: nobody else can watch it.
void PolicyReplicaPlanner::evaluateOrphan(const ObjectRecord& object, MetadataStore& store, qint64 now)
{
    Group g;
    if (object.state != protocol::kStateAvailable || !buildGroup(object.id, store, now, true, g))
        return;
    if (g.live == 0)
        act(object, g, now);
}

protocol::WatchParams PolicyReplicaPlanner::watchParams() const
{
    const policy::DetectorParams& d = m_detector.params();
    protocol::WatchParams w;
    w.target = m_policy.target;
    w.minReplicas = m_policy.minReplicas;
    w.maxReplicas = m_policy.maxReplicas;
    w.surplusMargin = m_policy.surplusMargin;
    w.repairSlack = m_policy.repairSlack;
    w.dcAvailability = dcFigure();
    w.meanAvailability = populationFigure();
    w.permanentShare = d.permanentShare;
    w.departureRate = d.departureRate;
    w.absenceShape = d.population.shape;
    w.absenceScale = d.population.scale;
    w.priorWeight = d.priorWeight;
    w.timeScale = m_config.detectorTimeScale;
    return w;
}

// The group of one object the node holds, as the node's watch needs it: every member (pending assignees
// included, dropped holders left out) with what the detector reads, and c as the DC computes it.
std::optional<protocol::GroupView> PolicyReplicaPlanner::viewOf(
    const ObjectRecord& object, MetadataStore& store, qint64 now) const
{
    Group g;
    if (object.state != protocol::kStateAvailable || !buildGroup(object.id, store, now, true, g))
        return std::nullopt;
    protocol::GroupView view;
    view.objectId = object.id;
    view.size = object.size;
    view.targetReplicas = run(g, object, nullptr, now).threshold;
    for (size_t i = 0; i < g.holders.size(); ++i) {
        const policy::HolderState& h = g.holders[i];
        const PeerView v = m_peers.value(g.ids[i]);
        protocol::GroupMember m;
        m.peerId = g.ids[i];
        m.online = h.online;
        m.pending = int(i) >= g.real;
        m.offlineFor = h.online ? 0 : std::max<qint64>(0, now - g.lastSeen[i]);
        m.availability = std::isnan(v.availability) ? -1 : v.availability;
        m.meanCycle = std::isnan(v.meanCycle) ? -1 : v.meanCycle;
        if (v.absenceFit) {
            m.absenceShape = v.absenceFit->shape;
            m.absenceScale = v.absenceFit->scale;
        }
        view.members.append(m);
    }
    return view;
}

Result<protocol::RepairReply> PolicyReplicaPlanner::repair(
    const QString& objectId, const QString& peerId, MetadataStore& store, qint64 now)
{
    std::lock_guard lock(m_mutex);
    refresh(store, now);
    auto object = store.object(objectId);
    if (!object || object->state != protocol::kStateAvailable)
        return makeError(ErrorCode::NotFound, QStringLiteral("no available object %1").arg(objectId));
    Group g;
    if (!buildGroup(objectId, store, now, true, g))
        return makeError(ErrorCode::Internal, QStringLiteral("cannot read the holders of %1").arg(objectId));
    const auto me = std::find(g.ids.begin(), g.ids.begin() + g.real, peerId);
    if (me == g.ids.begin() + g.real)
        return makeError(ErrorCode::Forbidden, QStringLiteral("peer %1 does not hold %2").arg(peerId, objectId));
    // Right after a pause (a restarted DC, a standby at an outage's start) only the first nodes to heartbeat
    // are candidates, and the group's other live members have not been heard yet: acting now sent a returning
    // DC's repairs to the first node or two (16 replicas to one node within 4 s of the DC's return, in the
    // testbed). The holder asks again; by then everyone online has heartbeated (docs/replication.md,
    // "After a pause").
    if (now < m_repairsWaitUntil) {
        protocol::RepairReply wait;
        wait.objectId = objectId;
        wait.action = QStringLiteral("none");
        return wait;
    }
    const Outcome out = act(*object, g, now);
    if (m_metrics)
        m_metrics->addRepairRequest(out.assigned);
    protocol::RepairReply reply;
    reply.objectId = objectId;
    reply.action = out.decision.action == policy::Action::Add ? QStringLiteral("add")
        : out.decision.action == policy::Action::Drop         ? QStringLiteral("drop")
                                                              : QStringLiteral("none");
    reply.targetReplicas = out.decision.threshold;
    reply.estimate = out.decision.estimate;
    reply.assigned = out.assigned;
    reply.dropped = out.dropped;
    return reply;
}

Plan PolicyReplicaPlanner::plan(const PlannerInput& in, MetadataStore& store)
{
    std::lock_guard lock(m_mutex);
    const qint64 now = in.now;
    m_meanAvailability = in.meanAvailability;
    m_ownDcAvailability = in.dcAvailability;
    if (in.reportedDcAvailability >= 0)
        m_reportedDc.insert(in.peerId, std::clamp(in.reportedDcAvailability, 0.0, 1.0));
    if (in.vetted)
        m_vetted.insert(in.peerId);
    else
        m_vetted.remove(in.peerId);
    if (in.expelled)
        m_expelled.insert(in.peerId);
    refresh(store, now);
    {
        PeerView& me = m_peers[in.peerId]; // new peers appear before the next refresh
        me.owner = in.owner;
        me.key = keyOf(in.peerId);
        me.ipv4 = ipv4Of(in.address);
        me.freeBytes = std::max<qint64>(0, in.capacityBytes - in.usedBytes);
        me.lastSeen = now;
        me.online = true;
        if (std::isnan(me.availability))
            me.availability = in.availability;
    }
    housekeeping(in);

    // Groups with an online holder are that holder's to watch (it asks through repair()); the DC acts only
    // for the ones nobody can watch.
    const qint64 period = m_config.heartbeatIntervalSeconds;
    if (now >= m_nextOrphanScan) {
        m_nextOrphanScan = now + period;
        if (auto orphans = store.objectsWithoutLiveHolder(now - m_config.onlineGrace(), kOrphanBatch))
            for (const ObjectRecord& o : *orphans)
                evaluateOrphan(o, store, now);
    }

    Plan plan;
    plan.watch = watchParams();
    for (const QString& id : in.held)
        if (auto o = store.object(id))
            if (auto view = viewOf(*o, store, now))
                plan.groups.append(*view);
    const QSet<QString> held(in.held.cbegin(), in.held.cend());
    for (auto it = m_assigned.cbegin(); it != m_assigned.cend(); ++it)
        if (it.key().second == in.peerId)
            plan.assignments.append({ it.key().first, it->size });
    for (auto it = m_dropped.cbegin(); it != m_dropped.cend(); ++it)
        if (it.key().second == in.peerId && held.contains(it.key().first))
            plan.drops.append({ it.key().first });
    return plan;
}

QSet<QString> PolicyReplicaPlanner::assignedTo(const QString& peerId)
{
    std::lock_guard lock(m_mutex);
    QSet<QString> out;
    for (auto it = m_assigned.cbegin(); it != m_assigned.cend(); ++it)
        if (it.key().second == peerId)
            out.insert(it.key().first);
    return out;
}

std::optional<GroupFigures> PolicyReplicaPlanner::describe(const QString& objectId, MetadataStore& store)
{
    std::lock_guard lock(m_mutex);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    refresh(store, now);
    Group g;
    if (!buildGroup(objectId, store, now, false, g))
        return std::nullopt;
    ObjectRecord o;
    o.id = objectId;
    const policy::Decision d = run(g, o, nullptr, now);
    return GroupFigures { g.live, d.threshold, d.availability };
}

} // namespace as::server
