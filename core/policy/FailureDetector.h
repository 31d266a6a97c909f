#pragma once
// Probabilistic failure detector (DESIGN §6). A holder that has been offline for d seconds is gone for
// good with probability
//     P(d) = q / (q + (1 − q) · S(d))
// (Bayes over absences: a share q of absences never end; S(d) is the chance that a transient absence
// lasts longer than d). S blends the peer's own past absences with the population's fitted Weibull, so a
// peer that usually sleeps 12 h is not suspected at 8 h, and an absence far beyond anything seen → P ≈ 1.
// No timeout anywhere: callers use P itself (the group estimator sums 1 − P).

#include "core/policy/PolicyTypes.h"

namespace as::policy {

// Weibull distribution of transient absence durations: S(d) = exp(−(d/scale)^shape).
struct WeibullParams {
    double shape = 0.5; // < 1: heavy tail, as measured for P2P churn (Stutzbach & Rejaie 2006)
    double scale = 4.0 * 3600.0; // seconds
};

double weibullSurvival(const WeibullParams& params, double duration);

// Fit by least squares on the Weibull plot (ln(−ln S) against ln d of the empirical survival); cheap and
// robust for the thousands of samples the DC has. nullopt with fewer than 8 usable (positive) samples.
std::optional<WeibullParams> fitWeibull(std::span<const double> durations);

struct DetectorParams {
    double permanentShare = 0.005; // q: share of absences that turn out permanent (departures/absences)
    // Departures are a time process (membership ends), so the share of *a given peer's* absences that
    // are final grows with how rarely it leaves: q_i = departureRate · (its mean on/off cycle). When > 0
    // and the peer's cycle is known, this per-peer q replaces permanentShare. Unit: per second.
    double departureRate = 0;
    WeibullParams population; // the population's transient absences
    double priorWeight = 4.0; // how many own observations the population prior is worth
    double ownTailSoftness = 4.0; // past absence h still counts (h/d)^softness beyond h: soft edge
};

class FailureDetector {
public:
    FailureDetector() = default;
    explicit FailureDetector(const DetectorParams& params);

    const DetectorParams& params() const { return m_params; }

    // Smoothed survival of a transient absence of this peer beyond `offlineFor` seconds:
    // (Σ_own s_h(d) + w · S_pop(d)) / (n + w), with s_h(d) = 1 for d ≤ h and (h/d)^softness beyond.
    double transientSurvival(double offlineFor, std::span<const double> absenceHistory) const;

    // P(gone for good | offline for `offlineFor` seconds). Negative or NaN durations count as 0.
    // `meanCycle`: the peer's mean time from one absence to the next (observed time / absences), NaN if
    // unknown; used with DetectorParams::departureRate.
    double deadProbability(
        double offlineFor, std::span<const double> absenceHistory, double meanCycle = kUnknown) const;

    // The q that applies to a peer with this mean cycle (clamped to [0, 0.5]).
    double permanentShareFor(double meanCycle) const;

private:
    DetectorParams m_params;
};

} // namespace as::policy
