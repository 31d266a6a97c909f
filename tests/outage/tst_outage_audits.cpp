// Proof of storage during an outage (docs/outage.md, docs/replication.md "Proof of storage"): a real
// amazingstore-dc names a standby master, which pulls the DC's signed change log into its replica; the DC is
// stopped; the standby (server/DcServer in standby mode, as a node's StandbyRole runs it) audits the holders
// that heartbeat to it with the same route code. An honest holder passes; a holder that deleted its replica
// during the outage fails, is told to drop it, and the standby no longer counts it as a holder. An upload
// registered at the standby is still known as an outage upload after the standby restarts.
#include "core/protocol/Master.h"
#include "core/transfer/BlockProof.h"
#include "core/util/Encoding.h"
#include "server/DcServer.h"
#include "server/master/LogApplier.h"
#include "server/store/MetadataStore.h"
#include "tests/server/TestPeer.h"
#include "tests/server/TestUtil.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>

using namespace as;
using namespace as::test;
using namespace Qt::Literals::StringLiterals;

namespace {

int g_nonce = 0;

// A request signed by `peer`'s key for `account` (core/protocol/Master.h): no tokens at a standby.
QMap<QByteArray, QByteArray> signedHeaders(
    const TestPeer& peer, const QString& account, const QByteArray& method, const QByteArray& target, const QByteArray& body)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QByteArray nonce = "auditnonce000000" + QByteArray::number(++g_nonce);
    const QByteArray sig = *peer.identity().sign(protocol::requestSigningBytes(method, target, account, now, nonce, body));
    return { { protocol::signedhdr::kKey, toBase64Url(peer.identity().publicKey()).toLatin1() },
        { protocol::signedhdr::kAccount, account.toUtf8() }, { protocol::signedhdr::kTime, QByteArray::number(now) },
        { protocol::signedhdr::kNonce, nonce }, { protocol::signedhdr::kSignature, toBase64Url(sig).toLatin1() },
        { "Content-Type", "application/json" } };
}

// The answers a holder storing `path` gives to the challenges of `reply` (what Daemon::answerAudit does): the
// block and its proof, or the error when the file is gone.
QJsonArray answer(const QJsonObject& reply, const QByteArray& torrent, const QString& path)
{
    QJsonArray out;
    for (const QJsonValue& v : reply.value(u"audits"_s).toArray()) {
        const QJsonObject c = v.toObject();
        QJsonObject a { { u"id"_s, c.value(u"id"_s) }, { u"object_id"_s, c.value(u"object_id"_s) },
            { u"block"_s, c.value(u"block"_s) } };
        auto proof = transfer::proveBlock(torrent, path, c.value(u"block"_s).toInteger());
        if (!proof) {
            a.insert(u"error"_s, proof.error().message);
        } else {
            QJsonArray siblings;
            for (const util::Sha256Digest& d : proof->siblings)
                siblings.append(QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(d.data()), 32).toHex()));
            a.insert(u"data"_s, b64(proof->data));
            a.insert(u"siblings"_s, siblings);
        }
        out.append(a);
    }
    return out;
}

bool listed(const QJsonObject& reply, const char* key, const QString& id)
{
    for (const QJsonValue& v : reply.value(QLatin1String(key)).toArray())
        if (v.toObject().value(u"object_id"_s).toString() == id)
            return true;
    return false;
}

// A standby (masterPort > 0) offers no capacity here: the object's replica must go to the holder.
QJsonObject heartbeatBody(TestPeer& peer, const QJsonArray& held, QJsonArray* answers, int masterPort = 0)
{
    QJsonObject body { { u"listen_port"_s, 6881 }, { u"capacity_bytes"_s, masterPort > 0 ? 0.0 : 1e12 },
        { u"used_bytes"_s, 0 },
        { u"held"_s, held } };
    if (answers && !answers->isEmpty())
        body.insert(u"audit_answers"_s, std::exchange(*answers, {}));
    if (masterPort > 0)
        body.insert(u"master_port"_s, masterPort);
    return peer.sign(body);
}

} // namespace

class OutageAuditTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    DcProcess m_dc;
    TestObject m_obj;
    QString m_replica; // the holder's copy
    TestPeer m_holder, m_standbyPeer;
    DcAccount m_hank, m_sam;
    QJsonArray m_answers;
    std::unique_ptr<server::DcServer> m_standby;
    std::thread m_standbyThread;
    int m_standbyPort = 0;
    server::DcConfig m_standbyConfig;

    bool startStandby()
    {
        auto created = server::DcServer::create(m_standbyConfig);
        if (!created)
            return false;
        m_standby = std::move(*created);
        auto port = m_standby->bind();
        if (!port)
            return false;
        m_standbyPort = *port;
        server::DcServer* s = m_standby.get(); // serving at once, as in a node
        m_standbyThread = std::thread([s] { (void)s->run(); });
        return true;
    }
    void stopStandby()
    {
        if (m_standby)
            m_standby->stop();
        if (m_standbyThread.joinable())
            m_standbyThread.join();
        m_standby.reset();
    }

    QJsonObject beatDc(TestPeer& peer, const DcAccount& account, const QJsonArray& held, int masterPort = 0)
    {
        DcHttp http(m_dc.port());
        http.setToken(account.token);
        const HttpReply r = http.postJson("/api/v1/peers/heartbeat", heartbeatBody(peer, held, &m_answers, masterPort));
        return r.status == 200 ? r.json() : QJsonObject { { u"status"_s, r.status } };
    }
    QJsonObject beatStandby(const QJsonArray& held)
    {
        const QByteArray body
            = QJsonDocument(heartbeatBody(m_holder, held, &m_answers)).toJson(QJsonDocument::Compact);
        const HttpReply r = DcHttp(m_standbyPort).request("POST", "/api/v1/peers/heartbeat", body,
            signedHeaders(m_holder, m_hank.username, "POST", "/api/v1/peers/heartbeat", body));
        return r.status == 200 ? r.json() : QJsonObject { { u"status"_s, r.status } };
    }
    QStringList standbyHolders()
    {
        QStringList out;
        auto holders = m_standby->store().holdersOf(m_obj.id, QDateTime::currentSecsSinceEpoch(), 3600);
        for (const protocol::Holder& h : holders ? *holders : QList<protocol::Holder>())
            out.append(h.peerId);
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_dc.start(m_dir.filePath(u"dc"_s),
                     { u"--min-replicas"_s, u"1"_s, u"--heartbeat-interval"_s, u"1"_s, u"--standby-count"_s, u"1"_s }),
            m_dc.stderrOutput().constData());
        DcHttp owner(m_dc.port());
        owner.setToken(registerAndLogin(owner, u"olivia"_s).token);
        m_obj = makeTestObject(m_dir.path(), 5 * 16384 + 300, 16 * 1024, 11);
        QCOMPARE(owner.postJson("/api/v1/objects", registerBody(m_obj)).status, 201);
        QCOMPARE(uploadAll(owner, m_obj, 1 << 20).status, 200);
        m_replica = m_dir.filePath(u"replica"_s);
        QFile f(m_replica);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(m_obj.content);
        f.close();
        DcHttp anon(m_dc.port());
        m_hank = registerAndLogin(anon, u"hank"_s);
        m_sam = registerAndLogin(anon, u"sam"_s);
        // Sam's node runs a standby server (bound, not yet serving) and is the first to heartbeat with its port,
        // so the DC's plan (recomputed at most every 10 s) names it.
        server::DcConfig& config = m_standbyConfig;
        config.standby = true;
        config.host = u"127.0.0.1"_s;
        config.port = 0;
        config.dataDir = m_dir.filePath(u"standby"_s);
        config.threads = 4;
        config.heartbeatIntervalSeconds = 1;
        config.minReplicas = 1;
        config.auditIntervalSeconds = 1; // vetted holders too are audited at every heartbeat (as --audit-interval 1)
        QVERIFY(startStandby()); // its replica fills below
        const QJsonArray plan = beatDc(m_standbyPeer, m_sam, {}, m_standbyPort).value(u"standby_masters"_s).toArray();
        QCOMPARE(plan.size(), 1);
        QCOMPARE(plan.first().toObject().value(u"peer_id"_s).toString(), m_standbyPeer.peerId());
    }

    // Before the outage: hank holds a replica and proves it to the DC; sam, named the standby, pulls the
    // DC's log into the replica its standby server runs on.
    void standbyReplicatesTheDc()
    {
        bool assigned = false;
        QJsonObject reply;
        for (int i = 0; i < 20 && !assigned; ++i) { // groups without a holder are planned once per interval (1 s)
            assigned = listed(reply = beatDc(m_holder, m_hank, {}), "assignments", m_obj.id);
            if (!assigned)
                QTest::qWait(300);
        }
        QVERIFY2(assigned, QJsonDocument(reply).toJson(QJsonDocument::Compact).constData());
        for (int i = 0; i < 3; ++i)
            m_answers = answer(beatDc(m_holder, m_hank, { m_obj.id }), m_obj.torrent, m_replica);

        for (bool more = true; more;) {
            const QByteArray target = "/api/v1/master/log?since=" + QByteArray::number(server::appliedSequence(m_standby->store()));
            const HttpReply r = DcHttp(m_dc.port()).get(target, signedHeaders(m_standbyPeer, {}, "GET", target, {}));
            QCOMPARE(r.status, 200);
            auto page = protocol::LogPage::fromJson(r.json());
            QVERIFY(page);
            auto applied = server::applyLogPage(m_standby->store(), *page);
            QVERIFY2(applied, applied ? "" : qPrintable(applied.error().message));
            more = page->more;
        }
        QVERIFY(standbyHolders().contains(m_holder.peerId()));
    }

    // The DC stops. At the standby, the same heartbeat route audits hank, who still holds the bytes: passes.
    void standbyAuditsDuringTheOutage()
    {
        QCOMPARE(m_dc.stop(), 0);
        m_answers = {};
        int audits = 0;
        for (int i = 0; i < 4; ++i) {
            const QJsonObject reply = beatStandby({ m_obj.id });
            QVERIFY2(!reply.contains(u"status"_s), qPrintable(QString::number(reply.value(u"status"_s).toInt())));
            QVERIFY(!listed(reply, "drops", m_obj.id));
            audits += int(reply.value(u"audits"_s).toArray().size());
            m_answers = answer(reply, m_obj.torrent, m_replica);
        }
        QVERIFY2(audits >= 2, qPrintable(QString::number(audits))); // new to this standby: audited each beat
        QVERIFY(standbyHolders().contains(m_holder.peerId()));
    }

    // Hank deletes its replica during the outage but keeps claiming it: its next answer says it cannot, the
    // standby withdraws the replica (a drop) and no longer lists hank as a holder.
    void aReplicaLostDuringTheOutageIsWithdrawn()
    {
        QVERIFY(QFile::remove(m_replica));
        bool dropped = false;
        for (int i = 0; i < 4 && !dropped; ++i) {
            const QJsonObject reply = beatStandby({ m_obj.id });
            QVERIFY2(!reply.contains(u"status"_s), qPrintable(QString::number(reply.value(u"status"_s).toInt())));
            dropped = listed(reply, "drops", m_obj.id);
            m_answers = answer(reply, m_obj.torrent, m_replica);
        }
        QVERIFY(dropped);
        beatStandby({ m_obj.id }); // still claiming it: the claim no longer counts
        QVERIFY(!standbyHolders().contains(m_holder.peerId()));
    }

    // Hank uploads during the outage (registered at the standby, planned without a DC copy); the standby
    // restarts; a peer it never assigned then claims a copy (placed by another standby before a fail-over):
    // the restarted standby still knows the object as an outage upload and counts the claim.
    void outageUploadSurvivesAStandbyRestart()
    {
        const TestObject upload = makeTestObject(m_dir.path(), 3 * 16384 + 5, 16 * 1024, 12);
        const QByteArray body = QJsonDocument(registerBody(upload)).toJson(QJsonDocument::Compact);
        const HttpReply registered = DcHttp(m_standbyPort).request("POST", "/api/v1/objects", body,
            signedHeaders(m_holder, m_hank.username, "POST", "/api/v1/objects", body));
        QVERIFY2(registered.status == 201, registered.body.constData());
        stopStandby();
        QVERIFY(startStandby());
        const QByteArray beat = QJsonDocument(heartbeatBody(m_standbyPeer, { upload.id }, nullptr)).toJson(QJsonDocument::Compact);
        const HttpReply r = DcHttp(m_standbyPort).request("POST", "/api/v1/peers/heartbeat", beat,
            signedHeaders(m_standbyPeer, m_sam.username, "POST", "/api/v1/peers/heartbeat", beat));
        QVERIFY2(r.status == 200, r.body.constData());
        auto holders = m_standby->store().holdersOf(upload.id, QDateTime::currentSecsSinceEpoch(), 3600);
        QVERIFY(holders);
        QVERIFY2(std::any_of(holders->cbegin(), holders->cend(),
                     [&](const protocol::Holder& h) { return h.peerId == m_standbyPeer.peerId(); }),
            "the restarted standby refused a claim on an outage upload");
    }

    void cleanupTestCase()
    {
        stopStandby();
        m_dc.stop();
    }
};

QTEST_GUILESS_MAIN(OutageAuditTest)
#include "tst_outage_audits.moc"
