#include "server/replication/PolicyReplicaPlanner.h"

#include "core/util/Encoding.h"
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

constexpr int kHistory = 16; // own absences the detector sees per peer (as the simulator keeps)
constexpr int kOrphanBatch = 200; // DC-acted groups evaluated per scan

policy::Key keyOf(const QString& hexId)
{
    if (auto raw = fromHex(hexId))
        if (auto k = policy::toKey(*raw))
            return *k;
    return {};
}

std::uint32_t ipv4Of(const QString& address)
{
    const QStringList parts = address.split(u'.');
    if (parts.size() != 4)
        return 0;
    std::uint32_t ip = 0;
    for (const QString& p : parts) {
        bool ok = false;
        const uint v = p.toUInt(&ok);
        if (!ok || v > 255)
            return 0;
        ip = (ip << 8) | v;
    }
    return ip;
}

} // namespace

struct PolicyReplicaPlanner::Group {
    std::vector<policy::HolderState> holders; // reported holders, then pending assignees
    std::vector<QString> ids; // peer id of each entry of `holders`
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

// The peer table as the policy sees it, rebuilt at most about every half heartbeat interval.
void PolicyReplicaPlanner::refresh(MetadataStore& store, qint64 now)
{
    const qint64 period = std::clamp<qint64>(m_config.heartbeatIntervalSeconds / 2, 1, 30);
    if (m_refreshedAt >= 0 && now - m_refreshedAt < period)
        return;
    auto peers = store.allPeers();
    if (!peers)
        return;
    const qint64 window = m_config.availabilityWindowSeconds, grace = m_config.onlineGrace();
    const double scale = m_config.detectorTimeScale;
    QHash<QString, QList<protocol::Session>> sessions;
    if (auto all = store.allSessionsSince(now - window))
        for (const auto& p : *all)
            sessions.insert(p.peerId, p.sessions);
    QHash<QString, PeerView> views;
    for (const PeerRecord& p : *peers) {
        PeerView v;
        v.owner = p.owner;
        v.key = keyOf(p.peerId);
        v.ipv4 = ipv4Of(p.address);
        v.freeBytes = std::max<qint64>(0, p.capacityBytes - p.usedBytes);
        v.lastSeen = p.lastSeen;
        v.online = now - p.lastSeen <= grace;
        QList<protocol::Session> s = sessions.value(p.peerId);
        std::sort(s.begin(), s.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
        v.availability = s.isEmpty() ? policy::kUnknown : onlineFraction(s, p.firstSeen, now, window, grace);
        for (qsizetype i = 1; i < s.size(); ++i)
            if (s[i].start > s[i - 1].end)
                v.absences.push_back(double(s[i].start - s[i - 1].end) * scale);
        if (!v.absences.empty()) {
            const qint64 observed = now - std::max(p.firstSeen, now - window);
            v.meanCycle = double(observed) * scale / double(v.absences.size());
        }
        if (v.absences.size() > size_t(kHistory))
            v.absences.erase(v.absences.begin(), v.absences.end() - kHistory);
        views.insert(p.peerId, std::move(v));
    }
    m_peers = std::move(views);
    m_refreshedAt = now;
}

double PolicyReplicaPlanner::dcFigure() const
{
    if (m_config.dcAvailability >= 0)
        return m_config.dcAvailability;
    double sum = 0;
    int n = 0;
    for (auto it = m_reportedDc.cbegin(); it != m_reportedDc.cend(); ++it)
        if (m_peers.value(it.key()).online) {
            sum += it.value();
            ++n;
        }
    return n > 0 ? sum / n : m_ownDcAvailability;
}

qint64 PolicyReplicaPlanner::pendingBytesOf(const QString& peerId) const
{
    qint64 bytes = 0;
    for (auto it = m_assigned.cbegin(); it != m_assigned.cend(); ++it)
        if (it.key().second == peerId)
            bytes += it.value().size;
    return bytes;
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
        s.online = h.online;
        s.offlineSince = double(h.lastSeen) * scale;
        s.availability = v.availability;
        s.ipv4 = ipv4Of(h.address);
        auto it = m_peers.constFind(h.peerId); // spans point into m_peers, stable while the lock is held
        if (it != m_peers.cend())
            s.absenceHistory = std::span<const double>(it->absences);
        s.meanCycle = v.meanCycle;
        g.holders.push_back(s);
        g.ids.push_back(h.peerId);
        g.live += h.online ? 1 : 0;
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
    }
    return true;
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
    in.dcHoldsCopy = true; // an available object's ciphertext is in the blob store
    in.populationAvailability = m_meanAvailability;
    // The owner's nodes are left out of the candidates below (an account may run several nodes), so the
    // policy's own owner check gets a key no peer has.
    in.ownerId = {};
    return policy::decide(in, m_detector, m_policy);
}

// Runs the policy for one group if `actor` is its repair actor (empty actor: the DC, for groups with no
// online holder), and records the assignments and drops it decides.
void PolicyReplicaPlanner::evaluate(const ObjectRecord& object, const QString& actor, MetadataStore& store, qint64 now)
{
    if (object.state != protocol::kStateAvailable)
        return;
    Group g;
    if (!buildGroup(object.id, store, now, true, g))
        return;
    const std::vector<policy::HolderState> real(g.holders.begin(), g.holders.begin() + g.real);
    const std::optional<policy::Key> who = policy::repairActor(keyOf(object.id), real);
    if (actor.isEmpty() ? who.has_value() : (!who || *who != keyOf(actor)))
        return; // someone else acts for this group
    std::vector<policy::Candidate> candidates;
    std::vector<QString> candidateIds;
    for (auto it = m_peers.cbegin(); it != m_peers.cend(); ++it) {
        if (!it->online || it->owner == object.owner || m_dropped.contains({ object.id, it.key() })
            || std::find(g.ids.begin(), g.ids.end(), it.key()) != g.ids.end())
            continue;
        const qint64 free = it->freeBytes - pendingBytesOf(it.key());
        if (free < object.size)
            continue;
        candidates.push_back({ it->key, it->availability, free, it->ipv4 });
        candidateIds.push_back(it.key());
    }
    const policy::Decision d = run(g, object, &candidates, now);
    for (const policy::Key& k : d.add) {
        for (size_t i = 0; i < candidates.size(); ++i)
            if (candidates[i].peer == k) {
                m_assigned.insert({ object.id, candidateIds[i] }, Pending { object.size, now });
                if (m_metrics)
                    m_metrics->addReplicasAssigned(1);
            }
    }
    for (const policy::Key& k : d.drop) {
        for (size_t i = 0; i < g.ids.size(); ++i)
            if (g.holders[i].peer == k) {
                if (m_assigned.remove({ object.id, g.ids[i] }) == 0)
                    m_dropped.insert({ object.id, g.ids[i] }, now);
                if (m_metrics)
                    m_metrics->addReplicasDropped(1);
            }
    }
}

Plan PolicyReplicaPlanner::plan(const PlannerInput& in, MetadataStore& store)
{
    std::lock_guard lock(m_mutex);
    const qint64 now = in.now;
    m_meanAvailability = in.meanAvailability;
    m_ownDcAvailability = in.dcAvailability;
    if (in.reportedDcAvailability >= 0)
        m_reportedDc.insert(in.peerId, std::clamp(in.reportedDcAvailability, 0.0, 1.0));
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

    // Groups are evaluated when their actor reports (at most once per heartbeat interval per peer), so a
    // holder's absence costs nothing until the detector says the group is really short.
    const qint64 period = m_config.heartbeatIntervalSeconds;
    if (now >= m_nextEval.value(in.peerId, 0)) {
        m_nextEval.insert(in.peerId, now + period);
        for (const QString& id : in.held)
            if (auto o = store.object(id))
                evaluate(*o, in.peerId, store, now);
    }
    if (now >= m_nextOrphanScan) {
        m_nextOrphanScan = now + period;
        if (auto orphans = store.objectsWithoutLiveHolder(now - m_config.onlineGrace(), kOrphanBatch))
            for (const ObjectRecord& o : *orphans)
                evaluate(o, QString(), store, now);
    }

    Plan plan;
    const QSet<QString> held(in.held.cbegin(), in.held.cend());
    for (auto it = m_assigned.cbegin(); it != m_assigned.cend(); ++it)
        if (it.key().second == in.peerId)
            plan.assignments.append({ it.key().first, it->size });
    for (auto it = m_dropped.cbegin(); it != m_dropped.cend(); ++it)
        if (it.key().second == in.peerId && held.contains(it.key().first))
            plan.drops.append({ it.key().first });
    return plan;
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
