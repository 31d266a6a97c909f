#pragma once
// One replication layer of the simulated world: every object's replica group under one strategy.
//  - AmazingStore: the real policy (core/policy decide()): model-derived c, probabilistic detector,
//    group estimator, repair by the closest live member, hysteresis on surplus.
//  - FixedTimeout: the classic baseline: a holder offline longer than the timeout is written off and its
//    replica discarded; the group is eagerly refilled to a fixed count.
// Groups are touched only when one of their holders changes state (or its detector score moves), never
// by a scan of all objects.

#include "bench/sim/World.h"
#include "core/policy/ReplicationPolicy.h"

namespace as::sim {

enum class Strategy { AmazingStore, FixedTimeout };

class ReplicaLayer {
public:
    ReplicaLayer(World& world, Strategy strategy, PolicyResult& result);

    void addUserSlot(); // a user joined (index = users.size() − 1)
    void placeAll(); // initial upload of every object
    // One object's upload; `withoutDcCopy`: made at a standby during an outage (the pure-P2P count until the
    // DC is back and holds its copy).
    void place(std::uint32_t object, bool withoutDcCopy = false);
    void userOnline(std::uint32_t user);
    void userOffline(std::uint32_t user);
    void userDeparted(std::uint32_t user); // after userOffline: its replicas are physically gone
    void timeout(std::uint32_t user); // FixedTimeout: the user's absence passed the timeout
    void sweep(); // AmazingStore: re-score long absences
    void dcUp(); // retry repairs that waited for a source; outage uploads fall back to the hybrid count
    void metadataBack(); // a standby came back during an outage: retry repairs that waited for one
    // SimConfig::placementWindow: peers have fetched what they were given; groups that found no room try again.
    void newPlacementWindow();
    // Proof of storage: audits the online holders due in the last `dt` seconds (each about once per
    // SimConfig::auditInterval); a cheater fails and is expelled with all its replicas.
    void audit(double dt, Rng& rng);

    // A request is served by peers only if a holder that really stores the object is online.
    bool peerAvailable(std::uint32_t object) const { return m_groups[object].serving > 0; }
    int servingHolders(std::uint32_t object) const { return m_groups[object].serving; }
    bool holdsAny(std::uint32_t user) const { return !m_held[user].empty(); }
    std::int64_t peerAvailableObjects() const { return m_peerAvailableObjects; }
    std::int64_t aliveHolders() const { return m_aliveHolders; } // group members on peers not departed
    // Replicas on the disks of peers not departed: the members, plus replicas dropped while their holder was
    // offline, which it deletes only when it comes back and hears of the drop (docs/simulation.md).
    std::int64_t storedReplicas() const { return m_aliveHolders + m_droppedAway; }
    std::int64_t cheaterHolders() const { return m_cheaterHolders; } // replicas cheaters claim
    double meanThreshold() const;
    double meanHolderAvailability() const; // population figure the DC would publish

private:
    struct Group {
        std::vector<std::uint32_t> holders;
        std::uint16_t online = 0; // as the DC sees it (cheaters included)
        std::uint16_t serving = 0; // online holders that really store it (ground truth)
        std::uint16_t alive = 0; // honest holders not departed (ground truth, for objects_lost)
        std::uint8_t threshold = 0;
        bool pending = false; // needs repair but had no source (no live holder, DC down) or no standby
        bool noDcCopy = false; // uploaded during an outage: the DC has no copy yet
        bool lost = false;
    };

    bool bounded() const { return m_strategy == Strategy::AmazingStore && m_world.config.placementWindow > 0; }
    void evaluate(std::uint32_t object, bool initial = false);
    void refill(std::uint32_t object, int count, bool initial = false);
    void addHolder(std::uint32_t object, std::uint32_t user);
    void removeHolder(std::uint32_t object, std::uint32_t user);
    // The DC forgets the replica now; the bytes stay on the holder's disk until it is online to delete them.
    void discard(std::uint32_t object, std::uint32_t user);
    void hearDrops(std::uint32_t user); // back online: deletes what was dropped while it was away
    bool leaveGroup(std::uint32_t object, std::uint32_t user); // group side only; false if not a member
    void markPending(std::uint32_t object);
    void sampleCandidates(std::uint32_t object, int wanted);
    void expel(std::uint32_t user);
    void holderCameOnline(std::uint32_t object, std::uint32_t user);
    void holderWentOffline(std::uint32_t object, std::uint32_t user);

    World& m_world;
    Strategy m_strategy;
    PolicyResult& m_result;
    policy::PolicyConfig m_policyConfig;
    std::vector<Group> m_groups;
    std::vector<std::vector<std::uint32_t>> m_held; // per user: objects held
    std::vector<std::int64_t> m_used; // per user: bytes on disk (members and drops not yet heard)
    std::vector<std::vector<std::uint32_t>> m_droppedWhileAway; // per user: drops it has not heard yet
    std::int64_t m_droppedAway = 0; // their count, over users not departed
    std::vector<std::uint32_t> m_pending;
    std::vector<std::uint32_t> m_noDcCopy; // groups placed during the current outage
    std::int64_t m_peerAvailableObjects = 0;
    std::int64_t m_aliveHolders = 0;
    std::int64_t m_cheaterHolders = 0;
    std::vector<bool> m_expelled; // per user: failed an audit, never offered a replica again
    std::vector<int> m_auditsPassed; // per user
    std::vector<int> m_windowAssignments; // per user: new replicas given in the current placement window
    // Scratch buffers reused across calls (no allocation per evaluation).
    std::vector<policy::HolderState> m_holderScratch;
    std::vector<policy::Candidate> m_candidateScratch;
    std::vector<std::uint32_t> m_candidateUsers; // user index of each m_candidateScratch entry
    std::vector<std::uint32_t> m_objectScratch;
};

} // namespace as::sim
