#include "core/control/RemoteEngine.h"

#include "core/control/Wire.h"

#include <QLocalSocket>
#include <QTimer>

namespace as::control {
namespace {
// A failure's class: its name, or (from an instance older than error_code) its exit status.
ErrorCode errorCodeOf(const QJsonObject& frame)
{
    if (auto code = errorCodeFromName(frame.value(QStringLiteral("error_code")).toString()))
        return *code;
    return frame.value(QStringLiteral("exit_code")).toInt() == 2 ? ErrorCode::InvalidArgument : ErrorCode::Internal;
}
} // namespace

RemoteEngine::RemoteEngine(QObject* parent) : EngineApi(parent), m_socket(new QLocalSocket(this))
{
    connect(m_socket, &QLocalSocket::readyRead, this, &RemoteEngine::onReadyRead);
    connect(m_socket, &QLocalSocket::disconnected, this, &RemoteEngine::onDisconnected);
}

RemoteEngine::~RemoteEngine() = default;

Status RemoteEngine::connectTo(const QString& profileDir, int timeoutMs)
{
    m_socket->connectToServer(socketPath(profileDir));
    if (!m_socket->waitForConnected(timeoutMs))
        return makeError(ErrorCode::Unavailable,
                         QStringLiteral("cannot reach the running instance of this profile: %1").arg(m_socket->errorString()));
    return Status::success();
}

bool RemoteEngine::isConnected() const { return m_socket->state() == QLocalSocket::ConnectedState; }

CommandReply* RemoteEngine::call(const QString& command, const QJsonObject& args)
{
    auto* reply = new CommandReply(this);
    if (!isConnected()) {
        QTimer::singleShot(0, reply, [reply]() {
            reply->fail(ErrorCode::Unavailable, QStringLiteral("not connected to the running instance"));
        });
        return reply;
    }
    const qint64 id = m_nextId++;
    m_pending.insert(id, reply);
    m_socket->write(encodeFrame({{QStringLiteral("type"), QStringLiteral("call")},
                                 {QStringLiteral("id"), id},
                                 {QStringLiteral("command"), command},
                                 {QStringLiteral("args"), args}}));
    return reply;
}

void RemoteEngine::onReadyRead()
{
    m_buffer += m_socket->readAll();
    if (m_buffer.size() > kMaxFrameBytes) {
        m_socket->abort();
        return;
    }
    for (const auto& frame : takeFrames(m_buffer)) {
        if (!frame)
            continue;
        const QString type = frame->value(QStringLiteral("type")).toString();
        if (type == QLatin1String("event")) {
            const QString name = frame->value(QStringLiteral("name")).toString();
            if (name == QLatin1String("status"))
                emit statusChanged(NodeStatus::fromJson(frame->value(QStringLiteral("status")).toObject()));
            else if (name == QLatin1String("transfer"))
                emit transferChanged(TransferInfo::fromJson(frame->value(QStringLiteral("transfer")).toObject()));
            else if (name == QLatin1String("objects"))
                emit objectsChanged();
            else if (name == QLatin1String("notify"))
                emit notify(frame->value(QStringLiteral("kind")).toString(), frame->value(QStringLiteral("title")).toString(),
                            frame->value(QStringLiteral("text")).toString());
            continue;
        }
        const qint64 id = frame->value(QStringLiteral("id")).toInteger();
        QPointer<CommandReply> reply = m_pending.value(id);
        if (!reply)
            continue;
        if (type == QLatin1String("progress")) {
            reply->reportProgress(TransferInfo::fromJson(frame->value(QStringLiteral("transfer")).toObject()));
        } else if (type == QLatin1String("finished")) {
            m_pending.remove(id);
            const int code = frame->value(QStringLiteral("exit_code")).toInt();
            const QJsonObject result = frame->value(QStringLiteral("result")).toObject();
            if (code == 0)
                reply->succeed(result);
            else
                reply->fail(Error{errorCodeOf(*frame), frame->value(QStringLiteral("error")).toString()}, result);
        }
    }
}

void RemoteEngine::onDisconnected()
{
    const auto pending = m_pending;
    m_pending.clear();
    for (const auto& reply : pending)
        if (reply)
            reply->fail(ErrorCode::Unavailable, QStringLiteral("the running instance of this profile closed the connection"));
}

} // namespace as::control
