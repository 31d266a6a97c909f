#include "core/policy/Placement.h"

#include "core/policy/AvailabilityModel.h"

#include <algorithm>

namespace as::policy {

namespace {

bool contains(const std::vector<std::uint32_t>& networks, std::uint32_t net)
{
    return std::find(networks.begin(), networks.end(), net) != networks.end();
}

} // namespace

std::vector<Key> choosePlacement(const PlacementRequest& request)
{
    std::vector<Key> chosen;
    if (request.count <= 0)
        return chosen;
    const double mean = clampProbability(request.populationAvailability);

    struct Ranked {
        const Candidate* candidate;
        double availability;
    };
    std::vector<Ranked> eligible;
    eligible.reserve(request.candidates.size());
    for (const Candidate& c : request.candidates) {
        if (c.peer == request.ownerId || c.freeBytes < request.objectBytes || c.freeBytes <= 0)
            continue;
        const bool isHolder = std::any_of(request.currentHolders.begin(), request.currentHolders.end(),
            [&](const HolderState& h) { return h.peer == c.peer; });
        if (!isHolder)
            eligible.push_back({ &c, clampProbability(c.availability, mean) });
    }
    std::sort(eligible.begin(), eligible.end(), [&](const Ranked& a, const Ranked& b) {
        if (a.availability != b.availability)
            return a.availability > b.availability;
        if (a.candidate->peer != b.candidate->peer)
            return closerTo(request.objectId, a.candidate->peer, b.candidate->peer);
        return false;
    });
    std::vector<std::uint32_t> takenNetworks;
    for (const HolderState& h : request.currentHolders)
        if (network24(h.ipv4) != 0)
            takenNetworks.push_back(network24(h.ipv4));

    std::vector<bool> used(eligible.size(), false);
    // Pass 1: only networks not yet used by the group. Pass 2: anything left, best first.
    for (int pass = 0; pass < 2 && int(chosen.size()) < request.count; ++pass) {
        for (std::size_t i = 0; i < eligible.size() && int(chosen.size()) < request.count; ++i) {
            // The same peer listed twice must not be chosen twice.
            if (used[i] || std::find(chosen.begin(), chosen.end(), eligible[i].candidate->peer) != chosen.end())
                continue;
            const std::uint32_t net = network24(eligible[i].candidate->ipv4);
            if (pass == 0 && net != 0 && contains(takenNetworks, net))
                continue;
            used[i] = true;
            chosen.push_back(eligible[i].candidate->peer);
            if (net != 0)
                takenNetworks.push_back(net);
        }
    }
    return chosen;
}

} // namespace as::policy
