// amazingstore-node as a program: --help, usage errors (exit 2), clear failures (exit 1, one line on
// stderr), profile permissions, and commands handed to a running daemon over the control socket.
#include "tests/node/NodeProcess.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

using namespace as::test;

namespace {
const QString kKey = QStringLiteral("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
QString fakeId() { return QString(64, u'a'); }
}

class TestNodeCli : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString profile(const QString& name) const { return m_dir.filePath(name); }

private slots:
    void helpEverywhere()
    {
        Node n(profile(QStringLiteral("help")));
        NodeResult r = n.run({QStringLiteral("--help")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("Usage: amazingstore-node"));
        for (const char* c : {"register", "login", "logout", "upload", "ls", "share", "get", "delete", "run", "stop", "status",
                              "contribution", "config"}) {
            r = n.run({QString::fromLatin1(c), QStringLiteral("--help")});
            QVERIFY2(r.code == 0 && r.out.contains("Usage:"), c);
        }
    }

    void usageErrorsExit2_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no command") << QStringList{} << QStringLiteral("no command");
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")} << QStringLiteral("unknown command");
        QTest::newRow("upload nothing") << QStringList{QStringLiteral("upload")} << QStringLiteral("wrong number");
        QTest::newRow("share two") << QStringList{QStringLiteral("share"), QStringLiteral("a"), QStringLiteral("b")}
                                   << QStringLiteral("wrong number");
        QTest::newRow("get unknown option") << QStringList{QStringLiteral("get"), QStringLiteral("--fast"), QStringLiteral("x")}
                                            << QStringLiteral("unknown option");
        QTest::newRow("register without dc") << QStringList{QStringLiteral("register"), QStringLiteral("ann")}
                                             << QStringLiteral("--dc URL is required");
        QTest::newRow("bad capacity") << QStringList{QStringLiteral("config"), QStringLiteral("capacity"), QStringLiteral("lots")}
                                      << QStringLiteral("capacity: invalid value");
        QTest::newRow("bad port") << QStringList{QStringLiteral("config"), QStringLiteral("listen-port"), QStringLiteral("99999")}
                                  << QStringLiteral("listen-port");
        QTest::newRow("unknown setting") << QStringList{QStringLiteral("config"), QStringLiteral("colour"), QStringLiteral("red")}
                                         << QStringLiteral("unknown setting");
        QTest::newRow("share bad id") << QStringList{QStringLiteral("share"), QStringLiteral("../etc")}
                                      << QStringLiteral("not an object id");
        QTest::newRow("run bad heartbeat") << QStringList{QStringLiteral("run"), QStringLiteral("--heartbeat"), QStringLiteral("x")}
                                           << QStringLiteral("--heartbeat");
    }
    void usageErrorsExit2()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const NodeResult r = Node(profile(QStringLiteral("usage"))).run(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    // A malformed link is a bad argument (exit 2); a good link to a DC that is away is "unreachable" (4).
    void badLinksFail_data()
    {
        QTest::addColumn<QString>("link");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("code");
        QTest::newRow("garbage") << QStringLiteral("not a link") << QStringLiteral("bad link") << 2;
        QTest::newRow("truncated key") << QStringLiteral("http://127.0.0.1:1/s/%1#k=AAAA").arg(fakeId()) << QStringLiteral("bad link") << 2;
        QTest::newRow("no key") << QStringLiteral("http://127.0.0.1:1/s/%1").arg(fakeId()) << QStringLiteral("bad link") << 2;
        QTest::newRow("short id") << QStringLiteral("http://127.0.0.1:1/s/abc#k=%1").arg(kKey) << QStringLiteral("bad link") << 2;
        QTest::newRow("dc away") << QStringLiteral("http://127.0.0.1:%1/s/%2#k=%3").arg(freePort()).arg(fakeId(), kKey)
                                 << QStringLiteral("unreachable") << 4;
    }
    void badLinksFail()
    {
        QFETCH(QString, link);
        QFETCH(QString, message);
        QFETCH(int, code);
        const QString out = m_dir.filePath(QStringLiteral("out-") + QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-'));
        QDir().mkpath(out);
        Node n(profile(QStringLiteral("links")));
        // With the DC away `get` asks peers by info-hash; a dead loopback node keeps the DHT off the internet.
        QCOMPARE(n.run({QStringLiteral("config"), QStringLiteral("dht-bootstrap"), QStringLiteral("127.0.0.1:%1").arg(freePort())}).code, 0);
        const NodeResult r = n.run({QStringLiteral("get"), link, QStringLiteral("-o"), out});
        QCOMPARE(r.code, code);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1); // one clear line
        QVERIFY(QDir(out).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::Hidden).isEmpty());
    }

