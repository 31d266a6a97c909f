#include "bench/sim/Churn.h"

#include <algorithm>
#include <cmath>

namespace as::sim {

User makeUser(const SimConfig& config, Rng& rng, double now)
{
    User u;
    for (std::size_t i = 0; i < u.id.size(); i += 8) {
        const std::uint64_t b = rng.bits();
        for (std::size_t j = 0; j < 8; ++j)
            u.id[i + j] = std::uint8_t(b >> (8 * j));
    }
    u.cheater = config.cheaterShare > 0 && rng.chance(config.cheaterShare);
    const bool contributor = u.cheater || rng.chance(config.contributorShare);
    u.targetAvailability = contributor
        ? rng.uniform(config.contributorAvailabilityMin, config.contributorAvailabilityMax)
        : rng.uniform(config.casualAvailabilityMin, config.casualAvailabilityMax);
    u.meanSession = contributor ? config.contributorMeanSession : config.casualMeanSession;
    u.meanAbsence = u.meanSession * (1.0 - u.targetAvailability) / u.targetAvailability;
    const double medianCapacity = contributor ? config.capacityMedianContributor : config.capacityMedianCasual;
    u.capacity = std::int64_t(rng.logNormal(medianCapacity, config.capacitySigma));
    // Campus addresses: 10.x.y.z with the /24 drawn from a fixed set of dormitory/office subnets.
    const std::uint32_t subnet = std::uint32_t(rng.below(std::uint64_t(std::max(1, config.subnets))));
    u.ipv4 = (10u << 24) | ((subnet + 1) << 8) | std::uint32_t(1 + rng.below(254));
    u.joinTime = now;
    u.lastChange = now;
    u.membershipEnd = now + rng.exponential(config.meanMembership);
    return u;
}

double warpedEnd(double start, double warpedDuration, double amplitude, double peakHour, int sign)
{
    const double a = std::clamp(amplitude, 0.0, 0.95) * (sign >= 0 ? 1.0 : -1.0);
    if (a == 0.0 || warpedDuration <= 0)
        return start + std::max(warpedDuration, 0.0);
    const double omega = 2.0 * M_PI / kDay;
    const double peak = peakHour * kHour;
    auto integral = [&](double t) { return t + a / omega * std::sin(omega * (t - peak)); };
    const double goal = integral(start) + warpedDuration;
    // Monotone (rate ≥ 1 − |a| > 0): Newton steps kept inside a shrinking bracket.
    double lo = start, hi = start + warpedDuration / (1.0 - std::abs(a));
    double t = start + warpedDuration;
    for (int i = 0; i < 40; ++i) {
        const double f = integral(t) - goal;
        if (std::abs(f) < 1e-3)
            break;
        (f > 0 ? hi : lo) = t;
        const double next = t - f / (1.0 + a * std::cos(omega * (t - peak)));
        t = (next > lo && next < hi) ? next : 0.5 * (lo + hi);
    }
    return t;
}

double nextSessionEnd(const SimConfig& config, const User& user, Rng& rng, double now)
{
    const double w = rng.weibullWithMean(config.sessionShape, user.meanSession);
    return warpedEnd(now, w, config.diurnalAmplitude, config.peakHour, -1);
}

double nextAbsenceEnd(const SimConfig& config, const User& user, Rng& rng, double now)
{
    const double w = rng.weibullWithMean(config.absenceShape, user.meanAbsence);
    return warpedEnd(now, w, config.diurnalAmplitude, config.peakHour, +1);
}

double dcUpDuration(const SimConfig& config, Rng& rng)
{
    return rng.exponential(config.dcMeanUp);
}

double dcDownDuration(const SimConfig& config, Rng& rng)
{
    return rng.uniform(config.dcDownMin, config.dcDownMax);
}

} // namespace as::sim
