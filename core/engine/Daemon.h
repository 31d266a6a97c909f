#pragma once
// The `run` daemon's contribution loop (docs/design.md §5 "Contribution"): seeds every object and replica the
// profile holds, heartbeats to the DC (peer id, listen port, capacity, used, held), takes the answer's
// assignments within capacity (DownloadJob, Purpose::Replica) and carries out its drops. It watches the groups
// of the replicas it holds (GroupWatch) and, as a group's actor, asks the DC to re-plan one that is short or in
// surplus. With the DC away it keeps seeding and retries with backoff (mode "p2p").

#include "core/engine/GroupWatch.h"
#include "core/engine/ReplicaIntake.h"
#include "core/engine/StandbyDiscovery.h"
#include "core/util/Result.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>

class QTimer;

namespace as::protocol {
struct HeartbeatReply;
}

namespace as::engine {

class EngineContext;
class DownloadJob;
class Uploads;
class StandbyRole;
class DcCopy;

class Daemon : public QObject {
    Q_OBJECT
public:
    struct Options {
        int heartbeatIntervalMs = 0; // 0: as the DC says (heartbeat_interval)
        DiskOf diskOf; // the replicas' volume; empty: the real one (tests give a disk of the size they need)
    };
    Daemon(EngineContext& ctx, Uploads& uploads, Options options, QObject* parent = nullptr);
    ~Daemon() override;

    Status start();
    // Stops heartbeats and replica downloads; the caller then shuts libtorrent down.
    void stop();
    bool isRunning() const { return m_running; }

signals:
    void statusChanged();

private:
    void seedHeld();
    void heartbeat();
    void onHeartbeat(const protocol::HeartbeatReply& reply);
    void take(const QString& objectId, qint64 size);
    StoreReplicaBook replicaBook() const; // the capacity logic's view of this profile and its disk
    void drop(const QString& objectId);
    void scheduleHeartbeat(int ms);
    void watchGroups();
    void logStart();
    protocol::AuditAnswer answerAudit(const protocol::AuditChallenge& challenge);
    void startStandbyRole(const protocol::HeartbeatReply& reply);

    EngineContext& m_ctx;
    Uploads& m_uploads;
    Options m_opt;
    QTimer* m_timer;
    QTimer* m_watchTimer; // halfway between heartbeats: the watch ages offline members on its own clock
    GroupWatch m_watch;
    QElapsedTimer m_clock; // the node's own monotonic clock for the watch
    bool m_running = false;
    bool m_inFlight = false;
    QList<protocol::AuditAnswer> m_auditAnswers; // for the next heartbeat
    qint64 m_lastSignedAtMs = 0;
    bool m_dcReachable = true; // for the log: one line when the DC goes away, one when it answers again
    QString m_servedBy; // the standby master that answered the last heartbeat; empty: the DC
    int m_intervalMs = 60000;
    QHash<QString, QPointer<DownloadJob>> m_fetching;
    StandbyRole* m_standby = nullptr; // serves as a standby master when the DC names this node (docs/outage.md)
    StandbyAnnouncer m_announcer;     // and says so in the DHT, for profiles that never heard a plan
    bool m_standbyTried = false;
    DcCopy* m_dcCopy; // sends outage uploads the DC asks for (dc_copy) from our replicas
};

} // namespace as::engine
