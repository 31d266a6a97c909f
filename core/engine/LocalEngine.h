#pragma once
// The engine itself (EngineApi in-process): commands of docs/design.md §8 run here, on the thread that owns this
// object; heavy work goes to the thread pool and libtorrent runs on its own threads.
//
// Every command of core/api/Commands.h is served here (dispatch(): one row per command). `run` (the daemon;
// finishes when stopped by `stop` or shutdown()) and `stop` only a local engine serves.

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
    void runDaemon(const api::RunRequest& request, CommandReply* reply);
    void stopDaemon(CommandReply* reply);
    void get(const api::GetRequest& request, CommandReply* reply);
    void getShared(const QString& id, const QString& dir, CommandReply* reply);
    void startGet(const link::ShareLink& link, const QString& dir, CommandReply* reply);

    EngineContext* m_ctx;
    Uploads* m_uploads;
    Daemon* m_daemon = nullptr;
    ContributionHistory* m_history = nullptr; // samples while the daemon runs
    QPointer<CommandReply> m_runReply;
    bool m_shuttingDown = false;
};

} // namespace as::engine
