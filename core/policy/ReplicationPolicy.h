#pragma once
// The one entry point a DC or a node calls per object (replica group): how many live replicas the group
// has in expectation, how many it needs, and what to do about it. See docs/replication.md.
//
//   estimate = online holders + Σ_offline (1 − P_dead)          (group-level estimator)
//   c        = replicaThreshold(A_dc, holders' figures, mean, target)   (hybrid model)
//   estimate < c − repairSlack  → Add ceil(c − estimate) holders, chosen by choosePlacement
//   estimate ≥ c + surplusMargin → Drop the least useful holders while the rest stays ≥ c + surplusMargin − 1
//   otherwise                   → None (transient churn costs nothing)
// A returning holder is simply online again: it counts fully, and any surplus is dropped later.

#include "core/policy/AvailabilityModel.h"
#include "core/policy/FailureDetector.h"
#include "core/policy/Placement.h"

namespace as::policy {

struct PolicyConfig {
    double target = kDefaultTarget;
    int maxReplicas = kDefaultMaxReplicas;
    // Durability floor: keep at least this many even when the model asks for fewer (a strong DC can make
    // c 1 or 2, and two peers can both leave before the detector is sure). The peers' copies are what
    // failover runs on when the DC is down.
    int minReplicas = 5;
    // Hysteresis: drop only at estimate ≥ c + margin, and keep ≥ c + margin − 1 (one replica of room, so the
    // next transient absence does not trigger a repair).
    double surplusMargin = 1.5;
    // Repair once the expected loss reaches half a replica (the estimate rounds below c). Without it a
    // group of exactly c holders would repair on every absence, since 1 − P_dead < 1 from the first second.
    double repairSlack = 0.5;
};

struct GroupInput {
    Key objectId {};
    Key ownerId {};
    std::int64_t objectBytes = 0;
    std::span<const HolderState> holders;
    std::span<const Candidate> candidates; // may be empty: then `add` is empty but addCount is set
    double now = 0; // seconds, same clock as HolderState::offlineSince
    double dcAvailability = 0; // measured long-run A_dc (it already prices outages in)
    // False for an object the DC has no copy of (uploaded during an outage, not yet handed back): the
    // model then drops the DC term and asks for the pure-P2P count. An outage alone does not change c
    // for objects the DC holds, or every outage would trigger a wave of repairs.
    bool dcHoldsCopy = true;
    double populationAvailability = 0; // mean availability of peers that hold replicas
};

enum class Action { None, Add, Drop };

struct Decision {
    Action action = Action::None;
    int threshold = 0; // c
    bool targetMet = false; // false when even maxReplicas cannot meet the target
    double estimate = 0; // expected live replicas
    double availability = 0; // model availability of the group as it stands (liveness-weighted)
    int addCount = 0; // replicas wanted (Action::Add)
    std::vector<Key> add; // placement's choice among the candidates (may be < addCount)
    std::vector<Key> drop; // holders to release (Action::Drop)
    // The live member closest (XOR) to the object id: the one node that starts a repair. nullopt when no
    // holder is online (then only the DC, if up, can repair from its own copy).
    std::optional<Key> actor;
};

// Expected live replicas: online holders count 1, offline ones 1 − P_dead(now − offlineSince).
double estimateLiveReplicas(std::span<const HolderState> holders, double now, const FailureDetector& detector);

// P_dead of one holder (0 when online; HolderState::deadProbability when the caller supplied it).
double holderDeadProbability(const HolderState& holder, double now, const FailureDetector& detector);

// The online holder closest to the object id, if any.
std::optional<Key> repairActor(const Key& objectId, std::span<const HolderState> holders);

Decision decide(const GroupInput& group, const FailureDetector& detector, const PolicyConfig& config = {});

} // namespace as::policy
