#include "server/TrackerSwarms.h"

namespace as::server {

namespace {
constexpr qsizetype kMaxPeersPerSwarm = 5000;

QByteArray keyOf(const SwarmPeer& p)
{
    return p.peerId + '@' + p.ip.toLatin1();
}
}

QList<SwarmPeer> TrackerSwarms::announce(
    const QString& objectId, const SwarmPeer& self, bool stopped, int max, qint64 now, int* seeds, int* leechers)
{
    std::lock_guard lock(m_mutex);
    auto& swarm = m_swarms[objectId];
    const QByteArray selfKey = keyOf(self);
    if (stopped)
        swarm.remove(selfKey);
    else if (swarm.size() < kMaxPeersPerSwarm || swarm.contains(selfKey))
        swarm.insert(selfKey, self); // bounded: random peer ids must not grow memory without limit
    QList<SwarmPeer> out;
    *seeds = 0;
    *leechers = 0;
    for (auto it = swarm.begin(); it != swarm.end();) {
        if (now - it->lastSeen > m_expiry) {
            it = swarm.erase(it);
            continue;
        }
        (it->seed ? *seeds : *leechers) += 1;
        if (it.key() != selfKey && out.size() < max)
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
