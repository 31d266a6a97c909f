// The peers carry an outage on their own (docs/outage.md), end to end on 127.0.0.1: a real amazingstore-dc and
// eight amazingstore-node daemons (alice, the owner, and seven contributors of other accounts).
//   - repair during the outage: alice uploads while the DC is dead; a holder then leaves for good (daemon
//     stopped, profile deleted) and the group is back at its pure-P2P count before the DC returns, on the
//     request of the closest live holder (its log says so; others that asked too are counted) with the
//     standby's holder set, which counts every live copy on disk;
//   - two more holders (not the standby) go away: the closest one left asks for the group, and the standby
//     again counts the copies on disk (some are on peers it had told to drop a copy before);
//   - hand-back without the owner: alice's node never comes back; the DC returns, takes the standby's merge,
//     adopts the copies on peers as the group (not placed afresh), and the closest holder sends its
//     ciphertext, which the DC verifies piece by piece and publishes (the same bytes as alice's);
//   - the two holders that were away come back: the group is above the hybrid c + 1.5, so one copy is dropped.
// Test knobs: DC --heartbeat-interval 1 (online grace 3 s) --standby-count 2 --detector-time-scale 50000 (a
// test second stands for ~14 h of absence: a holder with no history is written off ~8 s after its grace)
// --replication-target 0.9 --dc-availability 0.5 --min-replicas 3 (c = 3, pure-P2P and hybrid alike, since
// every node is always online here); nodes `run --heartbeat 0.5`.
#include "core/util/Ids.h"
#include "tests/node/NodeProcess.h"
#include "tests/outage/OutageHelpers.h"
#include "tests/server/DcProcess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUrl>

using namespace as;
using namespace as::test;

namespace {
constexpr int kNodes = 8;
constexpr int kStandbys = 2; // two: one hands back if the other is alice's node (which never returns)
constexpr int kTarget = 3;
constexpr int kSwitchMs = 15000;

// A free port below the kernel's ephemeral range (32768+), so that nothing bound to port 0 meanwhile (the
// daemons' standby and BitTorrent sockets) can take the DC's port while it is down.
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
} // namespace

