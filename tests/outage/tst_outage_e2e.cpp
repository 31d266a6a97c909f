// Outage mode end to end on 127.0.0.1 (docs/outage.md): a real amazingstore-dc and eight amazingstore-node
// daemons (alice, the owner, and seven contributors of other accounts).
//   - the standby plan is filled: every node caches 3 standbys, and the named ones pull the DC's signed log;
//   - the DC is killed (-9): every daemon reports "mode": "p2p" and the standby that serves, within 15 s;
//   - a standby answers alice's signed request with her object list, and refuses unsigned, replayed and
//     other accounts' requests;
//   - `ls` works, a one-shot command included; a profile that never met the swarm downloads by link;
//   - alice uploads during the outage: a standby registers it, peers take replicas, a fresh profile downloads it
//     by link at once; alice deletes an older object (a tombstone at the standby);
//   - the DC comes back on its port: every daemon reports "mode": "dc" again within 15 s; the standby hands
//     back (the DC deletes the tombstoned object) and alice's resumed upload gives the DC its copy of the
//     outage upload (the DC serves the same ciphertext, and lists it for alice).
// Test knobs: DC --heartbeat-interval 1 --standby-count 3 (c = 3 as in tests/replication); nodes
// `run --heartbeat 0.5`.
#include "core/crypto/Identity.h"
#include "core/protocol/Master.h"
#include "core/util/Encoding.h"
#include "tests/node/NodeProcess.h"
#include "tests/outage/OutageHelpers.h"
#include "tests/server/DcProcess.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

using namespace as;
using namespace as::test;

namespace {
constexpr int kNodes = 8;
constexpr int kStandbys = 3;
constexpr int kSwitchMs = 15000; // the issue's goal is 10 s; the bound leaves room for a loaded machine

} // namespace

