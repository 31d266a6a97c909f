#pragma once
// Everything a route handler needs, owned by DcServer and passed by reference (no singletons).

#include "server/DcConfig.h"
#include "server/Metrics.h"
#include "server/ObjectCache.h"
#include "server/TrackerSwarms.h"
#include "server/auth/LoginThrottle.h"
#include "server/auth/Tokens.h"
#include "server/http/RateLimiter.h"
#include "server/master/SignedRequests.h"
#include "server/master/StandbyChoice.h"
#include "server/replication/AuditBook.h"
#include "server/replication/DataReads.h"
#include "server/replication/ReplicaPlanner.h"
#include "server/store/BlobStore.h"
#include "server/store/MetadataStore.h"

#include "core/crypto/Identity.h"

#include <array>
#include <functional>
#include <mutex>
#include <shared_mutex>

namespace as::server {

// Standby masters (docs/outage.md): on the DC, who they are (recomputed at most every few seconds); on a
// standby, the DC's last plan as the node received it (answers keep naming it).
struct StandbyPlanState {
    std::mutex mutex;
    QList<protocol::StandbyMaster> current;
    qint64 computedAt = -1;
};

// Per-object locks without a global lock (striped). Writers of upload parts hold the lock shared while
// they write into the partial file; recording ranges, verifying, publishing and deleting hold it exclusively,
// so no part can be written into a file that is being verified or has just been published.
class ObjectLocks {
public:
    std::shared_mutex& forObject(const QString& id) { return m_locks[qHash(id) % m_locks.size()]; }

private:
    std::array<std::shared_mutex, 256> m_locks;
};

// Availability figures shared by all heartbeats, recomputed at most every 30 s.
struct PopulationFigures {
    double meanAvailability = 0;
    double dcAvailability = 1;
    int onlinePeers = 0;
    qint64 computedAt = -1;
};

struct DcContext {
    const DcConfig& config;
    MetadataStore& store;
    BlobStore& blobs;
    TokenService& tokens;
    Metrics& metrics;
    ReplicaPlanner& planner;
    TrackerSwarms& swarms;
    ObjectLocks& locks;
    ObjectCache& objectCache;
    QString serverId; // 64 hex, persisted
    QByteArray serverSecret; // persisted; keys the fake salts of unknown usernames
    qint64 runStart = 0;
    // When the run before this one was last known alive (0: none). Right after a restart nobody has
    // heartbeaten yet; the tracker names the holders that were online then (server/routes/Tracker.cpp).
    qint64 previousRunAliveAt = 0;
    // Until then (a restart, not a fresh DC's first start; one online grace) standbys may still be handing back
    // outage uploads: an object id the DC does not know is "not known yet", not a final 404
    // (docs/outage.md, "Hand-back"). 0: never.
    qint64 reconcilingUntil = 0;

    std::mutex figuresMutex;
    PopulationFigures figures;

    // Abuse limits (docs/dc-server.md, "Rate limits"): cheap reads are bounded by the connection front;
    // these guard the routes whose cost is real (scrypt, heartbeat planning, tracker swarms).
    LoginThrottle logins;
    RateLimiter registrationsPerAddress { 1, 30 }; // scrypt per registration
    RateLimiter heartbeatsPerAccount { 10, 60 };
    RateLimiter announcesPerAddress { 20, 100 };

    // Proof of storage and the peer-id binding (docs/replication.md, "Proof of storage").
    AuditBook audits;
    // Who read which bytes from /data lately: an audit answer copied from there fails. The braces make the
    // aggregate initialisation in DcServer.cpp use this default rather than copy-initialise the explicit
    // constructor, which clang (clang-tidy) rejects.
    DataReads dataReads {};
    std::mutex signedAtMutex;
    QHash<QString, qint64> lastSignedAtMs; // per peer: its heartbeats are accepted in increasing order only

    // Standby masters and signed requests (docs/outage.md).
    std::optional<crypto::Identity> masterKey; // DC: signs the change log; absent on a standby
    StandbyPlanState standbys;
    NonceWindow nonces;
    // Set on a standby: requests are authenticated by signature (never tokens); answers the account.
    std::function<Result<QString>(const httplib::Request&)> signedAuth;
};

} // namespace as::server
