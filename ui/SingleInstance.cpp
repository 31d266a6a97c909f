#include "ui/SingleInstance.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>

namespace as::ui {

QString SingleInstance::socketName(const QString& profileDir)
{
    const QByteArray path = QDir(profileDir).canonicalPath().toUtf8().isEmpty()
                                ? QDir(profileDir).absolutePath().toUtf8()
                                : QDir(profileDir).canonicalPath().toUtf8();
    const QByteArray hash = QCryptographicHash::hash(path, QCryptographicHash::Sha256).toHex().left(16);
    return QStringLiteral("amazingstore-ui-") + QString::fromLatin1(hash);
}

SingleInstance::SingleInstance(const QString& profileDir, QObject* parent)
    : QObject(parent), m_name(socketName(profileDir))
{
}

SingleInstance::~SingleInstance()
{
    if (m_server)
        m_server->close();
}

bool SingleInstance::handOver(const QStringList& args, int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(timeoutMs))
        return false;
    QJsonArray list;
    for (const QString& a : args)
        list.append(a);
    socket.write(QJsonDocument(QJsonObject{{QStringLiteral("args"), list}}).toJson(QJsonDocument::Compact) + '\n');
    socket.flush();
    // The primary answers once it has taken the arguments.
    while (!socket.canReadLine()) {
        if (!socket.waitForReadyRead(timeoutMs))
            return false;
    }
    return socket.readLine().trimmed() == "ok";
}

bool SingleInstance::listen()
{
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_name)) {
        // A stale socket from a crashed instance: nobody answered handOver(), so it is safe to remove.
        QLocalServer::removeServer(m_name);
        if (!m_server->listen(m_name))
            return false;
    }
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
    return true;
}

void SingleInstance::onNewConnection()
{
    while (QLocalSocket* s = m_server->nextPendingConnection()) {
        connect(s, &QLocalSocket::disconnected, s, &QObject::deleteLater);
        connect(s, &QLocalSocket::readyRead, this, [this, s] {
            if (!s->canReadLine()) {
                if (s->bytesAvailable() > 64 * 1024) // hostile or broken client
                    s->abort();
                return;
            }
            const QJsonObject o = QJsonDocument::fromJson(s->readLine()).object();
            QStringList args;
            for (const QJsonValue& v : o.value(QStringLiteral("args")).toArray())
                args << v.toString();
            s->write("ok\n");
            s->flush();
            s->disconnectFromServer();
            emit argumentsReceived(args);
        });
    }
}

} // namespace as::ui
