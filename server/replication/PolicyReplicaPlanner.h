#pragma once
// The DC's replication planner (DESIGN §6, docs/replication.md "How the DC and nodes run it"): on every
// heartbeat it runs core/policy's decide() for the groups this node is the repair actor of (the online holder
// closest to the object id) and, on the DC's behalf, for available objects with no online holder (initial
// placement, or every holder away). Assignments and drops are remembered until the peer's report shows them
// done (or they expire), and are repeated in each of that peer's answers: heartbeats are idempotent.
//
// Measured inputs: each peer's availability and absence history come from its heartbeat sessions (the
// peer_sessions table: an absence is the gap between two sessions); A_dc is --dc-availability if set, else
// the mean of the online nodes' own health-check figures (heartbeat "dc_availability"), else the DC's uptime.

#include "core/policy/ReplicationPolicy.h"
#include "server/replication/ReplicaPlanner.h"

#include <QHash>
#include <QPair>
#include <mutex>
#include <vector>

namespace as::server {

struct DcConfig;
struct ObjectRecord;
class Metrics;

class PolicyReplicaPlanner final : public ReplicaPlanner {
public:
    // `metrics` may be null (unit tests).
    PolicyReplicaPlanner(const DcConfig& config, Metrics* metrics);

    Plan plan(const PlannerInput& input, MetadataStore& store) override;
    std::optional<GroupFigures> describe(const QString& objectId, MetadataStore& store) override;

    // For tests and logs: assignments not yet reported held, drops not yet carried out.
    int pendingAssignments() const;
    int pendingDrops() const;

private:
    struct PeerView {
        QString owner;
        policy::Key key {};
        std::uint32_t ipv4 = 0;
        qint64 freeBytes = 0;
        qint64 lastSeen = 0;
        bool online = false;
        double availability = policy::kUnknown;
        std::vector<double> absences; // detector seconds (time-scaled), most recent last
        double meanCycle = policy::kUnknown;
    };
    struct Pending {
        qint64 size = 0;
        qint64 at = 0;
    };
    using ObjectPeer = QPair<QString, QString>; // (object id, peer id)

    struct Group; // built per evaluation, see .cpp
    void refresh(MetadataStore& store, qint64 now);
    void housekeeping(const PlannerInput& in);
    bool buildGroup(const QString& objectId, MetadataStore& store, qint64 now, bool withPending, Group& g) const;
    void evaluate(const ObjectRecord& object, const QString& actor, MetadataStore& store, qint64 now);
    policy::Decision run(
        const Group& g, const ObjectRecord& object, std::vector<policy::Candidate>* candidates, qint64 now) const;
    double dcFigure() const;
    qint64 pendingBytesOf(const QString& peerId) const;

    const DcConfig& m_config;
    Metrics* m_metrics;
    policy::FailureDetector m_detector;
    policy::PolicyConfig m_policy;

    mutable std::mutex m_mutex;
    QHash<QString, PeerView> m_peers;
    qint64 m_refreshedAt = -1;
    double m_meanAvailability = 0;
    double m_ownDcAvailability = 1;
    QHash<QString, double> m_reportedDc; // peer → its measured A_dc
    QHash<ObjectPeer, Pending> m_assigned;
    QHash<ObjectPeer, qint64> m_dropped;
    QHash<QString, qint64> m_nextEval; // peer → when its groups are next evaluated
    qint64 m_nextOrphanScan = 0;
};

} // namespace as::server
