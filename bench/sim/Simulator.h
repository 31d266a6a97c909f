#pragma once
// The discrete-event simulator (docs/design.md §7): users with diurnal Weibull churn and permanent departures,
// DC outages, Zipf requests, and three ways to keep the objects available, run side by side on the same
// churn and the same requests: DC alone, AmazingStore's policy (core/policy) and a fixed-timeout baseline.
// Deterministic for a seed: own PRNG streams, no wall clock.

#include "bench/sim/SimConfig.h"

#include <functional>

namespace as::sim {

struct Schedule;

// Runs the whole simulation. `progress` (optional) is called about once per simulated day with the
// fraction done. With `replay` the users, their churn, the DC's outages, the uploads and the requests are
// the schedule's (bench/testbed drives the real programs with the same file); nothing is warm-up.
SimResult runSimulation(
    const SimConfig& config, const std::function<void(double)>& progress = {}, const Schedule* replay = nullptr);

} // namespace as::sim
