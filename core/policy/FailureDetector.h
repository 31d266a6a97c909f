#pragma once
// Probabilistic failure detector (docs/design.md §6). A holder that has been offline for d seconds is gone for
// good with probability
//     P(d) = q / (q + (1 − q) · S(d))
// (Bayes over absences: a share q of absences never end; S(d) is the chance that a transient absence
// lasts longer than d). S blends the peer's own past absences with the population's fitted Weibull, so a
// peer that usually sleeps 12 h is not suspected at 8 h, and an absence far beyond anything seen → P ≈ 1.
// No timeout anywhere: callers use P itself (the group estimator sums 1 − P).

#include "core/policy/PolicyTypes.h"

namespace as::policy {

// S(d) = exp(−(d/scale)^shape) of WeibullParams (PolicyTypes.h). Fits: DetectorFit.h.
double weibullSurvival(const WeibullParams& params, double duration);

struct DetectorParams {
    double permanentShare = 0.005; // q: share of absences that turn out permanent (departures/absences)
    // Departures are a time process (membership ends), so the share of *a given peer's* absences that
    // are final grows with how rarely it leaves: q_i = departureRate · (its mean on/off cycle). When > 0
    // and the peer's cycle is known, this per-peer q replaces permanentShare. Unit: per second.
    double departureRate = 0;
    WeibullParams population; // the population's transient absences (refitted: DetectorFit.h)
    double priorWeight = 4.0; // how many own observations the (peer's or population's) Weibull is worth
    double ownTailSoftness = 4.0; // past absence h still counts (h/d)^softness beyond h: soft edge
};

class FailureDetector {
public:
    FailureDetector() = default;
    explicit FailureDetector(const DetectorParams& params);

    const DetectorParams& params() const { return m_params; }

    // Smoothed survival of a transient absence of this peer beyond `offlineFor` seconds:
    // (Σ_own s_h(d) + w · S(d)) / (n + w), with s_h(d) = 1 for d ≤ h and (h/d)^softness beyond, and S the
    // peer's own fitted Weibull (`peerFit`, shrunk toward the population) or else the population's.
    double transientSurvival(double offlineFor, std::span<const double> absenceHistory,
        const std::optional<WeibullParams>& peerFit = std::nullopt) const;

    // P(gone for good | offline for `offlineFor` seconds). Negative or NaN durations count as 0.
    // `meanCycle`: the peer's mean time from one absence to the next (observed time / absences), NaN if
    // unknown; used with DetectorParams::departureRate.
    double deadProbability(double offlineFor, std::span<const double> absenceHistory, double meanCycle = kUnknown,
        const std::optional<WeibullParams>& peerFit = std::nullopt) const;

    // The q that applies to a peer with this mean cycle (clamped to [0, 0.5]).
    double permanentShareFor(double meanCycle) const;

private:
    DetectorParams m_params;
};

} // namespace as::policy
