// Replication end to end on 127.0.0.1: a real amazingstore-dc (PolicyReplicaPlanner) and eight
// amazingstore-node daemons (alice, the owner, and seven contributors of other accounts).
//   - an upload reaches c = 3 holders, never alice's node;
//   - a holder away for a short while causes no repair (no assignment to a fourth peer), and counts again;
//   - two holders gone for good (beyond the detector's horizon, time-scaled) → the group repairs back to 3,
//     because the remaining holder's watch asks the DC (the DC does not evaluate groups that have an online
//     holder: without the peers' watch there is no repair, and amazingstore_replicas_assigned_on_request_total
//     stays 0);
//   - when those two return, they count again: 5 ≥ c + 1.5, the actor asks, one copy is dropped (deleted on its
//     node) → 4;
//   - throughout, `get LINK` from a fresh profile succeeds.
// Test knobs (docs/replication.md): DC --heartbeat-interval 1 (online grace 3 s), --detector-time-scale 10000
// (a test second stands for ~3 h of absence), --replication-target 0.9 --dc-availability 0.5
// --min-replicas 3 (c = 3); nodes `run --heartbeat 0.5`.
#include "tests/node/Cluster.h"
#include "tests/server/DcProcess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace as::test;

namespace {
constexpr int kNodes = 8;
constexpr int kTarget = 3;
} // namespace

