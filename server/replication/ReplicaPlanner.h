#pragma once
// The seam where the replication policy (core/policy, docs/design.md §6) plugs into the heartbeat answer: given what
// one node reported and the measured availability figures, which replicas it should fetch (assignments), which
// it may delete (drops), and which peers are standby masters. The DC fills the answer's fields from Plan.
// PolicyReplicaPlanner (PolicyReplicaPlanner.h) is the default; NullReplicaPlanner plans nothing.

#include "core/protocol/Peers.h"

#include <QSet>
#include <optional>

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
    double dcAvailability = 1; // the DC's own uptime fraction
    double reportedDcAvailability = -1; // the DC's availability as this node measured it; < 0: not reported
    int onlinePeers = 0;
    qint64 now = 0;
    // Proof of storage (server/replication/AuditBook): an unvetted peer is trusted less by placement and its
    // DC figure is not counted; an expelled one gets nothing.
    bool vetted = false;
    bool expelled = false;
};

// What the objects routes show of one replica group.
struct GroupFigures {
    int liveReplicas = 0; // online holders
    int targetReplicas = 0; // c
    double availability = 0; // the model's estimate for the group as it stands
};

struct Plan {
    QList<protocol::Assignment> assignments;
    QList<protocol::Drop> drops;
    QList<protocol::StandbyMaster> standbyMasters;
    // What the node needs to watch the groups it holds (absent: it watches nothing).
    std::optional<protocol::WatchParams> watch;
    QList<protocol::GroupView> groups;
};

class ReplicaPlanner {
public:
    virtual ~ReplicaPlanner() = default;
    // Called on a worker thread for every heartbeat; implementations must be thread-safe. `store` gives read
    // access to objects, holders and peers.
    virtual Plan plan(const PlannerInput& input, MetadataStore& store) = 0;
    // Figures of one available object's group; nullopt when this planner computes none. Thread-safe.
    virtual std::optional<GroupFigures> describe(const QString& objectId, MetadataStore& store)
    {
        (void)objectId;
        (void)store;
        return std::nullopt;
    }
    // A holder (`peerId`, already checked to be of the caller's account) asks for the group of `objectId` to
    // be re-planned. NotFound: no such available object; Forbidden: the peer is not a current holder;
    // Unavailable: this planner plans nothing. Thread-safe.
    virtual Result<protocol::RepairReply> repair(
        const QString& objectId, const QString& peerId, MetadataStore& store, qint64 now);
    // Objects this planner has assigned to `peerId` and not yet seen held (a held claim of one is accepted).
    virtual QSet<QString> assignedTo(const QString& peerId)
    {
        (void)peerId;
        return {};
    }
    // An object the DC holds no copy of (registered at a standby during an outage, docs/outage.md): its
    // group is planned with the pure-P2P replica count (policy::GroupInput::dcHoldsCopy = false).
    virtual void markWithoutDcCopy(const QString& objectId) { (void)objectId; }
    virtual bool withoutDcCopy(const QString& objectId)
    {
        (void)objectId;
        return false;
    }
};

class NullReplicaPlanner final : public ReplicaPlanner {
public:
    Plan plan(const PlannerInput& input, MetadataStore& store) override;
};

} // namespace as::server
