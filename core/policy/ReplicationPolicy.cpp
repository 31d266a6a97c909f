#include "core/policy/ReplicationPolicy.h"

#include <algorithm>
#include <cmath>

namespace as::policy {

double holderDeadProbability(const HolderState& holder, double now, const FailureDetector& detector)
{
    if (holder.online)
        return 0.0;
    if (!std::isnan(holder.deadProbability))
        return clampProbability(holder.deadProbability);
    return detector.deadProbability(
        now - holder.offlineSince, holder.absenceHistory, holder.meanCycle, holder.absenceFit);
}

double estimateLiveReplicas(std::span<const HolderState> holders, double now, const FailureDetector& detector)
{
    double estimate = 0;
    for (const HolderState& h : holders)
        estimate += 1.0 - holderDeadProbability(h, now, detector);
    return estimate;
}

std::optional<Key> repairActor(const Key& objectId, std::span<const HolderState> holders)
{
    std::optional<Key> best;
    for (const HolderState& h : holders)
        if (h.online && (!best || closerTo(objectId, h.peer, *best)))
            best = h.peer;
    return best;
}

Decision decide(const GroupInput& group, const FailureDetector& detector, const PolicyConfig& config)
{
    Decision decision;
    const std::size_t n = group.holders.size();
    std::vector<double> live(n);
    std::vector<double> figures(n);
    std::vector<double> weighted(n);
    const double mean = clampProbability(group.populationAvailability);
    for (std::size_t i = 0; i < n; ++i) {
        const HolderState& h = group.holders[i];
        live[i] = 1.0 - holderDeadProbability(h, group.now, detector);
        figures[i] = clampProbability(h.availability, mean);
        weighted[i] = figures[i] * live[i];
        decision.estimate += live[i];
    }
    const double dc = group.dcHoldsCopy ? clampProbability(group.dcAvailability) : 0.0;
    // c counts the figures of holders that are (likely) alive, so a dead member does not inflate it.
    std::vector<double> liveFigures;
    for (std::size_t i = 0; i < n; ++i)
        if (live[i] >= 0.5)
            liveFigures.push_back(figures[i]);
    const ReplicaThreshold threshold
        = replicaThreshold({ dc, liveFigures, mean, config.target, std::max(config.maxReplicas, config.minReplicas) });
    decision.threshold = std::max(threshold.count, config.minReplicas);
    decision.targetMet = threshold.targetMet;
    decision.availability = groupAvailability(dc, weighted);
    decision.actor = repairActor(group.objectId, group.holders);

    const double c = decision.threshold;
    if (decision.estimate < c - std::max(config.repairSlack, 1e-9)) {
        decision.action = Action::Add;
        decision.addCount = std::max(1, int(std::ceil(c - decision.estimate - 1e-9)));
        PlacementRequest request { group.objectId, group.ownerId, group.objectBytes, decision.addCount, group.holders,
            group.candidates, mean };
        decision.add = choosePlacement(request);
        return decision;
    }
    if (decision.estimate >= c + config.surplusMargin - 1e-9) {
        // Least useful first: likeliest dead, then lowest availability, then farthest from the object.
        std::vector<std::size_t> order(n);
        for (std::size_t i = 0; i < n; ++i)
            order[i] = i;
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            if (live[a] != live[b])
                return live[a] < live[b];
            if (figures[a] != figures[b])
                return figures[a] < figures[b];
            return closerTo(group.objectId, group.holders[b].peer, group.holders[a].peer);
        });
        double remaining = decision.estimate;
        for (std::size_t i : order) {
            if (remaining - live[i] < c + config.surplusMargin - 1 - 1e-9)
                break;
            remaining -= live[i];
            decision.drop.push_back(group.holders[i].peer);
        }
        if (!decision.drop.empty())
            decision.action = Action::Drop;
    }
    return decision;
}

} // namespace as::policy
