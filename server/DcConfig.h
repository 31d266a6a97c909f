#pragma once
// Settings of one DC server: the command line (docs/design.md §8) plus limits with defaults in one place.

#include "core/policy/AvailabilityModel.h"

#include <QString>

namespace as::server {

struct DcConfig {
    QString host = QStringLiteral("127.0.0.1");
    int port = 0; // 0: any free port (printed at start)
    QString dataDir;
    QString dbUrl;
    QString tlsCert;
    QString tlsKey;
    QString publicUrl; // e.g. https://dc.example.org; else share pages use the request's Host

    int threads = 256; // most connections served at once (workers start at 16, grow on demand)
    qint64 maxObjectSize = 64LL << 30; // 64 GiB
    qint64 maxPartSize = 64LL << 20; // one PUT /content body
    qint64 maxJsonBody = 8LL << 20; // any JSON request body
    int readTimeoutSeconds = 10; // one stalled read/write ends the connection
    int writeTimeoutSeconds = 30;
    int keepAliveSeconds = 5; // idle keep-alive connection
    int headTimeoutSeconds = 10; // a request's line and headers, from its first byte
    int maxConnections = 10000; // open connections in all (plain HTTP front)
    int maxConnectionsPerAddress = 128; // open connections from one IP address (plain HTTP front)
    qint64 tokenLifetimeSeconds = 30LL * 24 * 3600;
    int heartbeatIntervalSeconds = 60; // told to nodes; a node is online for 3 intervals after one
    qint64 availabilityWindowSeconds = 7LL * 24 * 3600;
    qint64 auditIntervalSeconds = 6LL * 3600; // a vetted holder is audited about this often (AuditBook)
    int maxNodesPerAccount = 16; // peer ids one account may heartbeat with

    // Replication (docs/replication.md "How the DC and nodes run it").
    double replicationTarget = 0.99; // T of the hybrid model: the paper's two nines (docs/simulation.md)
    double dcAvailability = -1; // A_dc for the model; < 0: the nodes' reported figures (else own uptime)
    int minReplicas = 5; // durability floor of the policy (docs/simulation.md: why 5)
    // Test knob: detector durations (absences, offline time) are multiplied by this, so a test second can
    // stand for hours of churn. 1 in production.
    double detectorTimeScale = 1;
    // Hours (in the detector's time) of the weak prior a peer's measured availability starts from
    // (policy::NewcomerPrior, docs/replication.md "Measured availability"); 0: none.
    double newcomerPriorHours = 12;

    // Standby masters (docs/outage.md).
    int standbyCount = 4; // k peers per DC server
    double standbyMinAvailability = 0.3; // measured online fraction a standby needs (why 0.3: docs/outage.md)
    int standbyRefreshSeconds = 10; // the plan is recomputed at most this often
    bool standby = false; // this process is a node's standby server over a replica, not the DC

    qint64 onlineGrace() const { return 3LL * heartbeatIntervalSeconds; }
    // None at a standby: it has watched every peer only since its outage began, and old peers are not newcomers.
    policy::NewcomerPrior newcomerPrior() const { return { standby ? 0.0 : newcomerPriorHours * 3600.0 }; }
    bool tls() const { return !tlsCert.isEmpty(); }
};

} // namespace as::server
