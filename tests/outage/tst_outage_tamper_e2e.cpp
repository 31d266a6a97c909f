// Lying answers during an outage are detected and not used (docs/outage.md, "What a standby can and cannot
// do"), end to end on 127.0.0.1 with a real amazingstore-dc, four amazingstore-node daemons and test proxies
// that alter chosen answers (TamperingProxy.h):
//   - a log page with a forged entry (alice's object given to another account, the DC's signature kept) reaches
//     a standby that pulls through the proxy: it refuses the page from that entry on, pulls again, and its
//     replica has the object as the DC signed it;
//   - the DC is killed; bob (a logged-in profile that never ran a daemon) gets alice's object by link while the
//     first standby of his plan lies: it sends another object's torrent and a tracker answer that names only
//     fake peers. bob's node refuses the torrent (its v2 info-hash is not the object id), goes on with the
//     peers, and the file he gets is alice's.
// Test knobs: DC --heartbeat-interval 1 --standby-count 4 (every daemon a standby) and c = 3; nodes
// `run --heartbeat 0.5`.
#include "core/protocol/Peers.h"
#include "core/state/Store.h"
#include "tests/node/NodeProcess.h"
#include "tests/outage/OutageHelpers.h"
#include "tests/outage/TamperingProxy.h"
#include "tests/server/DcProcess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUrl>

using namespace as;
using namespace as::test;

namespace {
constexpr int kNodes = 4; // alice and three contributors, all standbys
constexpr int kSwitchMs = 15000;

std::optional<QString> settingOf(const QString& profile, const QString& key)
{
    auto store = state::Store::open(profile);
    return store ? (*store)->setting(key) : std::nullopt;
}

// A tracker answer (BEP 23, compact) naming only peers that do not exist: closed ports on 127.0.0.1.
QByteArray fakePeersAnswer()
{
    QByteArray peers;
    for (const int port : { freePort(), freePort(), freePort() })
        peers += QByteArray::fromHex("7f000001") + char((port >> 8) & 0xff) + char(port & 0xff);
    return "d8:intervali30e5:peers" + QByteArray::number(peers.size()) + ':' + peers + 'e';
}
} // namespace

