#pragma once
// Refitting the failure detector from measured history (docs/replication.md "Refitting the detector"): the
// Weibull of transient absences by maximum likelihood, with right-censoring of absences still running, for
// the population and per peer (shrunk toward the population when the peer has few absences), and q, the
// share of absences that prove permanent. Pure and deterministic: the same samples in any order give the
// same parameters. The DC (server/replication) and the simulator (bench/sim) both call refitDetector().

#include "core/policy/FailureDetector.h"

namespace as::policy {

// Shapes outside this range are clamped: below, the tail is flatter than anything measured for P2P churn;
// above, absences are practically all the same length (the fit of "all equal" samples runs off to ∞).
constexpr double kMinWeibullShape = 0.05;
constexpr double kMaxWeibullShape = 20.0;

// Maximum-likelihood Weibull of absence durations (seconds). `ended`: absences that ended (exact values);
// `open`: absences still running, known only to last at least that long (right-censored). nullopt unless
// `ended` holds at least two distinct positive values (the shape is undefined otherwise). Non-positive,
// NaN and infinite values are ignored.
std::optional<WeibullParams> fitWeibullMle(std::span<const double> ended, std::span<const double> open = {});

// The scale alone for a given shape (closed form, needs one ended absence): λ = (Σ x^k / r)^(1/k).
std::optional<double> fitWeibullScale(double shape, std::span<const double> ended, std::span<const double> open = {});

// The fit shrunk toward `prior`: with r ended absences, ln k = (r·ln k̂ + w·ln k₀)/(r + w) and the same for
// ln λ, where (k̂, λ̂) is the MLE, or (k₀, scale-only MLE) when the shape is undefined (one sample, all equal).
// No ended absence → `prior`. Used per peer (prior = the population) and for the population itself (prior =
// the detector's defaults, so a young DC with few observations does not swing).
WeibullParams fitWeibullShrunk(
    std::span<const double> ended, std::span<const double> open, const WeibullParams& prior, double priorWeight);

// What the DC (or the simulator) observed since it started keeping history.
struct DetectorEvidence {
    std::span<const double> endedAbsences; // transient absences that ended (replica holders), seconds
    // Absences running now that are younger than the departure horizon: censored transient ones. Absences
    // older than the horizon are departures (`confirmedDepartures`), not censored transients.
    std::span<const double> openAbsences;
    double confirmedDepartures = 0; // absences that passed the horizon (peers taken as gone for good)
    // Absences that ended over the whole observation (the sample above may be a recent subset); < 0: the
    // sample's size.
    double absencesEnded = -1;
    double peerSeconds = 0; // observed peer-time over which the ended absences happened (for the rate)
};

struct RefitConfig {
    WeibullParams prior; // what the detector assumes before any evidence
    double populationPriorWeight = 16; // absences the prior shape/scale are worth
    double permanentSharePrior = 0.005; // q before any evidence
    double permanentSharePriorWeight = 2000; // absences the prior q is worth
    bool perPeerPermanentShare = true; // also set departureRate (q_i = rate · peer's mean cycle)
    // The rate is set only from this many ended absences on: with a handful, a peer's q_i would rest on
    // noise (and a young DC's few absences would make every q_i tiny).
    double minAbsencesForRate = 100;
};

// New detector parameters from the evidence; fields of `current` not refitted (priorWeight, softness) are
// kept. q = (departures + q₀·w) / (ended + departures + w); departureRate = q · ended / peerSeconds.
DetectorParams refitDetector(
    const DetectorParams& current, const DetectorEvidence& evidence, const RefitConfig& config);

} // namespace as::policy
