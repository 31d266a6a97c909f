#pragma once
// Serves an EngineApi on the profile's control socket: commands from other processes (a CLI invocation, the
// tray app) run on this engine, and their progress and result go back to the caller.

#include "core/util/Result.h"

#include <QObject>
#include <QString>

class QLocalServer;
class QLocalSocket;

namespace as {
class EngineApi;
}

namespace as::control {

class ControlServer : public QObject {
    Q_OBJECT
public:
    ControlServer(EngineApi* engine, QObject* parent = nullptr);
    ~ControlServer() override;

    // Listens on socketPath(profileDir); a stale socket file left by a dead holder is removed first
    // (the caller holds the profile lock, so no live server can own it).
    Status listen(const QString& profileDir);
    QString path() const;

private:
    void onConnection();
    void onReadyRead(QLocalSocket* socket);
    void broadcast(const QJsonObject& frame);

    EngineApi* m_engine;
    QLocalServer* m_server;
};

} // namespace as::control
