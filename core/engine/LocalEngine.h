#pragma once
// The engine itself (EngineApi in-process): commands of docs/design.md §8 run here, on the thread that owns this
// object; heavy work goes to the thread pool and libtorrent runs on its own threads.
//
// Commands beyond core/api/EngineApi.h's list that only a local engine serves:
//   run  {heartbeat_interval_ms?}  the daemon; finishes when stopped (`stop` or shutdown())
//   stop {}                        stops a running daemon (what SIGTERM does)

#include "core/api/EngineApi.h"
#include "core/link/ShareLink.h"
#include "core/util/Result.h"

#include <QPointer>

namespace as::engine {

class EngineContext;
class Uploads;
class Daemon;
class ContributionHistory;

class LocalEngine : public EngineApi {
    Q_OBJECT
public:
    explicit LocalEngine(const QString& profileDir, QObject* parent = nullptr);
    ~LocalEngine() override;

    // Opens the profile (store, identity). Call once before call().
    Status open();
    CommandReply* call(const QString& command, const QJsonObject& args = {}) override;

    // Stops the daemon if it runs, saves resume data and stops libtorrent; emits stopped() when done.
    void shutdown();

signals:
    void stopped();

private:
    void dispatch(const QString& command, const QJsonObject& args, CommandReply* reply);
    void runDaemon(const QJsonObject& args, CommandReply* reply);
    void get(const QJsonObject& args, CommandReply* reply);
    void startGet(const link::ShareLink& link, const QString& dir, CommandReply* reply);
    NodeStatus quickStatus() const;

    EngineContext* m_ctx;
    Uploads* m_uploads;
    Daemon* m_daemon = nullptr;
    ContributionHistory* m_history = nullptr; // samples while the daemon runs
    QPointer<CommandReply> m_runReply;
    bool m_shuttingDown = false;
};

} // namespace as::engine
