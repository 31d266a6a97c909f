#pragma once
// In-memory swarms of the BitTorrent tracker: who announced which object lately. Not persisted: clients
// re-announce every interval, and holders known from heartbeats are added by the route.

#include <QHash>
#include <QList>
#include <QString>
#include <mutex>

namespace as::server {

struct SwarmPeer {
    QByteArray peerId; // 20 bytes from the announce
    QString ip;
    int port = 0;
    bool seed = false;
    qint64 lastSeen = 0;
};

class TrackerSwarms {
public:
    explicit TrackerSwarms(qint64 expirySeconds)
        : m_expiry(expirySeconds)
    { }
    // Records (or with stopped=true removes) a peer; returns up to `max` other live peers, and swarm counts.
    QList<SwarmPeer> announce(
        const QString& objectId, const SwarmPeer& self, bool stopped, int max, qint64 now, int* seeds, int* leechers);
    void forget(const QString& objectId);

private:
    qint64 m_expiry;
    std::mutex m_mutex;
    // Keyed by (peer id, address): a peer id alone is public (every swarm member sees it), so an
    // `event=stopped` sent from elsewhere with a copied id must not evict the real peer.
    QHash<QString, QHash<QByteArray, SwarmPeer>> m_swarms;
};

} // namespace as::server