class TestOutagePeersE2e : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    DcProcess m_dc;
    int m_dcPort = 0;
    std::vector<std::unique_ptr<Node>> m_nodes; // [0] = alice
    QStringList m_peerIds; // by node index
    QString m_link, m_id;
    QByteArray m_content;
    QList<int> m_away; // holders away (profile kept) during the outage, back after the hand-back

    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString replicaFile(int i) const { return path(QStringLiteral("n%1/replicas/%2/object").arg(i).arg(m_id)); }

    QStringList dcArgs() const
    {
        return clusterDcArgs(kStandbys, kTarget) + QStringList { QStringLiteral("--detector-time-scale"), QStringLiteral("50000") };
    }

    QJsonObject status(int i) const { return m_nodes[i]->status(); }

    int countRunning(const std::function<bool(const QJsonObject&)>& pred) const
    {
        int n = 0;
        for (int i = 0; i < kNodes; ++i)
            n += m_nodes[i]->daemonRunning() && pred(status(i)) ? 1 : 0;
        return n;
    }
    int running() const
    {
        int n = 0;
        for (const auto& node : m_nodes)
            n += node->daemonRunning() ? 1 : 0;
        return n;
    }

    // Contributors whose running daemon has the replica on disk.
    QList<int> liveHolders() const
    {
        QList<int> out;
        for (int i = 1; i < kNodes; ++i)
            if (m_nodes[i]->daemonRunning() && QFile::exists(replicaFile(i)))
                out.append(i);
        return out;
    }

    // The object as the standby that serves alice's node sees it, asked with alice's signed request.
    QJsonObject atStandby() const
    {
        int asker = 1;
        while (asker < kNodes - 1 && !m_nodes[asker]->daemonRunning())
            ++asker;
        const QString url
            = status(asker).value(QStringLiteral("standby")).toObject().value(QStringLiteral("url")).toString();
        const int port = QUrl(url).port();
        if (port <= 0)
            return {};
        const auto alice = crypto::Identity::load(path(QStringLiteral("n0/identity.pem")));
        if (!alice)
            return {};
        const QByteArray target = "/api/v1/objects/" + m_id.toLatin1();
        return DcHttp(port).get(target, signedHeaders(*alice, QStringLiteral("alice"), "GET", target, nextNonce())).json();
    }

    qint64 metric(const char* name) const
    {
        const HttpReply r = DcHttp(m_dcPort).get("/metrics");
        const QRegularExpression re(
            QStringLiteral("^%1 (\\d+)$").arg(QLatin1String(name)), QRegularExpression::MultilineOption);
        const auto m = re.match(QString::fromUtf8(r.body));
        return m.hasMatch() ? m.captured(1).toLongLong() : -1;
    }

    // The live holder closest (XOR) to the object id: the one that decides for the group.
    int closestOf(const QList<int>& nodes) const
    {
        const QByteArray target = QByteArray::fromHex(m_id.toLatin1());
        int best = -1;
        for (int i : nodes)
            if (best < 0
                || closerTo(target, QByteArray::fromHex(m_peerIds[i].toLatin1()),
                    QByteArray::fromHex(m_peerIds[best].toLatin1())))
                best = i;
        return best;
    }

    // Waits until the standby and the disks agree the group is back at its count with the DC still dead.
    void expectRepairedDuringOutage(const char* what, const QList<int>& actors)
    {
        QElapsedTimer t;
        t.start();
        QVERIFY2(waitFor([&] { return liveHolders().size() >= kTarget; }, 60000),
            qPrintable(QStringLiteral("%1: live holders %2, at the standby %3").arg(QLatin1String(what))
                           .arg(liveHolders().size())
                           .arg(atStandby().value(QStringLiteral("replicas")).toInt())));
        qInfo("%s: the group is back at %d live holders %lld ms later (the standby counts %d)", what, kTarget,
            t.elapsed(), atStandby().value(QStringLiteral("replicas")).toInt());
        QStringList servedBy; // which standby each running node heartbeats (one view of liveness per standby)
        for (int i = 0; i < kNodes; ++i)
            if (m_nodes[i]->daemonRunning())
                servedBy.append(QStringLiteral("%1:%2").arg(i).arg(
                    status(i).value(QStringLiteral("standby")).toObject().value(QStringLiteral("peer_id")).toString().left(8)));
        QStringList held; // node:online:seconds since last seen, as the standby sees the group
        for (const QJsonValue& v : atStandby().value(QStringLiteral("holders")).toArray()) {
            const QJsonObject h = v.toObject();
            held.append(QStringLiteral("%1:%2:%3").arg(m_peerIds.indexOf(h.value(QStringLiteral("peer_id")).toString()))
                    .arg(h.value(QStringLiteral("online")).toBool() ? QStringLiteral("on") : QStringLiteral("off"))
                    .arg(QDateTime::currentSecsSinceEpoch() - h.value(QStringLiteral("last_seen")).toInteger()));
        }
        QStringList disk;
        for (int i : liveHolders())
            disk.append(QString::number(i));
        qInfo("%s: served by %s; holders at the standby %s; live on disk %s", what, qPrintable(servedBy.join(u' ')),
            qPrintable(held.join(u' ')), qPrintable(disk.join(u' ')));
        // The standby's view agrees with the disks (a copy a repair placed on a peer that had dropped one earlier
        // once never counted there: docs/outage.md, "Repair during the outage").
        QVERIFY2(waitFor([&] { return atStandby().value(QStringLiteral("replicas")).toInt() >= kTarget; }, 15000),
            qPrintable(QStringLiteral("%1: the standby counts %2 live copies, the disks %3").arg(QLatin1String(what))
                           .arg(atStandby().value(QStringLiteral("replicas")).toInt()).arg(liveHolders().size())));
        // The closest live member asks for the re-plan (so the standby never plans the group as an orphan).
        const int actor = closestOf(actors);
        const QByteArray asked = "asked a re-plan of " + m_id.left(12).toLatin1();
        int others = 0;
        for (int i : actors)
            others += i != actor && m_nodes[i]->daemonStderr().contains(asked);
        const bool closestAsked = m_nodes[actor]->daemonStderr().contains(asked);
        QVERIFY2(closestAsked, qPrintable(QStringLiteral("node %1 (closest of the live holders) never asked").arg(actor)));
        qInfo("%s: the closest live holder %s; %d other member(s) asked", what, closestAsked ? "asked" : "did not ask", others);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_dcPort = portOutsideEphemeralRange();
        QVERIFY(m_dcPort > 0);
        QVERIFY2(m_dc.start(path(QStringLiteral("dc")),
                     QStringList { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(m_dcPort) } + dcArgs()),
            m_dc.stderrOutput().constData());
        const QString failed
            = startClusterNodes(m_dir.path(), kNodes, freePort(), [&](int) { return m_dc.baseUrl(); }, m_nodes);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        for (int i = 0; i < kNodes; ++i) {
            m_peerIds.append(status(i).value(QStringLiteral("peer_id")).toString());
            QCOMPARE(m_peerIds.last().size(), 64);
        }
    }

    void outageUploadReachesItsPureP2pCount()
    {
        QVERIFY(waitFor([&] { return countRunning([](const QJsonObject& s) { return s.value(QStringLiteral("standby_masters")).toInt() == kStandbys; }) == kNodes; }, 30000));
        QVERIFY(waitFor([&] { return countRunning([](const QJsonObject& s) { return s.value(QStringLiteral("standby_log_seq")).toInt() > 0; }) == kStandbys; }, 30000));
        QTest::qWait(2000); // one more pull
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
        QVERIFY(waitFor([&] { return atStandby().value(QStringLiteral("replicas")).toInt() >= kTarget; }, 20000));
        const QJsonObject o = atStandby();
        qInfo("at the standby: %s", QJsonDocument(o).toJson(QJsonDocument::Compact).left(400).constData());
        QCOMPARE(o.value(QStringLiteral("target_replicas")).toInt(), kTarget);
        QCOMPARE(o.value(QStringLiteral("state")).toString(), QStringLiteral("available"));
    }

    void holderLeavingForGoodIsRepairedByPeers()
    {
        QTest::qWait(2000); // placement settled (a pending assignment may still add a copy)
        const QList<int> before = liveHolders();
        QVERIFY(before.size() >= kTarget);
        qInfo("the outage upload is on %d peers", int(before.size()));
        // Holders leave for good (daemon stopped, profile gone), standby masters last, until the group is one
        // short: the peers must repair it.
        QList<int> order; // never the standby master itself
        for (int i : before)
            if (status(i).value(QStringLiteral("standby_log_seq")).toInt() == 0)
                order.append(i);
        QList<int> actors = before;
        QVERIFY(order.size() >= before.size() - (kTarget - 1));
        for (int k = 0; k < before.size() - (kTarget - 1); ++k) {
            const int gone = order[k];
            QCOMPARE(m_nodes[gone]->stopDaemon(), 0);
            QVERIFY(QDir(path(QStringLiteral("n%1").arg(gone))).removeRecursively());
            actors.removeAll(gone);
        }
        expectRepairedDuringOutage("a holder left for good", actors);
    }

    void replicasPlacedDuringTheOutageActInTurn()
    {
        // Two holders that are not the standby go away (profiles kept; they come back after the hand-back);
        // the remaining holder, a replica placed by the repair above or not, acts for the group.
        const QList<int> live = liveHolders();
        for (int i : live) // non-standbys first, then a standby that does not serve (never the serving one)
            if (m_away.size() < kTarget - 1 && status(i).value(QStringLiteral("standby_log_seq")).toInt() == 0)
                m_away.append(i);
        const QString serving
            = status(live.first()).value(QStringLiteral("standby")).toObject().value(QStringLiteral("peer_id")).toString();
        for (int i : live)
            if (m_away.size() < kTarget - 1 && !m_away.contains(i) && m_peerIds[i] != serving)
                m_away.append(i);
        QCOMPARE(m_away.size(), kTarget - 1);
        for (int i : m_away)
            QCOMPARE(m_nodes[i]->stopDaemon(), 0);
        expectRepairedDuringOutage("two more holders went away", liveHolders());
    }

    // Alice's node never comes back; the DC does.
    void handBackWithoutTheOwner()
    {
        const QByteArray cipher = readFile(path(QStringLiteral("n0/objects/%1").arg(m_id)));
        QVERIFY(!cipher.isEmpty());
        QCOMPARE(m_nodes[0]->stopDaemon(), 0);
        QVERIFY2(m_dc.start(path(QStringLiteral("dc")),
                     QStringList { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(m_dcPort) } + dcArgs()),
            m_dc.stderrOutput().constData());
        QElapsedTimer t;
        t.start();
        QVERIFY(waitFor([&] { return countRunning([](const QJsonObject& s) {
            return s.value(QStringLiteral("mode")).toString() == QLatin1String("dc");
        }) == running(); }, kSwitchMs));
        const DcHttp dc(m_dcPort);
        QVERIFY2(waitFor([&] { return dc.get("/data/" + m_id.toLatin1()).status == 200; }, 60000),
            "the outage upload never got its DC copy from the peers");
        qInfo("the DC published the peers' copy %lld ms after its return", t.elapsed());
        QCOMPARE(dc.get("/data/" + m_id.toLatin1()).body, cipher);
        // The group was adopted as it stood: the returning DC did not place it afresh (at most one copy for a
        // holder it had not heard from yet when the object became available).
        QVERIFY2(metric("amazingstore_replicas_assigned_total") < kTarget,
            qPrintable(QStringLiteral("the DC assigned %1 copies").arg(metric("amazingstore_replicas_assigned_total"))));
        int senders = 0;
        auto countSenders = [&] {
            senders = 0;
            for (int i = 1; i < kNodes; ++i)
                if (m_nodes[i]->daemonRunning())
                    senders += m_nodes[i]->daemonStderr().contains(
                                   "the data center verified and published my copy of " + m_id.left(12).toLatin1())
                        ? 1
                        : 0;
            return senders >= 1;
        };
        waitFor(countSenders, 10000); // the DC publishes before it answers the last part
        QVERIFY(senders >= 1);
        qInfo("%d holder(s) sent the DC copy", senders);
    }

    void surplusFallsBackToHybridCount()
    {
        for (int i : m_away)
            QVERIFY2(m_nodes[i]->startDaemon(), m_nodes[i]->daemonStderr().constData());
        // 5 live copies >= c + 1.5: one is dropped (down to c + 1, hysteresis), deleted from its node's disk.
        QVERIFY2(waitFor([&] { return metric("amazingstore_replicas_dropped_total") >= 1; }, 60000),
            qPrintable(QStringLiteral("dropped: %1, live holders %2")
                           .arg(metric("amazingstore_replicas_dropped_total"))
                           .arg(liveHolders().size())));
        QVERIFY2(waitFor([&] { return liveHolders().size() <= kTarget + 1; }, 30000),
            qPrintable(QStringLiteral("live holders: %1").arg(liveHolders().size())));
        QTest::qWait(3000); // hysteresis: c + 1 < c + 1.5 stays
        QVERIFY(liveHolders().size() >= kTarget && liveHolders().size() <= kTarget + 1);
        QVERIFY2(metric("amazingstore_replicas_assigned_total") < kTarget,
            qPrintable(QStringLiteral("the DC assigned %1 copies").arg(metric("amazingstore_replicas_assigned_total"))));
    }

    void cleanupTestCase()
    {
        for (auto& n : m_nodes)
            n->stopDaemon();
        m_dc.stop();
    }
};

QTEST_GUILESS_MAIN(TestOutagePeersE2e)
#include "tst_outage_peers_e2e.moc"
