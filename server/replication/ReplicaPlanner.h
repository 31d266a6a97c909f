#pragma once
// The seam where the replication policy (core/policy, DESIGN §6) plugs into the heartbeat answer: given what
// one node reported and the measured availability figures, which replicas it should fetch (assignments), which
// it may delete (drops), and which peers are standby masters. The DC fills the answer's fields from Plan.
// NullReplicaPlanner (today's default) plans nothing.

#include "core/protocol/Peers.h"

namespace as::server {

class MetadataStore;

struct PlannerInput {
    QString peerId;
    QString owner;
    QString address;
    qint64 capacityBytes = 0;
    qint64 usedBytes = 0;
    QStringList held;
    double availability = 0; // this peer
    double meanAvailability = 0; // population mean p
    double dcAvailability = 1;
    int onlinePeers = 0;
    qint64 now = 0;
};

struct Plan {
    QList<protocol::Assignment> assignments;
    QList<protocol::Drop> drops;
    QList<protocol::StandbyMaster> standbyMasters;
};

class ReplicaPlanner {
public:
    virtual ~ReplicaPlanner() = default;
    // Called on a worker thread for every heartbeat; implementations must be thread-safe. `store` gives read
    // access to objects, holders and peers.
    virtual Plan plan(const PlannerInput& input, MetadataStore& store) = 0;
};

class NullReplicaPlanner final : public ReplicaPlanner {
public:
    Plan plan(const PlannerInput& input, MetadataStore& store) override;
};

} // namespace as::server
