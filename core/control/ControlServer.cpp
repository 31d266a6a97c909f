#include "core/control/ControlServer.h"

#include "core/api/EngineApi.h"
#include "core/control/Wire.h"

#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>

namespace as::control {

ControlServer::ControlServer(EngineApi* engine, QObject* parent)
    : QObject(parent), m_engine(engine), m_server(new QLocalServer(this))
{
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &ControlServer::onConnection);
    connect(engine, &EngineApi::statusChanged, this, [this](const NodeStatus& s) {
        broadcast({{QStringLiteral("type"), QStringLiteral("event")}, {QStringLiteral("name"), QStringLiteral("status")},
                   {QStringLiteral("status"), s.toJson()}});
    });
    connect(engine, &EngineApi::transferChanged, this, [this](const TransferInfo& t) {
        broadcast({{QStringLiteral("type"), QStringLiteral("event")}, {QStringLiteral("name"), QStringLiteral("transfer")},
                   {QStringLiteral("transfer"), t.toJson()}});
    });
    connect(engine, &EngineApi::objectsChanged, this, [this]() {
        broadcast({{QStringLiteral("type"), QStringLiteral("event")}, {QStringLiteral("name"), QStringLiteral("objects")}});
    });
    connect(engine, &EngineApi::notify, this, [this](const QString& kind, const QString& title, const QString& text) {
        broadcast({{QStringLiteral("type"), QStringLiteral("event")}, {QStringLiteral("name"), QStringLiteral("notify")},
                   {QStringLiteral("kind"), kind}, {QStringLiteral("title"), title}, {QStringLiteral("text"), text}});
    });
}

ControlServer::~ControlServer() = default;

Status ControlServer::listen(const QString& profileDir)
{
    const QString path = socketPath(profileDir);
    QLocalServer::removeServer(path);
    if (!m_server->listen(path))
        return makeError(ErrorCode::Io, QStringLiteral("cannot open the control socket %1: %2").arg(path, m_server->errorString()));
    return Status::success();
}

QString ControlServer::path() const { return m_server->fullServerName(); }

void ControlServer::onConnection()
{
    while (QLocalSocket* socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        socket->setProperty("buffer", QByteArray());
        connect(socket, &QLocalSocket::readyRead, this, [this, socket]() { onReadyRead(socket); });
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        socket->setProperty("subscriber", true);
    }
}

void ControlServer::broadcast(const QJsonObject& frame)
{
    const QByteArray bytes = encodeFrame(frame);
    for (QLocalSocket* s : findChildren<QLocalSocket*>())
        if (s->state() == QLocalSocket::ConnectedState)
            s->write(bytes);
}

void ControlServer::onReadyRead(QLocalSocket* socket)
{
    QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    if (buffer.size() > kMaxFrameBytes) {
        socket->abort();
        return;
    }
    const auto frames = takeFrames(buffer);
    socket->setProperty("buffer", buffer);
    for (const auto& frame : frames) {
        if (!frame || frame->value(QStringLiteral("type")).toString() != QLatin1String("call")) {
            socket->write(encodeFrame({{QStringLiteral("type"), QStringLiteral("finished")},
                                       {QStringLiteral("id"), frame ? frame->value(QStringLiteral("id")) : QJsonValue()},
                                       {QStringLiteral("exit_code"), 2},
                                       {QStringLiteral("error_code"), errorCodeName(ErrorCode::InvalidArgument)},
                                       {QStringLiteral("error"), QStringLiteral("malformed control request")}}));
            continue;
        }
        const QJsonValue id = frame->value(QStringLiteral("id"));
        CommandReply* reply = m_engine->call(frame->value(QStringLiteral("command")).toString(),
                                             frame->value(QStringLiteral("args")).toObject());
        QPointer<QLocalSocket> peer(socket);
        connect(reply, &CommandReply::progress, this, [peer, id](const TransferInfo& t) {
            if (peer)
                peer->write(encodeFrame({{QStringLiteral("type"), QStringLiteral("progress")},
                                         {QStringLiteral("id"), id},
                                         {QStringLiteral("transfer"), t.toJson()}}));
        });
        auto sendFinished = [peer, id, reply]() {
            if (peer)
                peer->write(encodeFrame({{QStringLiteral("type"), QStringLiteral("finished")},
                                         {QStringLiteral("id"), id},
                                         {QStringLiteral("exit_code"), reply->exitCode()},
                                         {QStringLiteral("error_code"), reply->ok() ? QString() : errorCodeName(reply->errorCode())},
                                         {QStringLiteral("result"), reply->result()},
                                         {QStringLiteral("error"), reply->errorMessage()}}));
            reply->deleteLater();
        };
        if (reply->isFinished())
            sendFinished();
        else
            connect(reply, &CommandReply::finished, this, sendFinished);
    }
}

} // namespace as::control
