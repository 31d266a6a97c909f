#include "server/replication/ReplicaPlanner.h"

namespace as::server {

Plan NullReplicaPlanner::plan(const PlannerInput&, MetadataStore&)
{
    return {}; // the replication issue replaces this with the policy of core/policy
}

Result<protocol::RepairReply> ReplicaPlanner::repair(const QString&, const QString&, MetadataStore&, qint64)
{
    return makeError(ErrorCode::Unavailable, QStringLiteral("this DC does not plan replicas"));
}

} // namespace as::server
