#pragma once
// The hybrid availability model (docs/design.md §6, paper §3): an object is available when the DC is up or at
// least one replica holder is online, A = 1 − (1 − A_dc) · Π (1 − a_i), holders assumed independent.
// All inputs are guarded: NaN → 0 (or the population mean for a holder), values clamped into [0, 1].

#include "core/policy/PolicyTypes.h"

namespace as::policy {

constexpr double kDefaultTarget = 0.99;
constexpr int kDefaultMaxReplicas = 20;

// The population mean p assumed while no replica is held yet (a fresh deployment): the paper's measured mean
// peer availability (docs/replication.md "Measured availability"); the simulator starts from it too.
constexpr double kBootstrapPopulationAvailability = 0.3;

// A peer's measured availability starts from a prior rather than from its first minutes: a peer seen online for
// an hour is not yet a reliable holder (a fresh or fake node would otherwise attract replicas at once), nor is
// it a bad one. The prior is worth 12 hours at the population's mean (an unknown peer is an average peer), in the
// detector's time (docs/replication.md "Measured availability"); the DC and the simulator both use it. A
// prior below the mean (0.1 until 2026-12-07) made every young holder count as weak, and a group of them asked
// for 8-9 replicas where 6 were enough.
struct NewcomerPrior {
    double seconds = 12 * 3600.0;
    double availability = kBootstrapPopulationAvailability;
};

// (online + prior availability · prior seconds) / (observed + prior seconds).
double withNewcomerPrior(double onlineSeconds, double observedSeconds, NewcomerPrior prior = {});

// NaN → fallback; otherwise clamped into [0, 1].
double clampProbability(double p, double fallback = 0.0);

// A = 1 − (1 − A_dc) · Π (1 − a_i). NaN holder figures count as 0 (no help).
double groupAvailability(double dcAvailability, std::span<const double> holderAvailability);

struct ThresholdInput {
    double dcAvailability = 0; // measured; pass 0 during a DC outage (pure P2P)
    std::span<const double> holderAvailability; // figures of the holders that exist; NaN = unknown
    double populationAvailability = 0; // mean figure used for unknown holders and new ones
    double target = kDefaultTarget;
    int maxReplicas = kDefaultMaxReplicas; // cap on the answer
};

struct ReplicaThreshold {
    int count = 0; // the least replica count c meeting the target, or maxReplicas
    bool targetMet = false; // false when even maxReplicas replicas cannot meet the target
    double availability = 0; // what `count` replicas give under the model
};

// The least c such that 1 − (1 − A_dc) · Π_{i<c} (1 − a_i) ≥ target, where a_0, a_1, … are the existing
// holders' own figures (best first; unknown → population mean) followed by the population mean for
// replicas yet to be placed. Example (the paper's): A_dc 0.932, a 0.3, target 0.99 → 0.068·0.7^c ≤ 0.01
// → c = 6. With the DC down pass dcAvailability 0 to get the pure-P2P count for a new object.
ReplicaThreshold replicaThreshold(const ThresholdInput& input);

} // namespace as::policy
