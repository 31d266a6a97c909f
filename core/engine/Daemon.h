#pragma once
// The `run` daemon's contribution loop (DESIGN §5 "Contribution"): seeds every object and replica the
// profile holds, heartbeats to the DC (peer id, listen port, capacity, used, held), takes the answer's
// assignments within capacity (DownloadJob, Purpose::Replica) and carries out its drops. With the DC away
// it keeps seeding and retries with backoff (mode "p2p").

#include "core/util/Result.h"

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

class Daemon : public QObject {
    Q_OBJECT
public:
    struct Options {
        int heartbeatIntervalMs = 0; // 0: as the DC says (heartbeat_interval)
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
    void drop(const QString& objectId);
    void scheduleHeartbeat(int ms);

    EngineContext& m_ctx;
    Uploads& m_uploads;
    Options m_opt;
    QTimer* m_timer;
    bool m_running = false;
    bool m_inFlight = false;
    int m_intervalMs = 60000;
    QHash<QString, QPointer<DownloadJob>> m_fetching;
};

} // namespace as::engine
