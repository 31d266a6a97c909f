#pragma once
// A daemon's standby-master role (docs/outage.md). Every daemon serves, on its standby port, the DC's REST
// subset over a replica in its profile ("standby/metadata.sqlite"), reusing the DC's route code in standby
// mode (server/DcServer). While the DC names it a standby, it pulls the DC's signed change log into that
// replica; nodes turn to it when the DC stops answering.

#include "core/protocol/Peers.h"
#include "core/util/Result.h"

#include <QObject>
#include <memory>
#include <thread>

class QTimer;

namespace as::server {
class DcServer;
}

namespace as::engine {

class EngineContext;

class StandbyRole : public QObject {
    Q_OBJECT
public:
    explicit StandbyRole(EngineContext& ctx, QObject* parent = nullptr);
    ~StandbyRole() override;

    // Opens the replica and starts serving on `host` (the port is kept in the profile across restarts), with
    // the DC's heartbeat interval and policy knobs as its last answer gave them.
    Status start(const QString& host, int heartbeatIntervalSeconds, const std::optional<protocol::WatchParams>& watch);
    void stop();
    int port() const { return m_port; }

    // The plan of the DC's last heartbeat answer: answers from this standby name it too; pulling runs while
    // this node is in it. `pullIntervalMs`: how often the log is asked for when caught up.
    void onPlan(const QList<protocol::StandbyMaster>& plan, int pullIntervalMs);
    bool named() const { return m_named; }
    qint64 appliedSeq() const { return m_appliedSeq; }

private:
    void pull();
    // When the DC answers again: posts the changes this standby accepted during the outage, then steps down
    // to pulling (or nothing). Returns true when a merge is under way.
    bool handBack();

    EngineContext& m_ctx;
    std::unique_ptr<server::DcServer> m_server;
    std::thread m_thread;
    QTimer* m_timer;
    int m_port = 0;
    int m_pullIntervalMs = 5000;
    bool m_named = false;
    bool m_inFlight = false;
    qint64 m_appliedSeq = 0;
};

} // namespace as::engine
