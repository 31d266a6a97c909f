#pragma once
// A node's watch over the replica groups it belongs to (docs/design.md §6, docs/replication.md "Peers watch their
// groups"). Each heartbeat answer brings the groups of the objects the node holds (protocol::GroupView) and the
// policy's inputs (WatchParams); between answers the node's own monotonic clock ages every offline member. The
// watch runs core/policy's decide() on each group and, when this node is the group's actor (the online holder
// closest to the object id) and the group is short or in surplus, says which groups to ask the DC to re-plan.
// Pure: time is passed in (milliseconds on any monotonic clock), nothing is sent from here (Daemon does).

#include "core/policy/ReplicationPolicy.h"
#include "core/protocol/Peers.h"

#include <QHash>
#include <QList>
#include <optional>

namespace as::engine {

class GroupWatch {
public:
    struct Verdict {
        QString objectId;
        policy::Action action = policy::Action::None;
        double estimate = 0;
        int threshold = 0;
        bool actor = false; // this node acts for the group
    };

    // Replaces what is watched with the latest answer's view, received at `nowMs`.
    void update(const protocol::WatchParams& params, const QList<protocol::GroupView>& groups, qint64 nowMs);
    void clear();
    int size() const { return int(m_groups.size()); }

    // The policy's verdict on every watched group at `nowMs`, as `selfPeerId` sees it.
    QList<Verdict> evaluate(const QString& selfPeerId, qint64 nowMs) const;

    // Groups to ask the DC about now: this node is the actor, the verdict is Add or Drop, and the group was not
    // asked about within `minGapMs`. Marks them asked.
    struct Ask {
        QString objectId;
        protocol::RepairRequest request;
    };
    QList<Ask> due(const QString& selfPeerId, qint64 nowMs, qint64 minGapMs);

private:
    std::optional<protocol::WatchParams> m_params;
    QList<protocol::GroupView> m_groups;
    qint64 m_receivedMs = 0;
    QHash<QString, qint64> m_askedAt; // object id → when this node last asked
};

} // namespace as::engine
