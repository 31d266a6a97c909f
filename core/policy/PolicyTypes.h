#pragma once
// Value types of the replication policy (docs/design.md §6). Plain C++ so the DC, the node and the simulator can
// call the policy millions of times without allocations: ids are raw 32-byte arrays, time is a number of
// seconds on the caller's clock (the policy never reads a clock), availabilities are fractions in [0, 1].

#include <QByteArray>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

namespace as::policy {

// A peer id or object id: the raw 32 bytes (SHA-256) of the 64-hex id.
using Key = std::array<std::uint8_t, 32>;

// Raw 32 bytes → Key; nullopt for any other length. `toKey(as::fromHex(id).value())` for hex ids.
std::optional<Key> toKey(const QByteArray& raw);
QByteArray toBytes(const Key& key);

// True when `a` is strictly closer to `target` than `b` in XOR metric.
bool closerTo(const Key& target, const Key& a, const Key& b);

// "Not measured yet": availability fields holding NaN fall back to the population mean.
constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

// Weibull distribution of transient absence durations: S(d) = exp(−(d/scale)^shape).
struct WeibullParams {
    double shape = 0.5; // < 1: heavy tail, as measured for P2P churn (Stutzbach & Rejaie 2006)
    double scale = 4.0 * 3600.0; // seconds
};

// One current member of an object's replica group, as the DC (or a node) sees it.
struct HolderState {
    Key peer {};
    bool online = false;
    double offlineSince = 0; // seconds, caller's clock; read only when !online
    double availability = kUnknown; // measured fraction of time online; NaN = unknown
    std::uint32_t ipv4 = 0; // host order, for the /24 spread; 0 = unknown
    // Past offline durations of this peer in seconds (most recent ones, any order). Caller-owned: the
    // span must stay valid for the duration of the call.
    std::span<const double> absenceHistory;
    // Mean seconds from one absence to the next (observed time / absences); NaN = unknown. Lets the
    // detector use a per-peer share of final absences (DetectorParams::departureRate).
    double meanCycle = kUnknown;
    // The peer's own absence Weibull (fitWeibullShrunk of its history toward the population); nullopt: the
    // detector uses the population's.
    std::optional<WeibullParams> absenceFit;
    // Optional shortcut: a dead probability the caller already computed (e.g. cached per peer for many
    // groups). NaN = let the policy compute it from the history.
    double deadProbability = kUnknown;
};

// A peer that could receive a new replica.
struct Candidate {
    Key peer {};
    double availability = kUnknown; // NaN = unknown → population mean
    std::int64_t freeBytes = 0;
    std::uint32_t ipv4 = 0; // host order; 0 = unknown (never collides with anything)
};

} // namespace as::policy
