// `contribution-dir` end to end, in process: a real DC on 127.0.0.1, an uploader engine and a contributing
// engine whose DC is AssigningProxy (tests/node: the test says what to assign). A replica assigned after the
// folder is set lands in it; after the folder changes, the held replica stays where it is and is still
// seeded, and the next assignment lands in the new folder.
#include "core/api/EngineApi.h"
#include "core/engine/LocalEngine.h"
#include "tests/node/AssigningProxy.h"
#include "tests/server/DcProcess.h"

#include <QFile>
#include <QJsonArray>
#include <QPointer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace as;
using namespace as::test;

namespace {

QJsonObject callAndWait(EngineApi& engine, const QString& command, const QJsonObject& args = {}, int timeoutMs = 60000)
{
    CommandReply* r = engine.call(command, args);
    QSignalSpy done(r, &CommandReply::finished);
    if (!r->isFinished())
        done.wait(timeoutMs);
    QJsonObject out = r->ok() ? r->result() : QJsonObject { { QStringLiteral("error"), r->errorMessage() } };
    delete r;
    return out;
}

int unusedPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

QString writeRandomFile(const QString& path, qsizetype size)
{
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(data.data()), size / 4);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != size)
        return {};
    return path;
}

bool isSeeding(EngineApi& engine, const QString& id)
{
    for (const QJsonValue& v :
        callAndWait(engine, QStringLiteral("transfers")).value(QStringLiteral("transfers")).toArray())
        if (v.toObject().value(QStringLiteral("object_id")).toString() == id
            && v.toObject().value(QStringLiteral("stage")).toString() == QLatin1String("seeding"))
            return true;
    return false;
}

} // namespace

class TestReplicaFolder : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    DcProcess m_dc;
    std::unique_ptr<AssigningProxy> m_proxy;
    std::unique_ptr<engine::LocalEngine> m_owner, m_holder;
    QStringList m_ids;
    QList<qint64> m_sizes;

    std::unique_ptr<engine::LocalEngine> openEngine(const QString& name, const QString& dc, const QString& user)
    {
        auto e = std::make_unique<engine::LocalEngine>(m_dir.filePath(name));
        if (!e->open())
            return nullptr;
        // Loopback only (no public DHT routers).
        callAndWait(*e, QStringLiteral("config"),
            { { QStringLiteral("key"), QStringLiteral("dht-bootstrap") },
                { QStringLiteral("value"), QStringLiteral("127.0.0.1:%1").arg(unusedPort()) } });
        const QJsonObject r = callAndWait(*e, QStringLiteral("register"),
            { { QStringLiteral("dc"), dc }, { QStringLiteral("user"), user },
                { QStringLiteral("password"), QStringLiteral("correct horse battery") } });
        return r.contains(QStringLiteral("error")) ? nullptr : std::move(e);
    }

    void stopEngine(std::unique_ptr<engine::LocalEngine>& e)
    {
        if (!e)
            return;
        QSignalSpy stopped(e.get(), &engine::LocalEngine::stopped);
        e->shutdown();
        stopped.wait(15000);
        e.reset();
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_dc.start(m_dir.filePath(QStringLiteral("dc"))), m_dc.stderrOutput().constData());
        m_proxy = std::make_unique<AssigningProxy>(m_dc.port());
        QVERIFY(m_proxy->listen());
        m_owner = openEngine(QStringLiteral("owner"), m_dc.baseUrl(), QStringLiteral("olivia"));
        QVERIFY(m_owner);
        QJsonArray paths;
        for (int i = 0; i < 2; ++i)
            paths.append(writeRandomFile(m_dir.filePath(QStringLiteral("file%1.bin").arg(i)), 300000 + i * 100000));
        const QJsonObject up
            = callAndWait(*m_owner, QStringLiteral("upload"), { { QStringLiteral("paths"), paths } }, 120000);
        QVERIFY2(!up.contains(QStringLiteral("error")), qPrintable(up.value(QStringLiteral("error")).toString()));
        for (const QJsonValue& id : up.value(QStringLiteral("ids")).toArray()) {
            m_ids.append(id.toString());
            m_sizes.append(QFileInfo(m_dir.filePath(QStringLiteral("owner/objects/")) + id.toString()).size());
        }
        QCOMPARE(m_ids.size(), 2);
        QVERIFY(m_sizes[0] > 0 && m_sizes[1] > 0);
        m_holder = openEngine(QStringLiteral("holder"), m_proxy->baseUrl(), QStringLiteral("hugo"));
        QVERIFY(m_holder);
    }

    void newReplicasGoToTheChosenFolderAndHeldOnesStay()
    {
        const QString first = m_dir.filePath(QStringLiteral("disk1/amazingstore"));
        const QString second = m_dir.filePath(QStringLiteral("disk2/amazingstore"));
        QCOMPARE(
            callAndWait(*m_holder, QStringLiteral("config"),
                { { QStringLiteral("key"), QStringLiteral("contribution-dir") }, { QStringLiteral("value"), first } })
                .value(QStringLiteral("value"))
                .toString(),
            first);
        QPointer<CommandReply> run = m_holder->call(QStringLiteral("run"), { { QStringLiteral("heartbeat_interval_ms"), 300 } });
        m_proxy->assign(m_ids[0], m_sizes[0]);
        QTRY_VERIFY_WITH_TIMEOUT(m_proxy->lastHeld().contains(m_ids[0]), 60000);
        const QString firstPath = first + u'/' + m_ids[0] + QStringLiteral("/object");
        QCOMPARE(QFileInfo(firstPath).size(), m_sizes[0]);
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("holder/replicas/")) + m_ids[0]));

        // A new folder: the held replica stays where it is and goes on being seeded; the next one goes there.
        m_proxy->clear();
        QCOMPARE(
            callAndWait(*m_holder, QStringLiteral("config"),
                { { QStringLiteral("key"), QStringLiteral("contribution-dir") }, { QStringLiteral("value"), second } })
                .value(QStringLiteral("value"))
                .toString(),
            second);
        m_proxy->assign(m_ids[1], m_sizes[1]);
        QTRY_VERIFY_WITH_TIMEOUT(m_proxy->lastHeld().contains(m_ids[1]), 60000);
        QCOMPARE(QFileInfo(second + u'/' + m_ids[1] + QStringLiteral("/object")).size(), m_sizes[1]);
        QCOMPARE(QFileInfo(firstPath).size(), m_sizes[0]);
        QVERIFY(m_proxy->lastHeld().contains(m_ids[0]));
        QVERIFY(isSeeding(*m_holder, m_ids[0]));
        const QJsonObject status = callAndWait(*m_holder, QStringLiteral("status"));
        QCOMPARE(status.value(QStringLiteral("replicas_held")).toInt(), 2);
        QCOMPARE(status.value(QStringLiteral("used_bytes")).toInteger(), m_sizes[0] + m_sizes[1]);
        stopEngine(m_holder);
        QVERIFY(!run); // `run` finished with the engine and went with it
    }

    void cleanupTestCase()
    {
        stopEngine(m_holder);
        stopEngine(m_owner);
        m_dc.stop();
    }
};

QTEST_GUILESS_MAIN(TestReplicaFolder)
#include "tst_replica_folder.moc"
