// A `get` whose tracker names no other holder turns to the DC's /data/{id}; when the DC fails that too (killed
// a moment ago, or half up), the get must go on with the peers, not end with the DC's error. Seen in the
// testbed (docs/testbed.md): right after a DC kill -9 a standby's tracker, which knows no holder yet, answered
// "nobody", and two gets ended in a second with "the data center answered HTTP 0 for the object's bytes"
// while holders were online. Here AssigningProxy plays that DC: its tracker names nobody and it fails the
// whole-object read; the only holder (the owner A) comes up after the get has asked the DC.
#include "tests/common/TestData.h"
#include "tests/node/AssigningProxy.h"
#include "tests/node/NodeProcess.h"
#include "tests/server/DcProcess.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

using namespace as::test;

class TestNodeDcFallback : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    DcProcess m_dc;
    std::unique_ptr<Node> m_owner, m_getter;
    std::unique_ptr<AssigningProxy> m_proxy;
    QStringList m_links;
    QList<QByteArray> m_contents;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    // `get LINK` on the getter's profile, in the background: the test acts while it runs.
    std::unique_ptr<QProcess> startGet(const QString& link, const QString& dir)
    {
        auto p = std::make_unique<QProcess>();
        killWithParent(*p);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("AMAZINGSTORE_PROFILE"));
        p->setProcessEnvironment(env);
        QDir().mkpath(dir);
        p->start(nodeBinary(), {QStringLiteral("--profile"), m_getter->profile(), QStringLiteral("get"), link,
                                QStringLiteral("-o"), dir, QStringLiteral("--json")});
        return p;
    }

    // The DC fails the object's bytes with `status` (0: closes the connection); the get asks it, then the
    // owner's daemon comes up; the get must end with the right bytes from the owner.
    void peersServeAfterTheDcFailsTheBytes(int status, int index)
    {
        QCOMPARE(m_owner->stopDaemon(), 0);
        const int asked = m_proxy->wholeDataRequests();
        m_proxy->failData(status);
        QString link = m_links[index];
        link.replace(m_dc.baseUrl(), m_proxy->baseUrl());
        const QString out = path(QStringLiteral("out-%1").arg(status));
        auto get = startGet(link, out);
        QVERIFY(get->waitForStarted(5000));
        QVERIFY2(waitFor([&] { return m_proxy->wholeDataRequests() > asked; }, 20000),
                 "the get never asked the DC for the object's bytes");
        QTest::qWait(1000); // before the fix the get had ended by now, with the DC's error
        QVERIFY2(get->state() == QProcess::Running,
                 (QByteArray("the get ended when the DC failed: ") + get->readAllStandardError()).constData());
        QVERIFY(m_owner->startDaemon());
        QVERIFY(waitFor([&] { return get->state() == QProcess::NotRunning; }, 60000));
        const QByteArray err = get->readAllStandardError();
        QVERIFY2(get->exitStatus() == QProcess::NormalExit && get->exitCode() == 0, err.constData());
        const QJsonObject j = QJsonDocument::fromJson(get->readAllStandardOutput()).object();
        QCOMPARE(readFile(j.value(QStringLiteral("path")).toString()), m_contents[index]);
        QCOMPARE(j.value(QStringLiteral("from_dc")).toInteger(), 0);
        QVERIFY(j.value(QStringLiteral("from_peers")).toInteger() > 0);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dc.start(path(QStringLiteral("dc")), {QStringLiteral("--standby-count"), QStringLiteral("0")}));
        m_owner = std::make_unique<Node>(path(QStringLiteral("owner")));
        m_getter = std::make_unique<Node>(path(QStringLiteral("getter")));
        const int ownerPort = freePort();
        const QString ownerAddress = QStringLiteral("127.0.0.1:%1").arg(ownerPort);
        QCOMPARE(m_owner->run({QStringLiteral("config"), QStringLiteral("listen-port"), QString::number(ownerPort)}).code, 0);
        // The getter knows the owner only as a node to dial (its DHT bootstrap), never from the tracker.
        QCOMPARE(m_getter->run({QStringLiteral("config"), QStringLiteral("listen-port"), QString::number(freePort())}).code, 0);
        QCOMPARE(m_getter->run({QStringLiteral("config"), QStringLiteral("dht-bootstrap"), ownerAddress}).code, 0);
        NodeResult r = m_owner->run({QStringLiteral("register"), QStringLiteral("--dc"), m_dc.baseUrl(), QStringLiteral("olga")});
        QVERIFY2(r.code == 0, r.err.constData());
        QStringList files;
        for (int i = 0; i < 2; ++i) {
            m_contents.append(randomBytes(900000 + i * 300000));
            files.append(path(QStringLiteral("src-%1.bin").arg(i)));
            writeFile(files.last(), m_contents.last());
        }
        r = m_owner->run(QStringList{QStringLiteral("upload")} + files, 120000);
        QVERIFY2(r.code == 0, r.err.constData());
        m_links = r.outText().split(u'\n');
        QCOMPARE(m_links.size(), 2);
        m_proxy = std::make_unique<AssigningProxy>(m_dc.port());
        QVERIFY(m_proxy->listen());
    }

    void peersServeAfterTheDcAnswers503() { peersServeAfterTheDcFailsTheBytes(503, 0); }
    // A DC killed a moment ago: nothing answers the object's bytes (the testbed's "HTTP 0").
    void peersServeAfterTheDcClosesTheConnection() { peersServeAfterTheDcFailsTheBytes(0, 1); }
};

QTEST_GUILESS_MAIN(TestNodeDcFallback)
#include "tst_node_dc_fallback.moc"
