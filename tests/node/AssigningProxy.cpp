#include "tests/node/AssigningProxy.h"

#include "tests/server/DcProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>

namespace as::test {

AssigningProxy::AssigningProxy(int dcPort, QObject* parent) : QObject(parent), m_dcPort(dcPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this]() {
        while (QTcpSocket* s = m_server.nextPendingConnection()) {
            s->setParent(this);
            connect(s, &QTcpSocket::readyRead, this, [this, s]() { serve(s); });
            connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        }
    });
}

bool AssigningProxy::listen() { return m_server.listen(QHostAddress::LocalHost, 0); }

QByteArray AssigningProxy::heartbeatAnswer(const QByteArray& body)
{
    ++m_heartbeats;
    const QJsonObject hb = QJsonDocument::fromJson(body).object();
    m_lastHeld.clear();
    for (const QJsonValue& v : hb.value(QStringLiteral("held")).toArray())
        m_lastHeld.append(v.toString());
    QJsonArray assignments, drops;
    for (const auto& [id, size] : m_assign)
        if (!m_lastHeld.contains(id))
            assignments.append(QJsonObject{{QStringLiteral("object_id"), id}, {QStringLiteral("size"), size}});
    for (const QString& id : m_drops)
        drops.append(QJsonObject{{QStringLiteral("object_id"), id}});
    const QJsonObject answer{{QStringLiteral("peer_id"), hb.value(QStringLiteral("peer_id"))},
                             {QStringLiteral("address"), QStringLiteral("127.0.0.1")},
                             {QStringLiteral("availability"), 0.9},
                             {QStringLiteral("mean_availability"), 0.5},
                             {QStringLiteral("online_peers"), 3},
                             {QStringLiteral("dc_availability"), 0.99},
                             {QStringLiteral("heartbeat_interval"), 1},
                             {QStringLiteral("assignments"), assignments},
                             {QStringLiteral("drops"), drops},
                             {QStringLiteral("standby_masters"), QJsonArray()}};
    return QJsonDocument(answer).toJson(QJsonDocument::Compact);
}

void AssigningProxy::serve(QTcpSocket* socket)
{
    QByteArray buf = socket->property("buf").toByteArray() + socket->readAll();
    socket->setProperty("buf", buf);
    const qsizetype end = buf.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    const QList<QByteArray> lines = buf.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() < 2)
        return socket->abort();
    QMap<QByteArray, QByteArray> headers;
    qint64 length = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length")
            length = value.toLongLong();
        else if (name == "authorization" || name == "content-type" || name == "content-range" || name == "range")
            headers.insert(lines[i].left(colon).trimmed(), value);
    }
    if (buf.size() < end + 4 + length)
        return; // wait for the whole body
    const QByteArray body = buf.mid(end + 4, length);
    const QByteArray method = requestLine[0];
    const QByteArray path = requestLine[1];
    socket->setProperty("buf", QByteArray());

    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray answer;
    QByteArray extra;
    const bool wholeData = path.startsWith("/data/") && !headers.contains("Range") && !headers.contains("range");
    m_wholeDataRequests += wholeData ? 1 : 0;
    if (method == "POST" && path == "/api/v1/peers/heartbeat") {
        answer = heartbeatAnswer(body);
    } else if (m_failData && path.startsWith("/announce")) {
        contentType = "text/plain";
        answer = "d8:completei0e10:incompletei0e8:intervali5e5:peers0:e"; // nobody
    } else if (m_failData && path.startsWith("/data/")) {
        if (m_dataStatus == 0)
            return socket->abort();
        status = m_dataStatus;
        answer = R"({"title":"unavailable"})";
    } else {
        const HttpReply r = DcHttp(m_dcPort).request(method, path, body, headers, 20000);
        status = r.status ? r.status : 502;
        contentType = r.header("content-type");
        answer = r.body;
        if (!r.header("content-range").isEmpty())
            extra += "Content-Range: " + r.header("content-range") + "\r\n";
        if (!r.header("accept-ranges").isEmpty())
            extra += "Accept-Ranges: " + r.header("accept-ranges") + "\r\n";
    }
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + " X\r\nConnection: close\r\nContent-Length: " +
                      QByteArray::number(answer.size()) + "\r\n";
    if (!contentType.isEmpty())
        head += "Content-Type: " + contentType + "\r\n";
    socket->write(head + extra + "\r\n" + (method == "HEAD" ? QByteArray() : answer));
    socket->disconnectFromHost();
}

} // namespace as::test
