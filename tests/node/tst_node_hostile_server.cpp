// A share link can name any host. One that answers the torrent request with an endless body, or trickles it a
// byte at a time, must not make `amazingstore-node get` hold gigabytes or hang: the answer is cut at the
// client's size cap and the call at its deadline (core/dcclient/DcClient.h), and get ends with one line.
#include "tests/node/NodeProcess.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace as::test;
using namespace Qt::Literals::StringLiterals;

namespace {

// Answers every request with a 200 whose body is endless: as fast as the client reads (flood), or one byte
// per 200 ms (trickle). Counts what it managed to send.
class HostileServer : public QObject {
public:
    enum class Mode { Flood, Trickle };
    explicit HostileServer(Mode mode) : m_mode(mode)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = m_server.nextPendingConnection())
                serve(s);
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QString link() const
    {
        return u"http://127.0.0.1:%1/s/%2#k=%3"_s.arg(m_server.serverPort()).arg(QString(64, u'b'), QString(43, u'A'));
    }
    qint64 sent() const { return m_sent; }

private:
    void serve(QTcpSocket* s)
    {
        connect(s, &QTcpSocket::readyRead, s, [this, s] {
            if (!s->readAll().contains("\r\n\r\n") || s->property("answered").toBool())
                return;
            s->setProperty("answered", true);
            // The flood says how much is coming (2 GiB); the trickle says nothing (the body ends when the
            // connection does), so only the deadline can stop it.
            s->write(m_mode == Mode::Flood
                    ? "HTTP/1.1 200 OK\r\nContent-Type: application/x-bittorrent\r\nContent-Length: 2147483648\r\n\r\n"
                    : "HTTP/1.1 200 OK\r\nContent-Type: application/x-bittorrent\r\nConnection: close\r\n\r\n");
            auto* timer = new QTimer(s);
            connect(timer, &QTimer::timeout, s, [this, s] {
                if (s->state() != QAbstractSocket::ConnectedState)
                    return;
                if (m_mode == Mode::Trickle) {
                    m_sent += s->write("d");
                } else if (s->bytesToWrite() < (4 << 20)) {
                    m_sent += s->write(QByteArray(1 << 20, 'd'));
                }
            });
            timer->start(m_mode == Mode::Trickle ? 200 : 1);
        });
        connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
    }
    QTcpServer m_server;
    Mode m_mode;
    qint64 m_sent = 0;
};

} // namespace

class TestHostileServer : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    // Runs get in the background while this process serves the hostile answers.
    NodeResult getAsync(const QString& link, const QString& profile, int timeoutMs, qint64* elapsedMs)
    {
        QProcess p;
        p.start(nodeBinary(), { u"--profile"_s, m_dir.filePath(profile), u"get"_s, link, u"-o"_s, m_dir.filePath(u"out"_s) });
        QElapsedTimer t;
        t.start();
        if (!p.waitForStarted())
            return {};
        while (p.state() != QProcess::NotRunning && t.elapsed() < timeoutMs)
            QTest::qWait(50); // serves the hostile answers meanwhile
        *elapsedMs = t.elapsed();
        if (p.state() != QProcess::NotRunning) {
            p.kill();
            p.waitForFinished();
            return { -1, {}, "did not finish" };
        }
        return { p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError() };
    }

private slots:
    void anEndlessTorrentIsCut()
    {
        HostileServer server(HostileServer::Mode::Flood);
        QVERIFY(server.listen());
        qint64 ms = 0;
        const NodeResult r = getAsync(server.link(), u"flood"_s, 60000, &ms);
        QCOMPARE(r.code, 4); // the server is unusable: "unreachable" (core/api exitStatusFor)
        QVERIFY2(server.sent() < (64 << 20), QByteArray::number(server.sent()).constData());
        QVERIFY2(r.err.contains("exceeds"), r.err.constData());
        qInfo("flood: %lld bytes sent before the client hung up, get ended after %lld ms: %s", server.sent(), ms,
            r.err.trimmed().constData());
    }

    void aTricklingServerIsGivenUp()
    {
        HostileServer server(HostileServer::Mode::Trickle);
        QVERIFY(server.listen());
        qint64 ms = 0;
        const NodeResult r = getAsync(server.link(), u"trickle"_s, 90000, &ms);
        QCOMPARE(r.code, 4);
        QVERIFY2(ms < 60000, QByteArray::number(ms).constData()); // once: 68 s and on
        QVERIFY2(r.err.contains("did not finish its answer"), r.err.constData());
        qInfo("trickle: get ended after %lld ms: %s", ms, r.err.trimmed().constData());
    }
};

QTEST_GUILESS_MAIN(TestHostileServer)
#include "tst_node_hostile_server.moc"
