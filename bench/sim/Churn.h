#pragma once
// User churn: who the users are (two classes), how long they stay online and away (Weibull, with a daily
// cycle), and the DC's outage process. Sources and figures: docs/simulation.md.

#include "bench/sim/World.h"

namespace as::sim {

// A fresh user joining at `now`, drawn from the configured population.
User makeUser(const SimConfig& config, Rng& rng, double now);

// Diurnal cycle by time warping: a duration w drawn in "activity time" ends at the real time t with
// ∫_start^t (1 + sign·A·cos(2π(τ − peak)/day)) dτ = w. sign +1 (absences) makes returns cluster around
// the evening peak; sign −1 (sessions) makes sessions end more often at night. The mean rate is 1, so
// the long-run means are unchanged.
double warpedEnd(double start, double warpedDuration, double amplitude, double peakHour, int sign);

double nextSessionEnd(const SimConfig& config, const User& user, Rng& rng, double now);
double nextAbsenceEnd(const SimConfig& config, const User& user, Rng& rng, double now);

double dcUpDuration(const SimConfig& config, Rng& rng);
double dcDownDuration(const SimConfig& config, Rng& rng);

} // namespace as::sim