class TestOutageE2e : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    DcProcess m_dc;
    int m_dcPort = 0;
    std::vector<std::unique_ptr<Node>> m_nodes; // [0] = alice
    int m_bootstrap = 0;
    QString m_link, m_id;
    QByteArray m_content;
    QString m_doomedId; // deleted during the outage
    QString m_outageLink, m_outageId;
    QByteArray m_outageContent;
    int m_gets = 0;
    QString m_liveLink, m_revokedLink, m_expiringLink; // share link ids
    QString m_liveLinkText, m_revokedLinkText;          // the same links as a user has them
    NodeResult m_lastGet;
    QElapsedTimer m_linksMade;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    QJsonObject status(int i) const { return m_nodes[i]->status(); }

    int countNodes(const std::function<bool(const QJsonObject&)>& pred) const { return countStatuses(m_nodes, pred); }

    bool lsHasObject(const NodeResult& r) const { return lsHas(r, m_id); }
    static bool lsHas(const NodeResult& r, const QString& id)
    {
        const QJsonDocument doc = QJsonDocument::fromJson(r.out);
        const QJsonArray list = doc.isArray() ? doc.array() : doc.object().value(QStringLiteral("objects")).toArray();
        for (const QJsonValue& v : list)
            if (v.toObject().value(QStringLiteral("id")).toString() == id)
                return true;
        return false;
    }

    void getByLink() { getByLink(m_link, m_content); }
    void getByLink(const QString& link, const QByteArray& content)
    {
        Node fresh(path(QStringLiteral("fresh%1").arg(++m_gets)));
        QVERIFY(configureNetwork(fresh, freePort(), m_bootstrap));
        const QString out = path(QStringLiteral("out%1").arg(m_gets));
        QDir().mkpath(out);
        QElapsedTimer t;
        t.start();
        const NodeResult r
            = fresh.run({ QStringLiteral("get"), link, QStringLiteral("-o"), out, QStringLiteral("--json") }, 90000);
        qInfo("get by link on a fresh profile: %lld ms, exit %d", t.elapsed(), r.code);
        m_lastGet = r;
        QVERIFY2(r.code == 0, r.err.constData());
        const QString file = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("path")).toString();
        QCOMPARE(readFile(file), content);
    }

    QString upload(const QString& name, const QByteArray& content)
    {
        writeFile(path(name), content);
        const NodeResult r = m_nodes[0]->run({ QStringLiteral("upload"), path(name) }, 90000);
        if (r.code != 0)
            qWarning("upload failed: %s", r.err.constData());
        return r.code == 0 ? r.outText() : QString();
    }
    static QString idOf(const QString& link) { return link.section(u'/', -1).section(u'#', 0, 0); }
    static QString linkIdOf(const QString& link)
    {
        return QRegularExpression(QStringLiteral("/s/([0-9a-f]{32})#")).match(link).captured(1);
    }
    QString share(const QStringList& extra) const
    {
        const NodeResult r = m_nodes[0]->run(QStringList { QStringLiteral("share"), m_id } + extra, 20000);
        if (r.code != 0)
            qWarning("share failed: %s", r.err.constData());
        return r.outText();
    }

    int replicaFiles(const QString& id) const
    {
        int n = 0;
        for (int i = 1; i < kNodes; ++i)
            n += QFile::exists(path(QStringLiteral("n%1/replicas/%2/object").arg(i).arg(id))) ? 1 : 0;
        return n;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_dc.start(path(QStringLiteral("dc")), clusterDcArgs(kStandbys)), m_dc.stderrOutput().constData());
        m_dcPort = m_dc.port();
        m_bootstrap = freePort();
        const QString failed
            = startClusterNodes(m_dir.path(), kNodes, m_bootstrap, [&](int) { return m_dc.baseUrl(); }, m_nodes);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }

    void standbyPlanIsFilled()
    {
        m_content = randomBytes(400000);
        m_link = upload(QStringLiteral("report.bin"), m_content);
        m_id = idOf(m_link);
        QCOMPARE(m_id.size(), 64);
        m_doomedId = idOf(upload(QStringLiteral("doomed.bin"), randomBytes(50000)));
        QCOMPARE(m_doomedId.size(), 64);
        // Share links (issue 20) a standby must judge as the DC would: one live, one revoked, one expiring.
        m_liveLinkText = share({ QStringLiteral("--revocable") });
        m_liveLink = linkIdOf(m_liveLinkText);
        m_revokedLinkText = share({ QStringLiteral("--revocable") });
        m_revokedLink = linkIdOf(m_revokedLinkText);
        QCOMPARE(m_nodes[0]->run({ QStringLiteral("unshare"), m_revokedLink }).code, 0);
        m_expiringLink = linkIdOf(share({ QStringLiteral("--expires"), QStringLiteral("3s") }));
        m_linksMade.start();
        QCOMPARE(m_liveLink.size(), 32);
        QCOMPARE(m_revokedLink.size(), 32);
        QCOMPARE(m_expiringLink.size(), 32);
        // Replicas on peers (what a download during the outage reads from), and a full plan on every node.
        QVERIFY(waitFor([&] { return countNodes([](const QJsonObject& s) { return s.value(QStringLiteral("replicas_held")).toInt() > 0; }) >= 3; }, 60000));
        QVERIFY(waitFor([&] { return countNodes([](const QJsonObject& s) { return s.value(QStringLiteral("standby_masters")).toInt() == kStandbys; }) == kNodes; }, 30000));
        // The named standbys pulled the log up to the replicas' holdings; nobody else pulls.
        QVERIFY(waitFor([&] { return countNodes([](const QJsonObject& s) { return s.value(QStringLiteral("standby_log_seq")).toInt() > 0; }) == kStandbys; }, 30000));
        QTest::qWait(3000); // one more pull after the last holdings changed
    }

    // A standby killed with -9 in the middle of its pulls keeps what it applied and catches up after a restart.
    void standbyKilledDuringThePullLosesNothing()
    {
        int victim = -1;
        for (int i = 1; i < kNodes && victim < 0; ++i)
            if (status(i).value(QStringLiteral("standby_log_seq")).toInt() > 0)
                victim = i;
        QVERIFY(victim > 0);
        const int before = status(victim).value(QStringLiteral("standby_log_seq")).toInt();
        upload(QStringLiteral("while a standby dies.bin"), randomBytes(20000)); // new entries to pull
        m_nodes[victim]->killDaemon();
        QVERIFY2(m_nodes[victim]->startDaemon(), m_nodes[victim]->daemonStderr().constData());
        QVERIFY(status(victim).value(QStringLiteral("standby_log_seq")).toInt() >= before);
        auto highest = [&] {
            int seq = 0;
            for (int i = 0; i < kNodes; ++i)
                seq = std::max(seq, status(i).value(QStringLiteral("standby_log_seq")).toInt());
            return seq;
        };
        QVERIFY2(waitFor([&] { return status(victim).value(QStringLiteral("standby_log_seq")).toInt() >= highest(); }, 20000),
            qPrintable(QStringLiteral("the restarted standby is at %1, the others at %2")
                           .arg(status(victim).value(QStringLiteral("standby_log_seq")).toInt())
                           .arg(highest())));
        QTest::qWait(1500); // the plan again, and one more pull
    }

    void dcOutageSwitchesEveryNodeToP2p()
    {
        m_dc.kill9();
        QElapsedTimer t;
        t.start();
        QVERIFY2(waitFor([&] { return countNodes([](const QJsonObject& s) {
            return s.value(QStringLiteral("mode")).toString() == QLatin1String("p2p") && s.value(QStringLiteral("standby")).isObject();
        }) == kNodes; }, kSwitchMs),
            qPrintable(QStringLiteral("in p2p mode with a standby: %1 of %2").arg(countNodes([](const QJsonObject& s) {
                return s.value(QStringLiteral("standby")).isObject(); })).arg(kNodes)));
        qInfo("every daemon in p2p mode %lld ms after the DC's death", t.elapsed());
        // The daemons keep heartbeating, now to a standby: still in p2p mode a few beats later.
        QTest::qWait(2000);
        QCOMPARE(status(3).value(QStringLiteral("mode")).toString(), QStringLiteral("p2p"));
    }

    // The standby alice's daemon uses answers her signed request from its replica, and nobody else's.
    void standbyServesSignedRequestsOnly()
    {
        const QJsonObject s = status(0);
        const QUrl standby(s.value(QStringLiteral("standby")).toObject().value(QStringLiteral("url")).toString());
        QVERIFY(standby.port() > 0);
        const DcHttp http(standby.port());
        const auto alice = crypto::Identity::load(path(QStringLiteral("n0/identity.pem")));
        QVERIFY(alice);
        auto headers = signedHeaders(*alice, QStringLiteral("alice"), "GET", "/api/v1/objects", "0123456789abcdef0001");
        const HttpReply list = http.get("/api/v1/objects", headers);
        QVERIFY2(list.status == 200, list.body.constData());
        QVERIFY(list.body.contains(m_id.toLatin1()));
        QCOMPARE(http.get("/api/v1/objects", headers).status, 401); // the same request again: a replay
        QCOMPARE(http.get("/api/v1/objects").status, 401); // unsigned
        const auto other = crypto::Identity::load(path(QStringLiteral("n2/identity.pem")));
        QVERIFY(other);
        const auto asAlice = signedHeaders(*other, QStringLiteral("alice"), "GET", "/api/v1/objects", "0123456789abcdef0002");
        QCOMPARE(http.get("/api/v1/objects", asAlice).status, 403); // another account's node cannot act for alice
        QCOMPARE(http.get("/api/v1/health").json().value(QStringLiteral("role")).toString(), QStringLiteral("standby"));
        QCOMPARE(http.get("/api/v1/accounts/alice/salt").status, 404); // no log-in at a standby
    }

    // The change log carries share links by hash and state: a standby resolves a live link and refuses a
    // revoked or expired one as the DC would (410), an unknown one with 404.
    void standbyRefusesExpiredAndRevokedLinks()
    {
        const QUrl standby(status(0).value(QStringLiteral("standby")).toObject().value(QStringLiteral("url")).toString());
        const DcHttp http(standby.port());
        while (m_linksMade.elapsed() < 4500)
            QTest::qWait(250);
        const HttpReply live = http.get("/api/v1/links/" + m_liveLink.toLatin1());
        QVERIFY2(live.status == 200, live.body.constData());
        QCOMPARE(live.json().value(QStringLiteral("object_id")).toString(), m_id);
        const HttpReply revoked = http.get("/api/v1/links/" + m_revokedLink.toLatin1());
        QCOMPARE(revoked.status, 410);
        QVERIFY2(revoked.body.contains("revoked"), revoked.body.constData());
        const HttpReply expired = http.get("/api/v1/links/" + m_expiringLink.toLatin1());
        QCOMPARE(expired.status, 410);
        QVERIFY2(expired.body.contains("expired"), expired.body.constData());
        QCOMPARE(http.get("/api/v1/links/0123456789abcdef0123456789abcdef").status, 404);
    }

    void lsWorksDuringTheOutage()
    {
        QVERIFY(lsHasObject(m_nodes[0]->run({ QStringLiteral("ls"), QStringLiteral("--json") }, 20000)));
        // A one-shot command (no daemon) finds the DC dead and asks the standbys its profile remembers.
        QCOMPARE(m_nodes[0]->stopDaemon(), 0);
        QElapsedTimer t;
        t.start();
        const NodeResult r = m_nodes[0]->run({ QStringLiteral("ls"), QStringLiteral("--json") }, 20000);
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(lsHasObject(r));
        qInfo("one-shot ls with the DC dead: %lld ms", t.elapsed());
        QVERIFY(t.elapsed() < 10000);
        QVERIFY2(m_nodes[0]->startDaemon(), m_nodes[0]->daemonStderr().constData());
    }

    void freshProfileDownloadsByLinkDuringTheOutage()
    {
        getByLink();
    }

    // A revocable link names a link id, not the object: only the DC or a standby can say what it grants. A fresh
    // profile (no plan ever heard: the link's DC URL and the DHT bootstrap host only) finds the standbys in the
    // swarm's DHT under the DC URL's key, resolves the link at one and downloads the right bytes
    // (docs/outage.md, "Discovery for a profile that never heard a plan").
    void freshProfileResolvesRevocableLinkThroughDiscoveredStandbys()
    {
        {
            // The control: without the DHT nothing is discovered, and the link cannot be resolved.
            Node blind(path(QStringLiteral("blind")));
            QCOMPARE(blind.run({ QStringLiteral("config"), QStringLiteral("listen-port"), QString::number(freePort()) }).code, 0);
            QDir().mkpath(path(QStringLiteral("blind-out")));
            const NodeResult r = blind.run({ QStringLiteral("get"), m_liveLinkText, QStringLiteral("-o"),
                                               path(QStringLiteral("blind-out")), QStringLiteral("--json") }, 60000);
            QVERIFY2(r.code != 0, r.out.constData());
            QVERIFY2(r.err.contains("cannot ask the data center"), r.err.constData());
        }
        int announcing = 0;
        for (const auto& n : m_nodes)
            announcing += n->daemonStderr().contains("announcing standby port") ? 1 : 0;
        qInfo("daemons announcing their standby port in the DHT: %d", announcing);
        QVERIFY(announcing >= 1);
        QElapsedTimer t;
        t.start();
        getByLink(m_liveLinkText, m_content);
        if (QTest::currentTestFailed())
            return;
        qInfo("revocable link resolved through a discovered standby and downloaded: %lld ms", t.elapsed());
        for (const QByteArray& line : m_lastGet.err.split('\n'))
            if (line.contains("standby discovery"))
                qInfo("fresh profile: %s", line.constData());
        // Every standby names the DC's server id in its health answer: the announcers are grouped as one server's.
        const auto answered = QRegularExpression(QStringLiteral("standby discovery: (\\d+) standby master\\(s\\) answered"))
                                  .match(QString::fromUtf8(m_lastGet.err));
        QVERIFY2(answered.hasMatch() && answered.captured(1).toInt() >= 2, m_lastGet.err.constData());
        // The standby found this way judges links as the DC would: a revoked one does not work.
        Node fresh(path(QStringLiteral("fresh-revoked")));
        QVERIFY(configureNetwork(fresh, freePort(), m_bootstrap));
        QDir().mkpath(path(QStringLiteral("revoked-out")));
        const NodeResult r = fresh.run({ QStringLiteral("get"), m_revokedLinkText, QStringLiteral("-o"),
                                           path(QStringLiteral("revoked-out")), QStringLiteral("--json") }, 60000);
        QVERIFY2(r.code != 0, r.out.constData());
        QVERIFY2(r.err.contains("no longer works"), r.err.constData());
    }

    // Pure-P2P writes: registered at a standby, placed on peers, readable by link at once; a deletion is a
    // tombstone kept for the hand-back.
    void writesDuringTheOutage()
    {
        m_outageContent = randomBytes(300000);
        QElapsedTimer t;
        t.start();
        m_outageLink = upload(QStringLiteral("during outage.bin"), m_outageContent);
        m_outageId = idOf(m_outageLink);
        QCOMPARE(m_outageId.size(), 64);
        qInfo("upload during the outage: %lld ms", t.elapsed());
        getByLink(m_outageLink, m_outageContent);
        QVERIFY2(waitFor([&] { return replicaFiles(m_outageId) >= 3; }, 60000),
            qPrintable(QStringLiteral("replicas of the outage upload: %1").arg(replicaFiles(m_outageId))));
        const NodeResult del = m_nodes[0]->run({ QStringLiteral("delete"), m_doomedId }, 20000);
        QVERIFY2(del.code == 0, del.err.constData());
    }

    // The standby that serves alice dies too: another one of the plan answers, and it knows what was written
    // during the outage (the node sends each accepted write to every standby of its plan).
    void anotherStandbyAnswersWhenOneDies()
    {
        const QString served = status(0).value(QStringLiteral("standby")).toObject().value(QStringLiteral("peer_id")).toString();
        QCOMPARE(served.size(), 64);
        int dead = -1;
        for (int i = 0; i < kNodes && dead < 0; ++i)
            if (status(i).value(QStringLiteral("peer_id")).toString() == served)
                dead = i;
        QVERIFY2(dead >= 0, "the serving standby is none of the daemons");
        QCOMPARE(m_nodes[dead]->stopDaemon(), 0);
        QElapsedTimer t;
        t.start();
        const int asker = dead == 0 ? 1 : 0;
        QString url;
        QVERIFY2(waitFor([&] {
            const QJsonObject sb = status(asker).value(QStringLiteral("standby")).toObject();
            url = sb.value(QStringLiteral("url")).toString();
            return sb.value(QStringLiteral("peer_id")).toString().size() == 64 && sb.value(QStringLiteral("peer_id")).toString() != served;
        }, kSwitchMs), "no other standby took over");
        qInfo("standby %d killed: node %d served by another standby after %lld ms", dead, asker, t.elapsed());
        const auto alice = crypto::Identity::load(path(QStringLiteral("n0/identity.pem")));
        QVERIFY(alice);
        const DcHttp http(QUrl(url).port());
        const HttpReply list = http.get("/api/v1/objects",
            signedHeaders(*alice, QStringLiteral("alice"), "GET", "/api/v1/objects", "0123456789abcdef0003"));
        QVERIFY2(list.status == 200, list.body.constData());
        QVERIFY(list.body.contains(m_id.toLatin1()));
        QVERIFY2(list.body.contains(m_outageId.toLatin1()), "the other standby does not know the outage upload");
        QVERIFY2(!list.body.contains(m_doomedId.toLatin1()), "the other standby does not know the deletion");
        const NodeResult r = m_nodes[0]->run({ QStringLiteral("ls"), QStringLiteral("--json") }, 20000);
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(lsHas(r, m_outageId));
        QVERIFY2(m_nodes[dead]->startDaemon(), m_nodes[dead]->daemonStderr().constData());
    }

    void dcReturnSwitchesEveryNodeBack()
    {
        // The DC comes back and is killed with -9 again within a second, while standbys hand back and nodes
        // resume: what it acknowledged is on disk, what it did not is sent again.
        // On the port the nodes know (the first start took any free one).
        const QStringList args
            = QStringList { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(m_dcPort) } + clusterDcArgs(kStandbys);
        QVERIFY2(m_dc.start(path(QStringLiteral("dc")), args), m_dc.stderrOutput().constData());
        QTest::qWait(900);
        m_dc.kill9();
        QVERIFY2(m_dc.start(path(QStringLiteral("dc")), args), m_dc.stderrOutput().constData());
        QElapsedTimer t;
        t.start();
        QVERIFY(waitFor([&] { return countNodes([](const QJsonObject& s) {
            return s.value(QStringLiteral("mode")).toString() == QLatin1String("dc") && s.value(QStringLiteral("standby")).isNull();
        }) == kNodes; }, kSwitchMs));
        qInfo("every daemon back in dc mode %lld ms after the DC's return", t.elapsed());
        getByLink();
    }

    // The hand-back: the standby's tombstone reaches the DC, and the outage upload gets its DC copy.
    void handBackReachesTheDc()
    {
        const DcHttp dc(m_dcPort);
        QVERIFY2(waitFor([&] { return dc.get("/data/" + m_doomedId.toLatin1()).status == 404; }, 30000),
            "the object deleted during the outage is still on the DC");
        const QByteArray cipher = readFile(path(QStringLiteral("n0/objects/%1").arg(m_outageId)));
        QVERIFY(!cipher.isEmpty());
        QVERIFY2(waitFor([&] { return dc.get("/data/" + m_outageId.toLatin1()).status == 200; }, 60000),
            "the outage upload never became available on the DC");
        QCOMPARE(dc.get("/data/" + m_outageId.toLatin1()).body, cipher);
        QVERIFY(lsHas(m_nodes[0]->run({ QStringLiteral("ls"), QStringLiteral("--json") }, 20000), m_outageId));
    }

    void cleanupTestCase()
    {
        for (auto& n : m_nodes)
            n->stopDaemon();
        m_dc.stop();
    }
};

QTEST_GUILESS_MAIN(TestOutageE2e)
#include "tst_outage_e2e.moc"
