#include "core/engine/GroupWatch.h"

#include "core/util/Encoding.h"

#include <algorithm>

namespace as::engine {

namespace {

policy::Key keyOf(const QString& hexId)
{
    if (auto raw = fromHex(hexId))
        if (auto k = policy::toKey(*raw))
            return *k;
    return {};
}

double orUnknown(double v)
{
    return v < 0 ? policy::kUnknown : v;
}

} // namespace

void GroupWatch::update(const protocol::WatchParams& params, const QList<protocol::GroupView>& groups, qint64 nowMs)
{
    m_params = params;
    m_groups = groups;
    m_receivedMs = nowMs;
    // Forget asks about groups no longer held.
    for (auto it = m_askedAt.begin(); it != m_askedAt.end();) {
        const bool held = std::any_of(
            groups.cbegin(), groups.cend(), [&](const protocol::GroupView& g) { return g.objectId == it.key(); });
        it = held ? std::next(it) : m_askedAt.erase(it);
    }
}

void GroupWatch::clear()
{
    m_params.reset();
    m_groups.clear();
    m_askedAt.clear();
}

QList<GroupWatch::Verdict> GroupWatch::evaluate(const QString& selfPeerId, qint64 nowMs) const
{
    QList<Verdict> out;
    if (!m_params)
        return out;
    const protocol::WatchParams& w = *m_params;
    policy::DetectorParams dp;
    dp.permanentShare = w.permanentShare;
    dp.departureRate = w.departureRate;
    dp.population = { w.absenceShape, w.absenceScale };
    dp.priorWeight = w.priorWeight;
    const policy::FailureDetector detector(dp);
    policy::PolicyConfig config;
    config.target = w.target;
    config.minReplicas = w.minReplicas;
    config.maxReplicas = w.maxReplicas;
    config.surplusMargin = w.surplusMargin;
    config.repairSlack = w.repairSlack;
    // Detector time: "now" is 0, an offline member left (offline_for + time since the answer) ago, scaled.
    const double sinceAnswer = double(std::max<qint64>(0, nowMs - m_receivedMs)) / 1000.0;
    const policy::Key self = keyOf(selfPeerId);

    std::vector<policy::HolderState> holders, real;
    for (const protocol::GroupView& g : m_groups) {
        holders.clear();
        real.clear();
        for (const protocol::GroupMember& m : g.members) {
            policy::HolderState h;
            h.peer = keyOf(m.peerId);
            h.online = m.online || m.pending;
            h.offlineSince = -(double(m.offlineFor) + sinceAnswer) * w.timeScale;
            h.availability = orUnknown(m.availability);
            h.meanCycle = orUnknown(m.meanCycle);
            if (m.absenceShape > 0 && m.absenceScale > 0)
                h.absenceFit = policy::WeibullParams { m.absenceShape, m.absenceScale };
            holders.push_back(h);
            if (!m.pending)
                real.push_back(h);
        }
        policy::GroupInput in;
        in.objectId = keyOf(g.objectId);
        in.objectBytes = g.size;
        in.holders = holders;
        in.now = 0;
        in.dcAvailability = w.dcAvailability;
        in.populationAvailability = w.meanAvailability;
        const policy::Decision d = policy::decide(in, detector, config);
        // The actor is chosen among holders that have the replica (an assignee still fetching does not act).
        const std::optional<policy::Key> actor = policy::repairActor(in.objectId, real);
        out.append({ g.objectId, d.action, d.estimate, d.threshold, actor && *actor == self });
    }
    return out;
}

QList<GroupWatch::Ask> GroupWatch::due(const QString& selfPeerId, qint64 nowMs, qint64 minGapMs)
{
    QList<Ask> asks;
    for (const Verdict& v : evaluate(selfPeerId, nowMs)) {
        if (!v.actor || v.action == policy::Action::None)
            continue;
        auto last = m_askedAt.constFind(v.objectId);
        if (last != m_askedAt.cend() && nowMs - *last < minGapMs)
            continue;
        m_askedAt.insert(v.objectId, nowMs);
        asks.append({ v.objectId, protocol::RepairRequest { selfPeerId, v.estimate, v.threshold } });
    }
    return asks;
}

} // namespace as::engine