    void configRoundTripAndPermissions()
    {
        Node n(profile(QStringLiteral("cfg")));
        QCOMPARE(n.run({QStringLiteral("config"), QStringLiteral("capacity"), QStringLiteral("5G")}).code, 0);
        const NodeResult r = n.run({QStringLiteral("config"), QStringLiteral("capacity")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.outText(), QStringLiteral("5000000000 (5.0 GB)"));
        QCOMPARE(n.run({QStringLiteral("config"), QStringLiteral("dht-bootstrap"), QStringLiteral("127.0.0.1:7000")}).code, 0);
        const NodeResult status = n.run({QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(status.code, 0);
        for (const char* key : {"\"mode\"", "\"peer_id\"", "\"capacity_bytes\": 5000000000", "\"used_bytes\"", "\"replicas_held\"",
                                "\"bytes_served\"", "\"dc_availability\"", "\"online_peers\""})
            QVERIFY2(status.out.contains(key), key);
        const auto noGroupOther = QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
        QCOMPARE(QFileInfo(n.profile()).permissions() & noGroupOther, QFileDevice::Permissions());
        QCOMPARE(QFileInfo(n.profile() + QStringLiteral("/state.sqlite")).permissions() & noGroupOther, QFileDevice::Permissions());
        QCOMPARE(QFileInfo(n.profile() + QStringLiteral("/identity.pem")).permissions() & noGroupOther, QFileDevice::Permissions());
        QCOMPARE(n.run({QStringLiteral("stop")}).code, 1);
        QCOMPARE(n.run({QStringLiteral("ls")}).code, 3); // not logged in: exit 3, as a wrong password
    }

    void contributionDirConfig()
    {
        Node n(profile(QStringLiteral("cdir")));
        const QString folder = m_dir.filePath(QStringLiteral("elsewhere/replicas"));
        QCOMPARE(n.run({QStringLiteral("config"), QStringLiteral("contribution-dir"), folder + QStringLiteral("/")}).code, 0);
        QCOMPARE(n.run({QStringLiteral("config"), QStringLiteral("contribution-dir")}).outText(), folder);
        QVERIFY(QFileInfo(folder).isDir());
        QVERIFY(n.run({QStringLiteral("config")}).out.contains((QStringLiteral("contribution-dir = ") + folder).toUtf8()));
        // Bad values: one clear line, exit 2, the setting unchanged.
        QFile file(m_dir.filePath(QStringLiteral("a-file")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const QList<QPair<QString, QString>> bad = {{QStringLiteral("relative/dir"), QStringLiteral("not an absolute path")},
                                                    {file.fileName(), QStringLiteral("not a folder")},
                                                    {file.fileName() + QStringLiteral("/sub"), QStringLiteral("cannot create")}};
        for (const auto& [value, message] : bad) {
            const NodeResult r = n.run({QStringLiteral("config"), QStringLiteral("contribution-dir"), value});
            QCOMPARE(r.code, 2);
            QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
            QCOMPARE(r.err.count('\n'), 1);
        }
        QCOMPARE(n.run({QStringLiteral("config"), QStringLiteral("contribution-dir")}).outText(), folder);
        // Empty: back to the profile's own folder.
        QCOMPARE(n.run({QStringLiteral("config"), QStringLiteral("contribution-dir"), QString()}).code, 0);
        QCOMPARE(n.run({QStringLiteral("config"), QStringLiteral("contribution-dir")}).outText(), QString());
    }

    void contributionCommand()
    {
        Node n(profile(QStringLiteral("contrib")));
        NodeResult r = n.run({QStringLiteral("contribution"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        for (const char* key : {"\"history\": [", "\"capacity_bytes\"", "\"used_bytes\"", "\"replicas_held\"", "\"bytes_served\"",
                                "\"my_availability_source\": \"none\""})
            QVERIFY2(r.out.contains(key), key);
        r = n.run({QStringLiteral("contribution")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("availability:    not measured yet"));
        QVERIFY(r.out.contains("history:         none yet"));
    }

    void commandsGoToTheRunningDaemon()
    {
        Node n(profile(QStringLiteral("daemon")));
        QCOMPARE(n.run({QStringLiteral("config"), QStringLiteral("listen-port"), QString::number(freePort())}).code, 0);
        QCOMPARE(n.run({QStringLiteral("config"), QStringLiteral("dht-bootstrap"), QStringLiteral("127.0.0.1:1")}).code, 0);
        QVERIFY2(n.startDaemon(), n.daemonStderr().constData());
        // Handed over the control socket: the answer says it came from the daemon.
        NodeResult r = n.run({QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("\"daemon\": true"));
        QCOMPARE(n.run({QStringLiteral("config"), QStringLiteral("upload-limit"), QStringLiteral("1M")}).code, 0);
        QCOMPARE(n.run({QStringLiteral("config"), QStringLiteral("upload-limit")}).outText(), QStringLiteral("1000000 (1.0 MB/s)"));
        r = n.run({QStringLiteral("config"), QStringLiteral("capacity"), QStringLiteral("x")});
        QCOMPARE(r.code, 2); // exit codes travel back too
        r = n.run({QStringLiteral("run")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("already in use"));
        r = n.run({QStringLiteral("get"), QStringLiteral("garbage")});
        QCOMPARE(r.code, 2); // the error class travels back with the message
        QVERIFY(r.err.contains("bad link"));
        // The daemon records its contribution history: the start sample is there at once.
        r = n.run({QStringLiteral("contribution"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("\"online\""), r.out.constData());
        // `stop` over the socket ends the daemon cleanly, like SIGTERM.
        QCOMPARE(n.run({QStringLiteral("stop")}).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(!n.daemonRunning(), 10000);
        QCOMPARE(n.stopDaemon(), 0);
        // SIGTERM on a fresh daemon: exit 0.
        QVERIFY(n.startDaemon());
        QCOMPARE(n.stopDaemon(), 0);
    }
};

QTEST_GUILESS_MAIN(TestNodeCli)
#include "tst_node_cli.moc"