class TestOutageTamperE2e : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    DcProcess m_dc;
    std::unique_ptr<TamperingProxy> m_dcFront; // between the last contributor's standby and the DC
    std::vector<std::unique_ptr<Node>> m_nodes; // [0] = alice
    int m_bootstrap = 0;
    QString m_link, m_id, m_otherId;
    QByteArray m_content;
    QString m_forgedOwner;

    QString path(const QString& name) const { return m_dir.filePath(name); }
    QJsonObject status(int i) const { return m_nodes[i]->status(); }
    int countNodes(const std::function<bool(const QJsonObject&)>& pred) const { return countStatuses(m_nodes, pred); }
    QString upload(const QString& name, const QByteArray& content)
    {
        writeFile(path(name), content);
        const NodeResult r = m_nodes[0]->run({ QStringLiteral("upload"), path(name) }, 90000);
        if (r.code != 0)
            qWarning("upload failed: %s", r.err.constData());
        return r.code == 0 ? r.outText() : QString();
    }
    // An answer of the standby on `port` to alice's signed GET of `target`.
    HttpReply askAsAlice(int port, const QByteArray& target) const
    {
        const auto alice = crypto::Identity::load(path(QStringLiteral("n0/identity.pem")));
        if (!alice)
            return {};
        return DcHttp(port).get(target, signedHeaders(*alice, QStringLiteral("alice"), "GET", target, nextNonce()));
    }
    QList<protocol::StandbyMaster> planOf(int node) const
    {
        QList<protocol::StandbyMaster> out;
        const auto text = settingOf(path(QStringLiteral("n%1").arg(node)), QStringLiteral("cache/standby_masters"));
        for (const QJsonValue& v : QJsonDocument::fromJson(text.value_or(QString()).toUtf8()).array())
            if (auto s = protocol::StandbyMaster::fromJson(v.toObject()))
                out.append(*s);
        return out;
    }

    // The forged page: the first object entry handed to another account, its signature (over the true body) kept.
    std::optional<QByteArray> forgeOnce(const QByteArray& target, const QByteArray& body)
    {
        if (!m_forgedOwner.isEmpty() || !target.startsWith("/api/v1/master/log"))
            return std::nullopt;
        QJsonObject page = QJsonDocument::fromJson(body).object();
        QJsonArray entries = page.value(QStringLiteral("entries")).toArray();
        for (int i = 0; i < entries.size(); ++i) {
            QJsonObject e = entries[i].toObject();
            QJsonObject b = e.value(QStringLiteral("body")).toObject();
            if (e.value(QStringLiteral("kind")).toString() != QLatin1String("object")
                || b.value(QStringLiteral("owner")).toString() != QLatin1String("alice"))
                continue;
            m_forgedOwner = QStringLiteral("contributor1");
            b.insert(QStringLiteral("owner"), m_forgedOwner);
            e.insert(QStringLiteral("body"), b);
            entries[i] = e;
            page.insert(QStringLiteral("entries"), entries);
            return QJsonDocument(page).toJson(QJsonDocument::Compact);
        }
        return std::nullopt;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_dc.start(path(QStringLiteral("dc")), clusterDcArgs(kNodes)), m_dc.stderrOutput().constData());
        m_dcFront = std::make_unique<TamperingProxy>(m_dc.port());
        QVERIFY(m_dcFront->listen());
        m_dcFront->setRewrite([this](const QByteArray& target, const QByteArray& body) { return forgeOnce(target, body); });
        m_bootstrap = freePort();
        // The last contributor reaches the DC through the proxy only (its log pulls can be forged).
        const auto dcOf = [&](int i) { return i == kNodes - 1 ? m_dcFront->baseUrl() : m_dc.baseUrl(); };
        const QString failed = startClusterNodes(m_dir.path(), kNodes, m_bootstrap, dcOf, m_nodes);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QVERIFY(waitFor([&] { return countNodes([](const QJsonObject& s) { return s.value(QStringLiteral("standby_masters")).toInt() == kNodes; }) == kNodes; }, 30000));
    }

    void forgedLogEntryIsRefused()
    {
        m_content = randomBytes(400000);
        m_link = upload(QStringLiteral("report.bin"), m_content);
        m_id = idOfLink(m_link);
        QCOMPARE(m_id.size(), 64);
        m_otherId = idOfLink(upload(QStringLiteral("other.bin"), randomBytes(100000)));
        QCOMPARE(m_otherId.size(), 64);
        QVERIFY2(waitFor([&] { return m_dcFront->rewritten() == 1; }, 30000),
            qPrintable(QStringLiteral("no log page was forged; the standby behind the proxy said: %1")
                           .arg(QString::fromUtf8(m_nodes[kNodes - 1]->daemonStderr().right(3000)))));
        const int victim = kNodes - 1;
        QVERIFY2(waitFor([&] { return m_nodes[victim]->daemonStderr().contains("change log rejected"); }, 10000),
            "the standby took the forged page");
        // It pulls again and reaches what the others have.
        auto highest = [&] {
            int seq = 0;
            for (int i = 0; i < victim; ++i)
                seq = std::max(seq, status(i).value(QStringLiteral("standby_log_seq")).toInt());
            return seq;
        };
        QVERIFY(waitFor([&] { return highest() > 0 && status(victim).value(QStringLiteral("standby_log_seq")).toInt() >= highest(); }, 30000));
        // Replicas on peers (what bob's download reads from).
        QVERIFY(waitFor([&] { return countNodes([](const QJsonObject& s) { return s.value(QStringLiteral("replicas_held")).toInt() >= 2; }) >= 3; }, 60000));
        QTest::qWait(2000); // one more pull after the last holdings changed
        // Its replica has alice's object as the DC signed it (hers, listed for her), not as forged.
        const int port = settingOf(m_nodes[victim]->profile(), QStringLiteral("cache/master_port")).value_or(QString()).toInt();
        QVERIFY(port > 0);
        const HttpReply o = askAsAlice(port, "/api/v1/objects/" + m_id.toLatin1());
        QVERIFY2(o.status == 200, o.body.constData());
        const HttpReply list = askAsAlice(port, "/api/v1/objects");
        QVERIFY2(list.status == 200 && list.body.contains(m_id.toLatin1()), list.body.constData());
    }

    void lyingStandbyIsNotBelievedDuringTheOutage()
    {
        const QList<protocol::StandbyMaster> plan = planOf(0);
        QCOMPARE(plan.size(), kNodes);
        // The first standby of the plan lies about alice's object: another object's torrent, fake holders.
        const HttpReply otherTorrent = askAsAlice(plan[0].port, "/api/v1/objects/" + m_otherId.toLatin1() + "/torrent");
        QVERIFY2(otherTorrent.status == 200, otherTorrent.body.constData());
        TamperingProxy liar(plan[0].port);
        QVERIFY(liar.listen());
        int torrents = 0, announces = 0;
        liar.setRewrite([&](const QByteArray& target, const QByteArray&) -> std::optional<QByteArray> {
            if (target.startsWith("/api/v1/objects/" + m_id.toLatin1() + "/torrent"))
                return ++torrents, otherTorrent.body;
            if (target.startsWith("/announce"))
                return ++announces, fakePeersAnswer();
            return std::nullopt;
        });
        // bob: logged in, never ran a daemon; his plan (as a heartbeat answer would have left it) starts with the liar.
        Node bob(path(QStringLiteral("bob")));
        QVERIFY(configureNetwork(bob, freePort(), m_bootstrap));
        const NodeResult reg = bob.run({ QStringLiteral("register"), QStringLiteral("--dc"), m_dc.baseUrl(), QStringLiteral("bob") });
        QVERIFY2(reg.code == 0, reg.err.constData());
        QJsonArray lyingPlan;
        for (int i = 0; i < plan.size(); ++i) {
            protocol::StandbyMaster s = plan[i];
            if (i == 0)
                s.port = liar.port();
            lyingPlan.append(s.toJson());
        }
        {
            auto store = state::Store::open(bob.profile());
            QVERIFY(store);
            QVERIFY((*store)->setSetting(QStringLiteral("cache/standby_masters"),
                QString::fromUtf8(QJsonDocument(lyingPlan).toJson(QJsonDocument::Compact))));
        }
        m_dc.kill9();
        QVERIFY(waitFor([&] { return countNodes([](const QJsonObject& s) {
            return s.value(QStringLiteral("mode")).toString() == QLatin1String("p2p");
        }) == kNodes; }, kSwitchMs));
        const QString out = path(QStringLiteral("bob-out"));
        QDir().mkpath(out);
        QElapsedTimer t;
        t.start();
        const NodeResult r = bob.run({ QStringLiteral("get"), m_link, QStringLiteral("-o"), out, QStringLiteral("--json") }, 90000);
        qInfo("bob's get with a lying first standby: %lld ms, exit %d; the liar sent %d torrent(s), %d tracker answer(s)",
            t.elapsed(), r.code, torrents, announces);
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(torrents >= 1, "bob never asked the lying standby for the torrent");
        QVERIFY2(announces >= 1, "bob's download never heard the lying tracker answer");
        QVERIFY2(r.err.contains("does not match object"), r.err.constData());
        const QString file = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("path")).toString();
        QCOMPARE(readFile(file), m_content);
    }

    void cleanupTestCase()
    {
        for (auto& n : m_nodes)
            n->stopDaemon();
        m_dc.stop();
    }
};

QTEST_GUILESS_MAIN(TestOutageTamperE2e)
#include "tst_outage_tamper_e2e.moc"
