#pragma once
// The DC's replication planner (docs/design.md §6, docs/replication.md "How the DC and nodes run it"). Holders watch
// their own groups: every heartbeat answer carries, for each object the node holds, the group as the DC sees it
// and the policy's inputs (protocol::GroupView, WatchParams); the node runs core/policy on them with its own
// clock and, when it is the group's actor and the group is short (or in surplus), asks the DC to re-plan it
// (repair()). The DC runs decide() itself only for available objects with no online holder (initial placement,
// or every holder away): groups no live peer can watch. Assignments and drops are remembered until the peer's
// report shows them done (or they expire), and are repeated in each of that peer's answers: heartbeats are
// idempotent.
//
// Measured inputs: each peer's availability and absence history come from its heartbeat sessions (the
// peer_sessions table: an absence is the gap between two sessions); A_dc is --dc-availability if set, else
// the mean of the online nodes' own health-check figures (heartbeat "dc_availability"), else the DC's uptime.
// The detector (absence Weibull, q, departure rate) is refitted from the same sessions once a (detector) day.

#include "core/policy/ReplicationPolicy.h"
#include "server/replication/PeerTable.h"
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

    QSet<QString> assignedTo(const QString& peerId) override;
    Plan plan(const PlannerInput& input, MetadataStore& store) override;
    void markWithoutDcCopy(const QString& objectId) override;
    bool withoutDcCopy(const QString& objectId) override;
    std::optional<GroupFigures> describe(const QString& objectId, MetadataStore& store) override;
    Result<protocol::RepairReply> repair(
        const QString& objectId, const QString& peerId, MetadataStore& store, qint64 now) override;

    // For tests and logs: assignments not yet reported held, drops not yet carried out.
    int pendingAssignments() const;
    int pendingDrops() const;
    // The detector as last refitted.
    policy::DetectorParams detectorParams() const;

private:
    struct Pending {
        qint64 size = 0;
        qint64 at = 0;
    };
    using ObjectPeer = QPair<QString, QString>; // (object id, peer id)

    struct Group; // built per evaluation, see .cpp
    struct Outcome {
        policy::Decision decision;
        int assigned = 0;
        int dropped = 0;
    };
    void refresh(MetadataStore& store, qint64 now);
    void housekeeping(const PlannerInput& in);
    bool buildGroup(const QString& objectId, MetadataStore& store, qint64 now, bool withPending, Group& g) const;
    Outcome act(const ObjectRecord& object, const Group& g, qint64 now);
    void evaluateOrphan(const ObjectRecord& object, MetadataStore& store, qint64 now);
    policy::Decision run(
        const Group& g, const ObjectRecord& object, std::vector<policy::Candidate>* candidates, qint64 now) const;
    protocol::WatchParams watchParams() const;
    std::optional<protocol::GroupView> viewOf(const ObjectRecord& object, MetadataStore& store, qint64 now) const;
    double dcFigure() const;
    struct PeerLoad {
        qint64 bytes = 0; // of assignments not yet reported held
        int count = 0;
    };
    QHash<QString, PeerLoad> pendingLoad() const; // by peer id

    const DcConfig& m_config;
    Metrics* m_metrics;
    policy::FailureDetector m_detector;
    policy::PolicyConfig m_policy;

    mutable std::mutex m_mutex;
    QHash<QString, PeerView> m_peers;
    qint64 m_refreshedAt = -1;
    qint64 m_nextRefit = 0;
    double m_meanAvailability = 0; // all peers' mean (the heartbeat's figure): p until anyone holds replicas
    double m_holderAvailability = policy::kUnknown; // PeerTable::holderAvailability
    double populationFigure() const;
    double m_ownDcAvailability = 1;
    QHash<QString, double> m_reportedDc; // peer → its measured A_dc
    QSet<QString> m_vetted, m_expelled; // as the AuditBook last said at each peer's heartbeat
    QHash<ObjectPeer, Pending> m_assigned;
    QHash<ObjectPeer, qint64> m_dropped;
    qint64 m_nextOrphanScan = 0;
    // After a pause in watching (refresh): when watching resumed, and the last moment watched before it. A holder
    // last seen near that moment was online when the watching stopped: its absence began at a moment not seen.
    qint64 m_watchingSince = -1, m_watchedUntil = -1;
    qint64 m_repairsWaitUntil = 0; // after a real pause, repair requests wait until then (repair())
    bool unseenSinceResume(qint64 lastSeen, bool online) const;
    qint64 observedLastSeen(qint64 lastSeen, bool online) const;
    bool presumedElsewhere(qint64 lastSeen, bool online, qint64 now) const; // a standby's unseen holder
    QSet<QString> m_withoutDcCopy; // outage uploads (markWithoutDcCopy)
};

} // namespace as::server
