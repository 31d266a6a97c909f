// A DC back from an outage before the hand-back (docs/outage.md, "Hand-back"), end to end on 127.0.0.1: a real
// amazingstore-dc and six amazingstore-node daemons (alice and five contributors).
//   - a fresh DC that never paused: a link to an object nobody uploaded fails at once ("unknown object");
//   - the DC is killed, alice uploads through a standby, the copies reach peers; alice's node and every named
//     standby (who keep the outage's changes for the hand-back) are stopped, so nobody can hand back yet;
//   - the DC restarts on the same data folder: it does not know the upload ("not known yet", 503), and a get
//     by link from a fresh profile comes from the peers byte-identical; a link to an id nobody has fails with
//     a clear "unknown object" within the bounded wait for peers (not at once: the DC is reconciling);
//   - the standbys return and hand back: the DC knows the object and a get works again (printed: whether the
//     DC still waited for its copy, `uploading`, when that get started).
// Test knobs: DC --heartbeat-interval 1 (online grace 3 s), 4 after the restart (a 12 s reconciling window,
// room for a loaded machine) --standby-count 2 --min-replicas 3; nodes `run --heartbeat 0.5`.
#include "core/util/Encoding.h"
#include "tests/node/NodeProcess.h"
#include "tests/outage/OutageHelpers.h"
#include "tests/server/DcProcess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTemporaryDir>

using namespace as;
using namespace as::test;

namespace {
constexpr int kNodes = 6;
constexpr int kStandbys = 2;
constexpr int kTarget = 3;
constexpr int kSwitchMs = 15000;

// Below the kernel's ephemeral range, so that no daemon socket takes the DC's port while it is down.
int portOutsideEphemeralRange()
{
    for (int attempt = 0; attempt < 200; ++attempt) {
        const int port = 20000 + int(QRandomGenerator::global()->bounded(12000));
        QTcpServer probe;
        if (probe.listen(QHostAddress::LocalHost, quint16(port)))
            return port;
    }
    return 0;
}

QString randomHexId()
{
    QByteArray b(32, Qt::Uninitialized);
    for (char& c : b)
        c = char(QRandomGenerator::global()->bounded(256));
    return QString::fromLatin1(b.toHex());
}
} // namespace