class TestReplicationE2e : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    DcProcess m_dc;
    std::vector<std::unique_ptr<Node>> m_nodes; // [0] = alice, the owner
    QString m_link, m_id;
    QByteArray m_content;
    int m_gets = 0;

    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString replicaFile(int i) const { return path(QStringLiteral("n%1/replicas/%2/object").arg(i).arg(m_id)); }

    qint64 metric(const char* name) const
    {
        const HttpReply r = DcHttp(m_dc.port()).get("/metrics");
        const QRegularExpression re(
            QStringLiteral("^%1 (\\d+)$").arg(QLatin1String(name)), QRegularExpression::MultilineOption);
        const auto m = re.match(QString::fromUtf8(r.body));
        return m.hasMatch() ? m.captured(1).toLongLong() : -1;
    }

    // Contributors whose daemon reports the replica held (status --json replicas_held).
    QList<int> holders() const
    {
        QList<int> out;
        for (int i = 1; i < kNodes; ++i)
            if (m_nodes[i]->daemonRunning() && QFile::exists(replicaFile(i))) {
                const NodeResult s = m_nodes[i]->run({ QStringLiteral("status"), QStringLiteral("--json") }, 15000);
                if (QJsonDocument::fromJson(s.out).object().value(QStringLiteral("replicas_held")).toInt() > 0)
                    out.append(i);
            }
        return out;
    }

    QJsonObject lsEntry() const
    {
        const NodeResult r = m_nodes[0]->run({ QStringLiteral("ls"), QStringLiteral("--json") }, 20000);
        const QJsonDocument doc = QJsonDocument::fromJson(r.out);
        const QJsonArray list = doc.isArray() ? doc.array() : doc.object().value(QStringLiteral("objects")).toArray();
        for (const QJsonValue& v : list)
            if (v.toObject().value(QStringLiteral("id")).toString() == m_id)
                return v.toObject();
        return {};
    }

    // A fresh profile fetches the link: the object is readable.
    void getByLink()
    {
        Node fresh(path(QStringLiteral("fresh%1").arg(++m_gets)));
        QCOMPARE(
            fresh.run({ QStringLiteral("config"), QStringLiteral("listen-port"), QString::number(freePort()) }).code,
            0);
        const QString out = path(QStringLiteral("out%1").arg(m_gets));
        QDir().mkpath(out);
        const NodeResult r
            = fresh.run({ QStringLiteral("get"), m_link, QStringLiteral("-o"), out, QStringLiteral("--json") }, 60000);
        QVERIFY2(r.code == 0, r.err.constData());
        const QString file = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("path")).toString();
        QCOMPARE(readFile(file), m_content);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_dc.start(path(QStringLiteral("dc")),
                     clusterDcArgs(4, kTarget) + QStringList { QStringLiteral("--detector-time-scale"), QStringLiteral("10000") }),
            m_dc.stderrOutput().constData());
        const QString failed
            = startClusterNodes(m_dir.path(), kNodes, freePort(), [&](int) { return m_dc.baseUrl(); }, m_nodes);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }

    void uploadReachesTarget()
    {
        m_content = randomBytes(600000);
        QFile f(path(QStringLiteral("report.bin")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(m_content);
        f.close();
        const NodeResult r = m_nodes[0]->run({ QStringLiteral("upload"), f.fileName() }, 90000);
        QVERIFY2(r.code == 0, r.err.constData());
        m_link = r.outText();
        m_id = m_link.section(u'/', -1).section(u'#', 0, 0);
        QCOMPARE(m_id.size(), 64);

        QVERIFY2(waitFor([&] { return holders().size() == kTarget; }, 60000),
            qPrintable(QStringLiteral("holders: %1").arg(holders().size())));
        QCOMPARE(metric("amazingstore_replicas_assigned_total"), qint64(kTarget));
        QCOMPARE(metric("amazingstore_replicas_assigned_on_request_total"), qint64(0)); // placed by the DC
        QVERIFY(!QFile::exists(replicaFile(0))); // never the owner's own node
        QVERIFY(waitFor([&] { return lsEntry().value(QStringLiteral("replicas")).toInt() == kTarget; }, 20000));
        const QJsonObject e = lsEntry();
        qInfo("ls: %s", QJsonDocument(e).toJson(QJsonDocument::Compact).constData());
        QCOMPARE(e.value(QStringLiteral("target_replicas")).toInt(), kTarget);
        QVERIFY(e.value(QStringLiteral("availability")).toDouble() > 0.9);
        getByLink();
    }

    void shortAbsenceCausesNoRepair()
    {
        const QList<int> before = holders();
        QCOMPARE(before.size(), kTarget);
        const int away = before.first();
        QElapsedTimer t;
        t.start();
        QCOMPARE(m_nodes[away]->stopDaemon(), 0);
        QTest::qWait(6000); // offline for the DC after 3 s (grace): suspect, not dead
        getByLink();
        QVERIFY2(m_nodes[away]->startDaemon(), m_nodes[away]->daemonStderr().constData());
        qInfo("holder %d was away %lld ms", away, t.elapsed());
        QVERIFY(waitFor([&] { return holders() == before; }, 30000));
        QTest::qWait(3000); // a few evaluations with the holder back
        QCOMPARE(metric("amazingstore_replicas_assigned_total"), qint64(kTarget)); // no fourth peer
        QCOMPARE(holders(), before);
    }

    void permanentLossRepairsToTarget()
    {
        const QList<int> before = holders();
        QCOMPARE(before.size(), kTarget);
        // The two holders that never left leave for good; the one with a short absence stays.
        QList<int> gone = before.mid(1);
        QElapsedTimer t;
        t.start();
        for (int i : gone)
            QCOMPARE(m_nodes[i]->stopDaemon(), 0);
        getByLink();
        // ≈ 30–50 s offline makes P_dead large enough at scale 10000 (more for a holder whose past absences were
        // long); then the surviving holder's watch asks and the DC assigns.
        QVERIFY2(waitFor([&] { return metric("amazingstore_replicas_assigned_on_request_total") >= gone.size(); },
                     150000),
            qPrintable(QStringLiteral("assigned on request: %1")
                           .arg(metric("amazingstore_replicas_assigned_on_request_total"))));
        qInfo("the surviving holder asked and the DC assigned %lld ms after the loss", t.elapsed());
        QVERIFY2(waitFor([&] { return holders().size() == kTarget; }, 60000),
            qPrintable(QStringLiteral("holders: %1").arg(holders().size())));
        qInfo("repaired back to %d live holders %lld ms after the loss", kTarget, t.elapsed());
        const QList<int> now = holders();
        QVERIFY(now.contains(before.first()));
        for (int i : gone)
            QVERIFY(!now.contains(i));
        QCOMPARE(metric("amazingstore_replicas_assigned_total"), qint64(kTarget + gone.size()));
        // Every repair assignment came from the surviving holder's watch, none from the DC's own evaluation.
        QCOMPARE(metric("amazingstore_replicas_assigned_on_request_total"), qint64(gone.size()));
        QVERIFY(metric("amazingstore_repair_requests_total") >= 1);
        QVERIFY(!QFile::exists(replicaFile(0)));
        QVERIFY(waitFor([&] { return lsEntry().value(QStringLiteral("replicas")).toInt() == kTarget; }, 20000));
        // The owner's status says the same at a glance: nothing below c, the object's estimated availability.
        const QJsonObject status = QJsonDocument::fromJson(
            m_nodes[0]->run({ QStringLiteral("status"), QStringLiteral("--json") }, 20000).out).object();
        QCOMPARE(status.value(QStringLiteral("objects_below_target")).toInt(-1), 0);
        QCOMPARE(status.value(QStringLiteral("lowest_object_availability")).toDouble(),
            lsEntry().value(QStringLiteral("availability")).toDouble());
        getByLink();
    }

    void returningHoldersCountAndSurplusIsDropped()
    {
        // The two written-off holders come back with their copies: 5 live ≥ c + 1.5, so one is dropped (down to
        // 4 ≥ c + 0.5) and its node deletes it from disk and from its report.
        QList<int> back;
        for (int i = 1; i < kNodes; ++i)
            if (!m_nodes[i]->daemonRunning())
                back.append(i);
        QCOMPARE(back.size(), 2);
        // Read before the restarts: the actor may ask for the drop as soon as its first heartbeat is answered.
        const qint64 requestsBefore = metric("amazingstore_repair_requests_total");
        for (int i : back) {
            QVERIFY(QFile::exists(replicaFile(i)));
            QVERIFY2(m_nodes[i]->startDaemon(), m_nodes[i]->daemonStderr().constData());
        }
        QVERIFY2(waitFor([&] { return metric("amazingstore_replicas_dropped_total") == 1; }, 60000),
            qPrintable(QStringLiteral("dropped: %1").arg(metric("amazingstore_replicas_dropped_total"))));
        QVERIFY(metric("amazingstore_repair_requests_total") > requestsBefore); // the actor asked for the drop
        QVERIFY(waitFor([&] { return holders().size() == kTarget + 1; }, 30000));
        int onDisk = 0;
        for (int i = 1; i < kNodes; ++i)
            onDisk += QFile::exists(replicaFile(i)) ? 1 : 0;
        QCOMPARE(onDisk, kTarget + 1); // the dropped copy is gone from disk
        QTest::qWait(3000);
        QCOMPARE(holders().size(), kTarget + 1); // hysteresis: c + 1 < c + 1.5 stays
        QCOMPARE(metric("amazingstore_replicas_assigned_total"), qint64(kTarget + 2));
        QCOMPARE(metric("amazingstore_replicas_dropped_total"), qint64(1));
        getByLink();
    }

    void cleanupTestCase()
    {
        QElapsedTimer t;
        t.start();
        for (auto& n : m_nodes)
            n->stopDaemon();
        m_dc.stop();
        qInfo("stopped everything in %lld ms", t.elapsed());
    }
};

QTEST_GUILESS_MAIN(TestReplicationE2e)
#include "tst_replication_e2e.moc"
