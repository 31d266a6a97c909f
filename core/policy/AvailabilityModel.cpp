#include "core/policy/AvailabilityModel.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace as::policy {

double clampProbability(double p, double fallback)
{
    if (std::isnan(p))
        return fallback;
    return std::clamp(p, 0.0, 1.0);
}

double withNewcomerPrior(double onlineSeconds, double observedSeconds, NewcomerPrior prior)
{
    const double observed = std::max(observedSeconds, 0.0);
    const double online = std::clamp(onlineSeconds, 0.0, observed);
    return (online + prior.availability * prior.seconds) / (observed + prior.seconds);
}

double groupAvailability(double dcAvailability, std::span<const double> holderAvailability)
{
    double allDown = 1.0 - clampProbability(dcAvailability);
    for (double a : holderAvailability)
        allDown *= 1.0 - clampProbability(a);
    return 1.0 - allDown;
}

ReplicaThreshold replicaThreshold(const ThresholdInput& input)
{
    const int cap = std::max(0, input.maxReplicas);
    const double mean = clampProbability(input.populationAvailability);
    // A target of exactly 1 (or more) is unreachable unless some holder is always on; keep the loop
    // meaningful by comparing the remaining unavailability against a positive bound.
    const double allowedDown = std::max(1.0 - clampProbability(input.target, kDefaultTarget), 1e-12);

    // Best holders first: the model counts the group's strongest members before adding new ones.
    // Small fixed buffer: groups are a handful of peers; larger groups fall back to the heap.
    std::vector<double> known;
    known.reserve(input.holderAvailability.size());
    for (double a : input.holderAvailability)
        known.push_back(clampProbability(a, mean));
    std::sort(known.begin(), known.end(), std::greater<>());

    double allDown = 1.0 - clampProbability(input.dcAvailability);
    ReplicaThreshold result;
    for (int c = 0;; ++c) {
        if (allDown <= allowedDown) {
            result.count = c;
            result.targetMet = true;
            result.availability = 1.0 - allDown;
            return result;
        }
        if (c == cap)
            break;
        const double a = std::size_t(c) < known.size() ? known[std::size_t(c)] : mean;
        allDown *= 1.0 - a;
    }
    result.count = cap;
    result.targetMet = false;
    result.availability = 1.0 - allDown;
    return result;
}

} // namespace as::policy
