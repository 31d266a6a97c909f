#include "server/TrackerSwarms.h"

namespace as::server {

QList<SwarmPeer> TrackerSwarms::announce(const QString& objectId, const SwarmPeer& self, bool stopped, int max,
                                         qint64 now, int* seeds, int* leechers)
{
    std::lock_guard lock(m_mutex);
    auto& swarm = m_swarms[objectId];
    if (stopped)
        swarm.remove(self.peerId);
    else
        swarm.insert(self.peerId, self);
    QList<SwarmPeer> out;
    *seeds = 0;
    *leechers = 0;
    for (auto it = swarm.begin(); it != swarm.end();) {
        if (now - it->lastSeen > m_expiry) {
            it = swarm.erase(it);
            continue;
        }
        (it->seed ? *seeds : *leechers) += 1;
        if (it.key() != self.peerId && out.size() < max)
            out.append(*it);
        ++it;
    }
    if (swarm.isEmpty())
        m_swarms.remove(objectId);
    return out;
}

void TrackerSwarms::forget(const QString& objectId)
{
    std::lock_guard lock(m_mutex);
    m_swarms.remove(objectId);
}

} // namespace as::server
