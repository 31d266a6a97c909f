#pragma once
// EngineApi over the control socket: every call runs on the instance that holds the profile (a `run`
// daemon or the tray app); progress and the result come back as if the engine were local. If the
// connection drops, pending replies fail with exit code 1.

#include "core/api/EngineApi.h"
#include "core/util/Result.h"

#include <QHash>
#include <QPointer>

class QLocalSocket;

namespace as::control {

class RemoteEngine : public EngineApi {
    Q_OBJECT
public:
    explicit RemoteEngine(QObject* parent = nullptr);
    ~RemoteEngine() override;

    // Connects to the profile's control socket, waiting at most timeoutMs.
    Status connectTo(const QString& profileDir, int timeoutMs = 3000);
    bool isConnected() const;

    CommandReply* call(const QString& command, const QJsonObject& args = {}) override;

private:
    void onReadyRead();
    void onDisconnected();

    QLocalSocket* m_socket;
    QByteArray m_buffer;
    qint64 m_nextId = 1;
    QHash<qint64, QPointer<CommandReply>> m_pending;
};

} // namespace as::control
