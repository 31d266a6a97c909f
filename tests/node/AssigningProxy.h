#pragma once
// A DC whose assignments the test dictates: the real DC plans replicas with the policy (tests/replication
// covers that); the node tests need exact, immediate assignments and drops instead, so this in-test HTTP
// endpoint answers POST /api/v1/peers/heartbeat itself, with the assignments and drops the test sets, and
// forwards every other request to the real amazingstore-dc (login, torrents, tracker, /data web seed).
// One request per connection; 127.0.0.1 only.

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTcpServer>

namespace as::test {

class AssigningProxy : public QObject {
    Q_OBJECT
public:
    explicit AssigningProxy(int dcPort, QObject* parent = nullptr);
    bool listen();
    int port() const { return m_server.serverPort(); }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(port()); }

    void assign(const QString& objectId, qint64 size) { m_assign.append({objectId, size}); }
    void dropObject(const QString& objectId) { m_drops.insert(objectId); }
    void clear() { m_assign.clear(); m_drops.clear(); }
    int heartbeats() const { return m_heartbeats; }
    // A DC that is half there (a standby's tracker early in an outage, a DC failing): its tracker names
    // nobody, and every GET /data/{id} (the direct fetch, the web seed's ranges, the early key check) is
    // answered with `status` (0: the connection is closed without an answer).
    void failData(int status) { m_failData = true; m_dataStatus = status; }
    int wholeDataRequests() const { return m_wholeDataRequests; }
    QStringList lastHeld() const { return m_lastHeld; }

private:
    void serve(QTcpSocket* socket);
    QByteArray heartbeatAnswer(const QByteArray& body);

    int m_dcPort;
    QTcpServer m_server;
    QList<QPair<QString, qint64>> m_assign;
    QSet<QString> m_drops;
    int m_heartbeats = 0;
    bool m_failData = false;
    int m_dataStatus = 0;
    int m_wholeDataRequests = 0;
    QStringList m_lastHeld;
};

} // namespace as::test
