#pragma once
// Placement of new replicas (docs/design.md §6): peers with room for the object and good availability, spread
// across networks (no two holders in one /24 unless no other choice is left), never the owner, never a
// current holder. Deterministic: the same inputs give the same answer on the DC and on every node.

#include "core/policy/PolicyTypes.h"

namespace as::policy {

struct PlacementRequest {
    Key objectId {};
    Key ownerId {};
    std::int64_t objectBytes = 0;
    int count = 0; // how many new holders are wanted
    std::span<const HolderState> currentHolders; // their peers are excluded and their /24s are taken
    std::span<const Candidate> candidates;
    double populationAvailability = 0; // figure for candidates with an unknown availability
};

// Up to `count` candidates, best first: by availability (higher first), ties by XOR distance to the
// object id (closer first). A second pass relaxes the /24 rule only when the first leaves places empty.
// Returns fewer than `count` when not enough candidates qualify.
std::vector<Key> choosePlacement(const PlacementRequest& request);

// The /24 network of an IPv4 address (host order); 0 for an unknown address.
inline std::uint32_t network24(std::uint32_t ipv4)
{
    return ipv4 == 0 ? 0 : (ipv4 >> 8);
}

} // namespace as::policy
