#include "server/replication/ReplicaPlanner.h"

namespace as::server {

Plan NullReplicaPlanner::plan(const PlannerInput&, MetadataStore&)
{
    return {}; // the replication issue replaces this with the policy of core/policy
}

} // namespace as::server
