#include "tests/outage/TamperingProxy.h"

#include <QHostAddress>
#include <QList>
#include <QTcpSocket>
#include <QTimer>

namespace as::test {

namespace {
constexpr qsizetype kMaxRequest = 8 << 20;
constexpr qsizetype kMaxReply = 64 << 20;
constexpr int kExchangeMs = 30000;

// The value of `name` (lower case) among the header lines of `head`, empty if absent.
QByteArray headerValue(const QByteArray& head, const QByteArray& name)
{
    for (const QByteArray& line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == name)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

// The header lines of `head` without hop-by-hop, length and encoding headers (the upstream then answers
// uncompressed, so a rewrite sees the body as it is); the caller adds its own.
QByteArray withoutFraming(const QByteArray& head)
{
    QByteArray out;
    for (const QByteArray& raw : head.split('\n')) {
        const QByteArray line = raw.endsWith('\r') ? raw.chopped(1) : raw;
        const QByteArray name = line.left(line.indexOf(':')).trimmed().toLower();
        if (line.isEmpty() || name == "connection" || name == "keep-alive" || name == "content-length"
            || name == "transfer-encoding" || name == "accept-encoding")
            continue;
        out += line + "\r\n";
    }
    return out;
}

QByteArray dechunked(const QByteArray& body)
{
    QByteArray out;
    qsizetype at = 0;
    while (at < body.size()) {
        const qsizetype eol = body.indexOf("\r\n", at);
        if (eol < 0)
            break;
        bool ok = false;
        const qsizetype n = body.mid(at, eol - at).split(';').first().trimmed().toLongLong(&ok, 16);
        if (!ok || n <= 0)
            break;
        out += body.mid(eol + 2, n);
        at = eol + 2 + n + 2;
    }
    return out;
}
} // namespace

TamperingProxy::TamperingProxy(int upstreamPort, QObject* parent)
    : QObject(parent), m_upstreamPort(upstreamPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &TamperingProxy::accept);
}

bool TamperingProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void TamperingProxy::accept()
{
    while (QTcpSocket* client = m_server.nextPendingConnection()) {
        auto* buffer = new QByteArray;
        auto* deadline = new QTimer(client);
        deadline->setSingleShot(true);
        connect(deadline, &QTimer::timeout, client, &QTcpSocket::abort);
        deadline->start(kExchangeMs);
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        connect(client, &QObject::destroyed, this, [buffer] { delete buffer; });
        connect(client, &QTcpSocket::readyRead, this, [this, client, buffer] {
            *buffer += client->readAll();
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (buffer->size() > kMaxRequest)
                return client->abort();
            if (end < 0)
                return;
            const qsizetype length = headerValue(buffer->left(end), "content-length").toLongLong();
            if (buffer->size() < end + 4 + length)
                return;
            disconnect(client, &QTcpSocket::readyRead, this, nullptr);
            forward(client, *buffer);
        });
    }
}

void TamperingProxy::forward(QTcpSocket* client, const QByteArray& request)
{
    const qsizetype end = request.indexOf("\r\n\r\n");
    const QByteArray head = request.left(end);
    const QByteArray firstLine = head.left(head.indexOf("\r\n"));
    const QByteArray target = firstLine.split(' ').value(1);
    const QByteArray body = request.mid(end + 4);
    const QByteArray length = body.isEmpty() ? QByteArray() : "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    const QByteArray out = withoutFraming(head) + length + "Connection: close\r\n\r\n" + body;
    auto* upstream = new QTcpSocket(client);
    auto* reply = new QByteArray;
    connect(upstream, &QObject::destroyed, this, [reply] { delete reply; });
    connect(upstream, &QTcpSocket::connected, upstream, [upstream, out] { upstream->write(out); });
    connect(upstream, &QTcpSocket::readyRead, upstream, [upstream, reply, client] {
        *reply += upstream->readAll();
        if (reply->size() > kMaxReply) {
            upstream->abort();
            client->abort();
        }
    });
    auto finish = [this, upstream, reply, client, target] {
        *reply += upstream->readAll();
        if (reply->isEmpty()) // no answer upstream: none here either (a dead standby or DC)
            return client->abort();
        client->write(answer(target, *reply));
        client->disconnectFromHost();
    };
    connect(upstream, &QTcpSocket::disconnected, this, finish);
    connect(upstream, &QTcpSocket::errorOccurred, this, [upstream, client](QAbstractSocket::SocketError e) {
        if (e == QAbstractSocket::RemoteHostClosedError)
            return; // disconnected() follows
        if (upstream->state() != QAbstractSocket::ConnectedState)
            client->abort();
    });
    upstream->connectToHost(QHostAddress::LocalHost, quint16(m_upstreamPort));
}

QByteArray TamperingProxy::answer(const QByteArray& target, const QByteArray& upstreamReply)
{
    const qsizetype end = upstreamReply.indexOf("\r\n\r\n");
    if (end < 0 || !m_rewrite)
        return upstreamReply;
    const QByteArray head = upstreamReply.left(end);
    QByteArray body = upstreamReply.mid(end + 4);
    if (headerValue(head, "transfer-encoding").toLower().contains("chunked"))
        body = dechunked(body);
    const std::optional<QByteArray> changed = m_rewrite(target, body);
    if (!changed)
        return upstreamReply;
    ++m_rewritten;
    return withoutFraming(head) + "Content-Length: " + QByteArray::number(changed->size())
        + "\r\nConnection: close\r\n\r\n" + *changed;
}

} // namespace as::test
