#include "bench/sim/ReplicaLayer.h"

#include <algorithm>

namespace as::sim {

ReplicaLayer::ReplicaLayer(World& world, Strategy strategy, PolicyResult& result)
    : m_world(world)
    , m_strategy(strategy)
    , m_result(result)
{
    const SimConfig& c = world.config;
    m_policyConfig.target = c.target;
    m_policyConfig.maxReplicas = c.maxReplicas;
    m_policyConfig.surplusMargin = c.surplusMargin;
    m_policyConfig.minReplicas = c.minReplicas;
    m_groups.resize(world.objects.size());
    m_held.resize(world.users.size());
    m_used.resize(world.users.size());
    m_droppedWhileAway.resize(world.users.size());
    m_expelled.resize(world.users.size());
    m_auditsPassed.resize(world.users.size());
    m_windowAssignments.resize(world.users.size());
}

void ReplicaLayer::addUserSlot()
{
    m_held.emplace_back();
    m_used.push_back(0);
    m_droppedWhileAway.emplace_back();
    m_expelled.push_back(false);
    m_auditsPassed.push_back(0);
    m_windowAssignments.push_back(0);
}

void ReplicaLayer::holderCameOnline(std::uint32_t object, std::uint32_t user)
{
    Group& g = m_groups[object];
    ++g.online;
    if (!m_world.users[user].cheater && g.serving++ == 0)
        ++m_peerAvailableObjects;
}

void ReplicaLayer::holderWentOffline(std::uint32_t object, std::uint32_t user)
{
    Group& g = m_groups[object];
    --g.online;
    if (!m_world.users[user].cheater && --g.serving == 0)
        --m_peerAvailableObjects;
}

void ReplicaLayer::placeAll()
{
    for (std::uint32_t o = 0; o < m_groups.size(); ++o)
        place(o);
}

void ReplicaLayer::place(std::uint32_t object, bool withoutDcCopy)
{
    if (withoutDcCopy) {
        m_groups[object].noDcCopy = true;
        m_noDcCopy.push_back(object);
    }
    if (m_strategy == Strategy::AmazingStore)
        evaluate(object, true);
    else
        refill(object, m_world.config.baselineReplicas, true);
}

void ReplicaLayer::addHolder(std::uint32_t object, std::uint32_t user)
{
    if (bounded())
        ++m_windowAssignments[user];
    Group& g = m_groups[object];
    g.holders.push_back(user);
    m_held[user].push_back(object);
    m_used[user] += m_world.objects[object].bytes;
    const User& u = m_world.users[user];
    if (u.cheater)
        ++m_cheaterHolders;
    else if (!u.departed) {
        ++g.alive;
        ++m_aliveHolders;
    }
    if (u.online)
        holderCameOnline(object, user);
}

void ReplicaLayer::removeHolder(std::uint32_t object, std::uint32_t user)
{
    if (!leaveGroup(object, user))
        return;
    std::vector<std::uint32_t>& held = m_held[user];
    auto hit = std::find(held.begin(), held.end(), object);
    if (hit != held.end()) {
        *hit = held.back();
        held.pop_back();
    }
    discard(object, user);
}

void ReplicaLayer::discard(std::uint32_t object, std::uint32_t user)
{
    const User& u = m_world.users[user];
    if (u.online || u.departed || u.cheater) {
        m_used[user] -= m_world.objects[object].bytes;
        return;
    }
    m_droppedWhileAway[user].push_back(object);
    ++m_droppedAway;
}

void ReplicaLayer::hearDrops(std::uint32_t user)
{
    for (std::uint32_t o : m_droppedWhileAway[user])
        m_used[user] -= m_world.objects[o].bytes;
    m_droppedAway -= std::int64_t(m_droppedWhileAway[user].size());
    m_droppedWhileAway[user].clear();
}

bool ReplicaLayer::leaveGroup(std::uint32_t object, std::uint32_t user)
{
    Group& g = m_groups[object];
    auto it = std::find(g.holders.begin(), g.holders.end(), user);
    if (it == g.holders.end())
        return false;
    *it = g.holders.back();
    g.holders.pop_back();
    const User& u = m_world.users[user];
    if (u.cheater)
        --m_cheaterHolders;
    else if (!u.departed) {
        --g.alive;
        --m_aliveHolders;
        // The last real replica dropped while the DC still counts cheaters' claims: gone from the peer layer
        // though the group looks held (without cheaters a group is never emptied this way).
        const bool claimed = std::any_of(
            g.holders.begin(), g.holders.end(), [this](std::uint32_t h) { return m_world.users[h].cheater; });
        if (g.alive == 0 && claimed && !g.lost) {
            g.lost = true;
            ++m_result.objectsLost;
        }
    }
    if (u.online)
        holderWentOffline(object, user);
    return true;
}

void ReplicaLayer::markPending(std::uint32_t object)
{
    if (!m_groups[object].pending) {
        m_groups[object].pending = true;
        m_pending.push_back(object);
    }
}

void ReplicaLayer::sampleCandidates(std::uint32_t object, int wanted)
{
    // What the DC would offer: a random handful of online peers with their measured figures.
    m_candidateScratch.clear();
    m_candidateUsers.clear();
    const auto& online = m_world.onlineUsers;
    if (online.empty())
        return;
    const Object& obj = m_world.objects[object];
    const int perReplica = m_strategy == Strategy::AmazingStore ? m_world.config.candidateSample
                                                                : m_world.config.baselineCandidateSample;
    for (int i = 0; i < perReplica * wanted; ++i) {
        const std::uint32_t u = online[m_world.placementRng.below(online.size())];
        const User& user = m_world.users[u];
        if (u == obj.owner || m_expelled[u])
            continue;
        if (bounded() && m_windowAssignments[u] >= m_world.config.pendingPerPeer)
            continue; // busy fetching what it was given
        // Vetting: until a peer has passed a few audits the DC trusts its figure less, so placement
        // prefers vetted peers and a fresh (or fake) one gets replicas only where they are short.
        double availability = m_world.measuredAvailability(user);
        if (m_world.config.auditInterval > 0 && m_auditsPassed[u] < m_world.config.vettingAudits)
            availability *= m_world.config.vettingDiscount;
        m_candidateScratch.push_back({ user.id, availability, user.capacity - m_used[u], user.ipv4 });
        m_candidateUsers.push_back(u);
    }
}

void ReplicaLayer::refill(std::uint32_t object, int count, bool initial)
{
    Group& g = m_groups[object];
    if (count <= 0)
        return;
    // A repair needs a source: a live holder or the DC (the first upload comes from the owner); during an
    // outage it also needs a standby to plan it.
    if (!initial && !m_world.dcUp && (g.online == 0 || !m_world.metadataReachable())) {
        markPending(object);
        return;
    }
    m_holderScratch.clear();
    for (std::uint32_t u : g.holders) {
        policy::HolderState h;
        h.peer = m_world.users[u].id;
        h.ipv4 = m_world.users[u].ipv4;
        m_holderScratch.push_back(h);
    }
    sampleCandidates(object, count);
    const Object& obj = m_world.objects[object];
    const std::vector<policy::Key> chosen = policy::choosePlacement({ obj.id, m_world.users[obj.owner].id, obj.bytes,
        count, m_holderScratch, m_candidateScratch, m_world.populationAvailability });
    for (const policy::Key& key : chosen) {
        for (std::size_t i = 0; i < m_candidateScratch.size(); ++i) {
            if (m_candidateScratch[i].peer == key) {
                addHolder(object, m_candidateUsers[i]);
                break;
            }
        }
    }
    if (!initial && m_world.measuring()) {
        m_result.repairs += std::int64_t(chosen.size());
        m_result.repairBytes += double(chosen.size()) * double(obj.bytes);
    }
    // Too few candidates this time: try again at the next chance.
    if (int(chosen.size()) < count)
        markPending(object);
    else
        g.pending = false;
}

void ReplicaLayer::evaluate(std::uint32_t object, bool initial)
{
    Group& g = m_groups[object];
    m_holderScratch.clear();
    for (std::uint32_t u : g.holders) {
        const User& user = m_world.users[u];
        policy::HolderState h;
        h.peer = user.id;
        h.online = user.online;
        h.offlineSince = user.lastChange;
        h.availability = m_world.measuredAvailability(user);
        h.ipv4 = user.ipv4;
        h.absenceHistory = m_world.historyOf(user);
        h.meanCycle = m_world.meanCycle(user);
        h.deadProbability = user.online ? 0.0 : user.deadProbability;
        m_holderScratch.push_back(h);
    }
    const Object& obj = m_world.objects[object];
    policy::GroupInput input;
    input.objectId = obj.id;
    input.ownerId = m_world.users[obj.owner].id;
    input.objectBytes = obj.bytes;
    input.holders = m_holderScratch;
    input.now = m_world.now;
    input.dcAvailability = m_world.measuredDcAvailability();
    input.populationAvailability = m_world.populationAvailability;
    input.dcHoldsCopy = !g.noDcCopy;
    const policy::Decision d = policy::decide(input, m_world.detector, m_policyConfig);
    g.threshold = std::uint8_t(d.threshold);
    g.pending = false;
    if (d.action == policy::Action::Add) {
        refill(object, d.addCount, initial);
    } else if (d.action == policy::Action::Drop) {
        for (const policy::Key& key : d.drop) {
            for (std::uint32_t u : g.holders) {
                if (m_world.users[u].id == key) {
                    removeHolder(object, u);
                    ++m_result.drops;
                    break;
                }
            }
        }
    }
}

void ReplicaLayer::userOnline(std::uint32_t user)
{
    hearDrops(user);
    m_objectScratch.clear();
    for (std::uint32_t o : m_held[user]) {
        Group& g = m_groups[o];
        holderCameOnline(o, user);
        // The returning replica counts again; look at the group only if it may now be in surplus or
        // was waiting for a source.
        const bool surplus = double(g.holders.size()) >= double(g.threshold) + m_world.config.surplusMargin;
        if (g.pending || (m_strategy == Strategy::AmazingStore && surplus))
            m_objectScratch.push_back(o);
    }
    m_world.users[user].scoredAt = 0;
    const std::vector<std::uint32_t> touched = m_objectScratch; // evaluate() may edit m_held[user]
    for (std::uint32_t o : touched) {
        if (m_strategy == Strategy::AmazingStore)
            evaluate(o);
        else if (m_groups[o].pending)
            refill(o, m_world.config.baselineReplicas - int(m_groups[o].holders.size()));
    }
}

void ReplicaLayer::userOffline(std::uint32_t user)
{
    for (std::uint32_t o : m_held[user])
        holderWentOffline(o, user);
}

void ReplicaLayer::userDeparted(std::uint32_t user)
{
    m_droppedAway -= std::int64_t(m_droppedWhileAway[user].size()); // its profile is gone with them
    m_droppedWhileAway[user].clear();
    if (m_world.users[user].cheater)
        return; // it held nothing
    for (std::uint32_t o : m_held[user]) {
        Group& g = m_groups[o];
        --g.alive;
        --m_aliveHolders;
        if (g.alive == 0 && !g.lost) {
            g.lost = true;
            ++m_result.objectsLost;
        }
    }
}

void ReplicaLayer::timeout(std::uint32_t user)
{
    // Written off: every replica it held is discarded and each group refilled at once.
    const std::vector<std::uint32_t> objects = std::move(m_held[user]);
    m_held[user].clear();
    for (std::uint32_t o : objects) {
        leaveGroup(o, user);
        discard(o, user);
    }
    for (std::uint32_t o : objects)
        refill(o, m_world.config.baselineReplicas - int(m_groups[o].holders.size()));
}

void ReplicaLayer::sweep()
{
    const double step = m_world.config.rescoreStep;
    for (std::uint32_t u = 0; u < m_world.users.size(); ++u) {
        User& user = m_world.users[u];
        if (user.online || m_held[u].empty())
            continue;
        user.deadProbability = m_world.scoreNow(user);
        if (user.deadProbability - user.scoredAt < step)
            continue;
        user.scoredAt = user.deadProbability;
        const std::vector<std::uint32_t> objects = m_held[u];
        for (std::uint32_t o : objects)
            evaluate(o);
    }
}

void ReplicaLayer::dcUp()
{
    // The hand-back: the DC gets the outage uploads' copies, their count falls back to c (surplus drops).
    const std::vector<std::uint32_t> handedBack = std::move(m_noDcCopy);
    m_noDcCopy.clear();
    for (std::uint32_t o : handedBack) {
        m_groups[o].noDcCopy = false;
        if (m_strategy == Strategy::AmazingStore)
            evaluate(o);
    }
    metadataBack();
}

void ReplicaLayer::newPlacementWindow()
{
    std::fill(m_windowAssignments.begin(), m_windowAssignments.end(), 0);
    if (m_world.dcUp || m_world.metadataReachable())
        metadataBack();
}

void ReplicaLayer::metadataBack()
{
    const std::vector<std::uint32_t> waiting = std::move(m_pending);
    m_pending.clear();
    for (std::uint32_t o : waiting) {
        if (!m_groups[o].pending)
            continue;
        m_groups[o].pending = false;
        if (m_strategy == Strategy::AmazingStore)
            evaluate(o);
        else
            refill(o, m_world.config.baselineReplicas - int(m_groups[o].holders.size()));
    }
}

void ReplicaLayer::audit(double dt, Rng& rng)
{
    const double interval = m_world.config.auditInterval;
    if (interval <= 0)
        return;
    const double share = std::min(1.0, dt / interval);
    const std::vector<std::uint32_t> online = m_world.onlineUsers; // expel() does not change who is online
    for (std::uint32_t u : online) {
        if (m_held[u].empty() || m_expelled[u] || !rng.chance(share))
            continue;
        if (m_world.measuring()) {
            ++m_result.audits;
            m_result.auditBytes += m_world.config.auditBytes;
        }
        // An honest holder answers with the block and its proof; a cheater has no block to prove.
        if (m_world.users[u].cheater)
            expel(u);
        else
            ++m_auditsPassed[u];
    }
}

void ReplicaLayer::expel(std::uint32_t user)
{
    m_expelled[user] = true;
    if (m_world.measuring())
        ++m_result.cheatersExpelled;
    const std::vector<std::uint32_t> objects = std::move(m_held[user]);
    m_held[user].clear();
    m_used[user] = 0;
    for (std::uint32_t o : objects)
        leaveGroup(o, user);
    for (std::uint32_t o : objects) {
        if (m_strategy == Strategy::AmazingStore)
            evaluate(o);
        else
            refill(o, m_world.config.baselineReplicas - int(m_groups[o].holders.size()));
    }
}

double ReplicaLayer::meanThreshold() const
{
    if (m_groups.empty())
        return 0;
    double sum = 0;
    for (const Group& g : m_groups)
        sum += m_strategy == Strategy::AmazingStore ? g.threshold : m_world.config.baselineReplicas;
    return sum / double(m_groups.size());
}

double ReplicaLayer::meanHolderAvailability() const
{
    // Weighted by the bytes each holds: p stands for "the peer a replica is on", and most holders by head
    // count are weak peers holding a replica or two.
    // Only holders watched for at least the newcomer prior's weight count, as at the DC: a younger one was
    // placed while online and measures above the mean.
    const double prior = policy::NewcomerPrior {}.seconds;
    double sum = 0, weight = 0;
    for (std::uint32_t u = 0; u < m_held.size(); ++u) {
        if (m_used[u] <= 0 || m_world.now - m_world.users[u].joinTime < prior)
            continue;
        sum += double(m_used[u]) * m_world.measuredAvailability(m_world.users[u]);
        weight += double(m_used[u]);
    }
    return weight <= 0 ? m_world.populationAvailability : sum / weight;
}

} // namespace as::sim