class TestOutageReconcileE2e : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    DcProcess m_dc;
    int m_dcPort = 0;
    std::vector<std::unique_ptr<Node>> m_nodes; // [0] = alice
    QList<int> m_handingBack; // alice and the named standbys: stopped until the last step
    QString m_link, m_id;
    QByteArray m_content;
    QProcess m_typoGet; // a link to an id nobody has, asked right after the DC's return
    QElapsedTimer m_sinceReturn;

    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString replicaFile(int i) const { return path(QStringLiteral("n%1/replicas/%2/object").arg(i).arg(m_id)); }
    QStringList dcArgs(int heartbeatSeconds) const
    {
        QStringList args = clusterDcArgs(kStandbys, kTarget);
        args[args.indexOf(QStringLiteral("--heartbeat-interval")) + 1] = QString::number(heartbeatSeconds);
        return QStringList { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(m_dcPort) } + args;
    }
    int countRunning(const std::function<bool(const QJsonObject&)>& pred) const
    {
        int n = 0;
        for (const auto& node : m_nodes)
            n += node->daemonRunning() && pred(node->status()) ? 1 : 0;
        return n;
    }
    QList<int> liveHolders() const
    {
        QList<int> out;
        for (int i = 1; i < kNodes; ++i)
            if (m_nodes[i]->daemonRunning() && QFile::exists(replicaFile(i)))
                out.append(i);
        return out;
    }
    // A profile that never met the swarm but the given nodes (live holders), its DHT bootstrap hosts.
    std::unique_ptr<Node> freshGetter(const QString& name, const QList<int>& bootstrapNodes) const
    {
        QStringList hosts;
        for (int i : bootstrapNodes) {
            const int port = m_nodes[i]->run({ QStringLiteral("config"), QStringLiteral("listen-port") })
                                 .outText().section(u' ', 0, 0).toInt();
            if (port > 0)
                hosts.append(QStringLiteral("127.0.0.1:%1").arg(port));
        }
        auto n = std::make_unique<Node>(path(name));
        if (hosts.isEmpty()
            || n->run({ QStringLiteral("config"), QStringLiteral("listen-port"), QString::number(freePort()) }).code != 0
            || n->run({ QStringLiteral("config"), QStringLiteral("dht-bootstrap"), hosts.join(u',') }).code != 0)
            return nullptr;
        QDir().mkpath(path(name + QStringLiteral("-out")));
        return n;
    }
    QStringList getArgs(const QString& link, const QString& name) const
    {
        return { QStringLiteral("get"), link, QStringLiteral("-o"), path(name + QStringLiteral("-out")), QStringLiteral("--json") };
    }
    QString unknownLink() const { return QString(m_link).replace(m_id, randomHexId()); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_dcPort = portOutsideEphemeralRange();
        QVERIFY(m_dcPort > 0);
        QVERIFY2(m_dc.start(path(QStringLiteral("dc")), dcArgs(1)), m_dc.stderrOutput().constData());
        const QString failed
            = startClusterNodes(m_dir.path(), kNodes, freePort(), [&](int) { return m_dc.baseUrl(); }, m_nodes);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }

    // A DC that never paused: an id it does not know is final at once, as before.
    void unknownObjectFailsAtOnceOnADcThatNeverPaused()
    {
        const QByteArray wrong = "/api/v1/objects/" + randomHexId().toLatin1() + "/torrent";
        QCOMPARE(DcHttp(m_dcPort).get(wrong).status, 404);
        const QString fakeLink = QStringLiteral("%1/s/%2#k=%3").arg(m_dc.baseUrl(), randomHexId(),
            toBase64Url(QByteArray(32, 'k')));
        auto getter = freshGetter(QStringLiteral("typo"), { 1 });
        QVERIFY(getter);
        QElapsedTimer t;
        t.start();
        const NodeResult r = getter->run(getArgs(fakeLink, QStringLiteral("typo")), 60000);
        qInfo("an unknown id at a DC that never paused: exit %d after %lld ms: %s", r.code, t.elapsed(), r.err.trimmed().constData());
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("unknown object"), r.err.constData());
        QVERIFY2(t.elapsed() < 10000, "the get waited for peers instead of failing at once");
    }

    void outageUploadReachesPeers()
    {
        QVERIFY(waitFor([&] { return countRunning([](const QJsonObject& s) { return s.value(QStringLiteral("standby_masters")).toInt() == kStandbys; }) == kNodes; }, 30000));
        QVERIFY(waitFor([&] { return countRunning([](const QJsonObject& s) { return s.value(QStringLiteral("standby_log_seq")).toInt() > 0; }) == kStandbys; }, 30000));
        QTest::qWait(1500); // one more pull
        m_dc.kill9();
        QVERIFY(waitFor([&] { return countRunning([](const QJsonObject& s) {
            return s.value(QStringLiteral("mode")).toString() == QLatin1String("p2p") && s.value(QStringLiteral("standby")).isObject();
        }) == kNodes; }, kSwitchMs));
        m_content = randomBytes(300000);
        writeFile(path(QStringLiteral("outage.bin")), m_content);
        const NodeResult r = m_nodes[0]->run({ QStringLiteral("upload"), path(QStringLiteral("outage.bin")) }, 90000);
        QVERIFY2(r.code == 0, r.err.constData());
        m_link = r.outText();
        m_id = idOfLink(m_link);
        QCOMPARE(m_id.size(), 64);
        QVERIFY2(waitFor([&] { return liveHolders().size() >= kTarget; }, 60000),
            qPrintable(QStringLiteral("live holders: %1").arg(liveHolders().size())));
        QTest::qWait(1000); // every standby got alice's registration (sent to all of her plan's standbys)
    }

    void getBeforeTheHandBackComesFromPeers()
    {
        // Nobody may hand the upload back yet: alice's node (its upload resumes at the DC) and every named
        // standby (each keeps the registration) stop; the holders among the others stay.
        int standbys = 0; // alice's node may be one of them
        for (int i = 0; i < kNodes; ++i) {
            const bool standby = m_nodes[i]->status().value(QStringLiteral("standby_log_seq")).toInt() > 0;
            standbys += standby ? 1 : 0;
            if (i == 0 || standby)
                m_handingBack.append(i);
        }
        QCOMPARE(standbys, kStandbys);
        for (int i : std::as_const(m_handingBack))
            QCOMPARE(m_nodes[i]->stopDaemon(), 0);
        const QList<int> holders = liveHolders();
        QVERIFY2(!holders.isEmpty(), "every holder was a standby");
        auto getter = freshGetter(QStringLiteral("getter"), holders);
        auto typo = freshGetter(QStringLiteral("typo2"), holders);
        QVERIFY(getter && typo);

        QVERIFY2(m_dc.start(path(QStringLiteral("dc")), dcArgs(4)), m_dc.stderrOutput().constData());
        m_sinceReturn.start();
        // The mistyped link runs beside the rest (it waits for the peers' bounded time; judged last).
        killWithParent(m_typoGet);
        m_typoGet.start(nodeBinary(), QStringList { QStringLiteral("--profile"), typo->profile() } + getArgs(unknownLink(), QStringLiteral("typo2")));
        QVERIFY(m_typoGet.waitForStarted(5000));
        QElapsedTimer t;
        t.start();
        const NodeResult r = getter->run(getArgs(m_link, QStringLiteral("getter")), 60000);
        qInfo("get before the hand-back: exit %d after %lld ms (%lld ms after the DC's return), %d holders online",
            r.code, t.elapsed(), m_sinceReturn.elapsed(), int(holders.size()));
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject got = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(readFile(got.value(QStringLiteral("path")).toString()), m_content);
        QVERIFY(got.value(QStringLiteral("from_peers")).toInteger() > 0);
        // The DC still does not know it (the bytes came from the peers before any hand-back), and says so.
        const HttpReply answer = DcHttp(m_dcPort).get("/api/v1/objects/" + m_id.toLatin1() + "/torrent");
        QCOMPARE(answer.status, 503);
        QCOMPARE(answer.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:amazingstore:problem:not-known-yet"));
        QVERIFY(answer.header("Retry-After").toInt() >= 1);
    }

    void handBackMakesTheObjectKnown()
    {
        for (int i : std::as_const(m_handingBack))
            if (i != 0) // alice stays away: the standbys' hand-back alone registers it
                QVERIFY2(m_nodes[i]->startDaemon(), m_nodes[i]->daemonStderr().constData());
        const DcHttp dc(m_dcPort);
        const QByteArray torrentPath = "/api/v1/objects/" + m_id.toLatin1() + "/torrent";
        QVERIFY2(waitFor([&] { return dc.get(torrentPath).status == 200; }, 30000), "the standbys never handed back");
        const bool uploading = dc.get("/data/" + m_id.toLatin1()).status != 200;
        auto getter = freshGetter(QStringLiteral("after"), liveHolders());
        QVERIFY(getter);
        const NodeResult r = getter->run(getArgs(m_link, QStringLiteral("after")), 60000);
        qInfo("get after the hand-back (the DC had %s copy when it started): exit %d", uploading ? "no" : "its", r.code);
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(readFile(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("path")).toString()), m_content);
    }

    // Asked within the reconciling window, a link to an id nobody has fails with a clear message after the
    // bounded wait for peers (30 s with a DHT), not at once.
    void unknownIdAfterTheReturnFailsWithinTheBoundedWait()
    {
        if (m_typoGet.state() != QProcess::NotRunning) // it may have ended while the other gets ran
            QVERIFY(m_typoGet.waitForFinished(60000));
        const QByteArray err = m_typoGet.readAllStandardError().trimmed();
        qInfo("an unknown id right after the return: exit %d after %lld ms: %s", m_typoGet.exitCode(),
            m_sinceReturn.elapsed(), err.mid(err.lastIndexOf('\n') + 1).constData());
        QCOMPARE(m_typoGet.exitCode(), 1);
        QVERIFY2(err.contains("unknown object") && err.contains("reconciling"), err.constData());
        QVERIFY2(m_sinceReturn.elapsed() < 50000, "the unknown id was not given up within the bounded wait");
        // The window is one online grace (12 s here): after it, an unknown id is a final 404 again.
        QVERIFY(m_sinceReturn.elapsed() > 13000);
        QCOMPARE(DcHttp(m_dcPort).get("/api/v1/objects/" + randomHexId().toLatin1() + "/torrent").status, 404);
    }

    void cleanupTestCase()
    {
        for (auto& n : m_nodes)
            n->stopDaemon();
        m_dc.stop();
    }
};

QTEST_GUILESS_MAIN(TestOutageReconcileE2e)
#include "tst_outage_reconcile_e2e.moc"
