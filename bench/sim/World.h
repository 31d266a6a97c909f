#pragma once
// The simulated world shared by the replication layers: users and their churn state, objects, the DC,
// and the figures the real DC would measure (per-peer availability, A_dc, the detector's population).

#include "bench/sim/Random.h"
#include "bench/sim/SimConfig.h"
#include "core/policy/AvailabilityModel.h"
#include "core/policy/DetectorFit.h"
#include "core/policy/PolicyTypes.h"

#include <algorithm>
#include <array>
#include <vector>

namespace as::sim {

constexpr int kHistoryLength = 16;

struct User {
    policy::Key id {};
    std::uint32_t ipv4 = 0;
    std::int64_t capacity = 0;
    double targetAvailability = 0;
    double meanSession = 0, meanAbsence = 0;
    double joinTime = 0, membershipEnd = 0;
    bool online = false;
    bool departed = false;
    double lastChange = 0; // time of the last online/offline transition
    double onlineAccum = 0; // seconds online since joining (closed sessions)
    std::uint32_t absenceCount = 0; // also identifies the current absence for timeouts
    std::array<double, kHistoryLength> history {}; // ring of past absence durations
    int historySize = 0, historyNext = 0;
    // The peer's absence Weibull fitted on its history and shrunk toward the population (refreshed when an
    // absence ends), as the DC computes it from heartbeat sessions.
    std::optional<policy::WeibullParams> absenceFit;
    // The detector's score, cached per peer (refreshed by the sweep) so that the hundreds of groups a
    // peer belongs to do not recompute it.
    double deadProbability = 0;
    double scoredAt = 0; // P_dead when the peer's groups were last re-evaluated
    int onlineIndex = -1; // position in World::onlineUsers
    bool cheater = false; // reports replicas it does not store (SimConfig::cheaterShare)
    double firstOnline = -1; // start of its first session (the DC measures availability from there)
};

struct Object {
    policy::Key id {};
    std::uint32_t owner = 0;
    std::int64_t bytes = 0;
};

struct World {
    const SimConfig& config;
    std::vector<User> users;
    std::vector<Object> objects;
    std::vector<std::uint32_t> onlineUsers;
    bool dcUp = true;
    double now = 0;
    double measureStart = 0;
    double dcUpAccum = 0, dcObserved = 0; // since t = 0, for the measured A_dc
    policy::FailureDetector detector;
    // p: the byte-weighted figure of holders present 12 h (refreshed hourly and after each replayed upload).
    double populationAvailability = policy::kBootstrapPopulationAvailability;
    policy::Key serverId {}; // the DC server's id in the peer-id space (standbys are the peers closest to it)
    std::vector<std::uint32_t> standbys; // the plan nodes last heard before the current outage
    Rng placementRng;

    World(const SimConfig& c)
        : config(c)
        , placementRng(c.seed, 7)
    { }

    bool measuring() const { return now >= measureStart; }
    double measuredAvailability(const User& u) const
    {
        // The DC's figure from heartbeat sessions, with its weak prior for newcomers.
        const double online = u.onlineAccum + (u.online ? now - u.lastChange : 0.0);
        return policy::withNewcomerPrior(online, now - u.joinTime);
    }
    // What the DC's standby choice uses: the online fraction since the first session, no prior.
    double observedAvailability(const User& u) const
    {
        if (u.firstOnline < 0 || now <= u.firstOnline)
            return u.online ? 1.0 : 0.0;
        const double online = u.onlineAccum + (u.online ? now - u.lastChange : 0.0);
        return std::min(1.0, online / (now - u.firstOnline));
    }
    // Metadata for a request, a repair or an upload: the DC, or during an outage a named standby online.
    bool metadataReachable() const
    {
        if (dcUp)
            return true;
        return std::any_of(standbys.begin(), standbys.end(), [&](std::uint32_t s) { return users[s].online; });
    }
    double measuredDcAvailability() const
    {
        // Prior: one week at the deployment's 0.932, then the DC's own record.
        return (dcUpAccum + 0.932 * 7 * kDay) / (dcObserved + 7 * kDay);
    }
    std::span<const double> historyOf(const User& u) const { return { u.history.data(), std::size_t(u.historySize) }; }
    double meanCycle(const User& u) const
    {
        return u.absenceCount == 0 ? policy::kUnknown : (now - u.joinTime) / double(u.absenceCount);
    }
    double scoreNow(const User& u) const
    {
        return u.online ? 0.0 : detector.deadProbability(now - u.lastChange, historyOf(u), meanCycle(u), u.absenceFit);
    }
};

} // namespace as::sim
