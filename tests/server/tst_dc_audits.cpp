// Proof of storage against a real DC (docs/replication.md, "Proof of storage"): a replica counts only while
// its holder proves it. A holder answers audits with the block and its merkle proof and is vetted; one that
// says it lost the replica loses it (and is told to drop it); one that lies is expelled and its claims stop
// counting; one that copies the challenged block from /data after the challenge fails; a crowd of made-up
// peer ids from one account is capped and their claims are not replicas.
#include "core/transfer/BlockProof.h"
#include "tests/server/TestPeer.h"
#include "tests/server/TestUtil.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace as;
using namespace as::test;
using namespace Qt::Literals::StringLiterals;

namespace {

// One replica holder: its DC connection, its key, and the answers it owes.
struct Holder {
    DcHttp http;
    TestPeer peer;
    QJsonArray answers;
    explicit Holder(int port) : http(port) { }

    QJsonObject beat(const QJsonArray& held)
    {
        QJsonObject body { { u"listen_port"_s, 6881 }, { u"capacity_bytes"_s, 1e12 }, { u"used_bytes"_s, 0 },
            { u"held"_s, held } };
        if (!answers.isEmpty())
            body.insert(u"audit_answers"_s, std::exchange(answers, {}));
        const HttpReply r = http.postJson("/api/v1/peers/heartbeat", peer.sign(body));
        return r.status == 200 ? r.json() : QJsonObject { { u"status"_s, r.status } };
    }
};

// What a holder that stores `path` answers to every challenge in `reply`; `lie` flips a byte of the block.
QJsonArray answer(const QJsonObject& reply, const QByteArray& torrent, const QString& path, bool lie = false)
{
    QJsonArray out;
    for (const QJsonValue& v : reply.value(u"audits"_s).toArray()) {
        const QJsonObject c = v.toObject();
        auto proof = transfer::proveBlock(torrent, path, c.value(u"block"_s).toInteger());
        if (!proof)
            continue;
        if (lie)
            proof->data[0] = char(proof->data[0] ^ 1);
        QJsonArray siblings;
        for (const util::Sha256Digest& d : proof->siblings)
            siblings.append(QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(d.data()), 32).toHex()));
        out.append(QJsonObject { { u"id"_s, c.value(u"id"_s) }, { u"object_id"_s, c.value(u"object_id"_s) },
            { u"block"_s, c.value(u"block"_s) }, { u"data"_s, b64(proof->data) }, { u"siblings"_s, siblings } });
    }
    return out;
}

bool assigned(const QJsonObject& reply, const QString& id)
{
    for (const QJsonValue& a : reply.value(u"assignments"_s).toArray())
        if (a.toObject().value(u"object_id"_s).toString() == id)
            return true;
    return false;
}

bool dropped(const QJsonObject& reply, const QString& id)
{
    for (const QJsonValue& d : reply.value(u"drops"_s).toArray())
        if (d.toObject().value(u"object_id"_s).toString() == id)
            return true;
    return false;
}

} // namespace

// Each test gets a fresh DC with one available object of olivia's, so every holder starts unknown.
class DcAuditTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_work;
    std::unique_ptr<QTemporaryDir> m_data;
    std::unique_ptr<DcProcess> m_dc;
    std::unique_ptr<DcHttp> m_owner;
    TestObject m_obj;
    QString m_path;

    QStringList holdersOf(const QString& id)
    {
        QStringList out;
        for (const QJsonValue& h : m_owner->get("/api/v1/objects/" + id.toLatin1()).json().value(u"holders"_s).toArray())
            out.append(h.toObject().value(u"peer_id"_s).toString());
        return out;
    }
    // A new holder of another account that the DC assigns the object to, then holds it.
    std::unique_ptr<Holder> holderOfTheObject(const QString& user, const QString& sourceAddress = {})
    {
        auto h = std::make_unique<Holder>(m_dc->port());
        h->http.setSourceAddress(sourceAddress);
        h->http.setToken(registerAndLogin(h->http, user).token);
        QJsonObject reply = h->beat({});
        for (int i = 0; i < 5 && !assigned(reply, m_obj.id); ++i)
            reply = h->beat({});
        if (!assigned(reply, m_obj.id))
            return nullptr;
        return h;
    }

    // Stops the DC and starts it again on the same data folder (the owner's session lives in the store).
    bool restartDc(const QStringList& args)
    {
        if (m_dc->stop() != 0)
            return false;
        m_dc = std::make_unique<DcProcess>();
        if (!m_dc->start(m_data->path(), args))
            return false;
        const QString token = m_owner->token();
        m_owner = std::make_unique<DcHttp>(m_dc->port());
        m_owner->setToken(token);
        return true;
    }
    void rebind(DcHttp& http) // to the restarted DC, same session
    {
        const QString token = http.token();
        http = DcHttp(m_dc->port());
        http.setToken(token);
    }

private slots:
    void init()
    {
        m_data = std::make_unique<QTemporaryDir>();
        m_dc = std::make_unique<DcProcess>();
        QVERIFY(m_dc->start(m_data->path(), { u"--min-replicas"_s, u"1"_s }));
        m_owner = std::make_unique<DcHttp>(m_dc->port());
        m_owner->setToken(registerAndLogin(*m_owner, u"olivia"_s).token);
        m_obj = makeTestObject(m_work.path(), 5 * 16384 + 300, 16 * 1024, 9);
        m_path = m_work.filePath(u"replica"_s);
        QFile f(m_path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(m_obj.content);
        f.close();
        QCOMPARE(m_owner->postJson("/api/v1/objects", registerBody(m_obj)).status, 201);
        QCOMPARE(uploadAll(*m_owner, m_obj, 1 << 20).status, 200);
    }
    void cleanup()
    {
        m_owner.reset();
        m_dc.reset(); // stops the DC
    }

    void anHonestHolderIsVettedAndCounts()
    {
        auto h = holderOfTheObject(u"hank"_s);
        QVERIFY(h);
        int passes = 0;
        for (int i = 0; i < 6; ++i) {
            const QJsonObject reply = h->beat({ m_obj.id });
            QVERIFY2(!reply.contains(u"status"_s), qPrintable(QString::number(reply.value(u"status"_s).toInt())));
            QVERIFY(!dropped(reply, m_obj.id));
            passes += int(reply.value(u"audits"_s).toArray().size());
            h->answers = answer(reply, m_obj.torrent, m_path);
        }
        QVERIFY2(passes >= 3, qPrintable(QString::number(passes))); // unvetted: audited at every heartbeat
        QVERIFY(holdersOf(m_obj.id).contains(h->peer.peerId()));
    }

    void aHolderThatLostItLosesTheReplica()
    {
        auto h = holderOfTheObject(u"lara"_s);
        QVERIFY(h);
        QJsonObject reply = h->beat({ m_obj.id });
        QVERIFY(!reply.value(u"audits"_s).toArray().isEmpty());
        QVERIFY(holdersOf(m_obj.id).contains(h->peer.peerId()));
        // It deleted (or lost) its copy and says so.
        const QJsonObject c = reply.value(u"audits"_s).toArray().first().toObject();
        h->answers = { QJsonObject { { u"id"_s, c.value(u"id"_s) }, { u"object_id"_s, m_obj.id },
            { u"block"_s, c.value(u"block"_s) }, { u"error"_s, u"not held here"_s } } };
        reply = h->beat({ m_obj.id });
        QVERIFY(dropped(reply, m_obj.id));
        h->beat({ m_obj.id }); // still claiming it: the claim no longer counts
        QVERIFY(!holdersOf(m_obj.id).contains(h->peer.peerId()));
    }

    void aLiarIsExpelled()
    {
        auto h = holderOfTheObject(u"liam"_s);
        QVERIFY(h);
        const QJsonObject reply = h->beat({ m_obj.id });
        QVERIFY(holdersOf(m_obj.id).contains(h->peer.peerId()));
        h->answers = answer(reply, m_obj.torrent, m_path, true);
        QVERIFY(!h->answers.isEmpty());
        h->beat({ m_obj.id });
        const QJsonObject after = h->beat({ m_obj.id });
        QVERIFY(after.value(u"assignments"_s).toArray().isEmpty());
        QVERIFY(after.value(u"audits"_s).toArray().isEmpty());
        QVERIFY(!holdersOf(m_obj.id).contains(h->peer.peerId()));
    }

    // A holder that answers with bytes it read from the DC's public /data after the challenge proves
    // nothing: the answer fails although the proof checks. Bytes read before the challenge (a replica
    // fetched by web seed) do not count against it.
    void aCheaterCopyingFromDataFails()
    {
        auto h = holderOfTheObject(u"carl"_s, u"127.0.0.77"_s); // the only node at its address
        QVERIFY(h);
        const QByteArray target = "/data/" + m_obj.id.toLatin1();
        QCOMPARE(h->http.get(target).body, m_obj.content); // its replica, fetched from the DC before holding it
        QJsonObject reply = h->beat({ m_obj.id });
        QCOMPARE(reply.value(u"audits"_s).toArray().size(), 1);
        h->answers = answer(reply, m_obj.torrent, m_path);
        reply = h->beat({ m_obj.id }); // passes: the read came before the challenge
        QVERIFY(!dropped(reply, m_obj.id));
        QVERIFY(holdersOf(m_obj.id).contains(h->peer.peerId()));
        QCOMPARE(reply.value(u"audits"_s).toArray().size(), 1); // unvetted: audited again
        // Now it keeps nothing and copies the challenged block from /data to answer.
        const qint64 block = reply.value(u"audits"_s).toArray().first().toObject().value(u"block"_s).toInteger();
        const QByteArray range = "bytes=" + QByteArray::number(block * 16384) + "-" + QByteArray::number(block * 16384 + 16383);
        const HttpReply copied = h->http.get(target, { { "Range", range } });
        QCOMPARE(copied.status, 206);
        QCOMPARE(copied.body, m_obj.content.mid(block * 16384, 16384));
        const QString copy = m_work.filePath(u"copied"_s);
        QFile f(copy);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(m_obj.content); // what it proves from holds exactly the DC's bytes
        f.close();
        h->answers = answer(reply, m_obj.torrent, copy);
        QVERIFY(!h->answers.isEmpty());
        QVERIFY(dropped(h->beat({ m_obj.id }), m_obj.id));
        h->beat({ m_obj.id }); // still claiming it: the claim no longer counts
        QVERIFY(!holdersOf(m_obj.id).contains(h->peer.peerId()));
    }

    // The records live in the DC's SQLite: after a real restart a vetted holder is still vetted (not audited
    // at every heartbeat, as a fresh peer is) ...
    void vettingSurvivesARestart()
    {
        auto honest = holderOfTheObject(u"hank"_s);
        QVERIFY(honest);
        for (int i = 0; i < 6; ++i)
            honest->answers = answer(honest->beat({ m_obj.id }), m_obj.torrent, m_path);
        // A vetted holder is audited about once per interval: 30 days (1 in 43,200 heartbeats) for the checks below.
        QVERIFY(restartDc({ u"--min-replicas"_s, u"1"_s, u"--audit-interval"_s, u"2592000"_s }));
        rebind(honest->http);
        honest->answers = {}; // challenges in flight are not kept across a restart
        int audits = 0;
        for (int i = 0; i < 3; ++i) {
            const QJsonObject reply = honest->beat({ m_obj.id });
            QVERIFY2(!reply.contains(u"status"_s), qPrintable(QString::number(reply.value(u"status"_s).toInt())));
            audits += int(reply.value(u"audits"_s).toArray().size());
        }
        QCOMPARE(audits, 0);
        QVERIFY(holdersOf(m_obj.id).contains(honest->peer.peerId()));
    }

    // ... and an expelled liar is still expelled: its claim does not count, it gets no work.
    void expulsionSurvivesARestart()
    {
        auto liar = holderOfTheObject(u"liam"_s);
        QVERIFY(liar);
        liar->answers = answer(liar->beat({ m_obj.id }), m_obj.torrent, m_path, true);
        QVERIFY(!liar->answers.isEmpty());
        liar->beat({ m_obj.id });
        QVERIFY(!holdersOf(m_obj.id).contains(liar->peer.peerId()));
        QVERIFY(restartDc({ u"--min-replicas"_s, u"1"_s }));
        rebind(liar->http);
        for (int i = 0; i < 2; ++i) {
            const QJsonObject after = liar->beat({ m_obj.id });
            QVERIFY2(!after.contains(u"status"_s), qPrintable(QString::number(after.value(u"status"_s).toInt())));
            QVERIFY(after.value(u"audits"_s).toArray().isEmpty());
            QVERIFY(after.value(u"assignments"_s).toArray().isEmpty());
        }
        QVERIFY(!holdersOf(m_obj.id).contains(liar->peer.peerId()));
    }

    // A replica lost (and admitted) in an audit is withdrawn, and the group is repaired: the DC assigns the
    // object to another peer at its next scan of groups without a live holder (one heartbeat interval; 1 s
    // here).
    void aLostReplicaIsRepairedElsewhere()
    {
        QVERIFY(restartDc({ u"--min-replicas"_s, u"1"_s, u"--heartbeat-interval"_s, u"1"_s }));
        auto lost = holderOfTheObject(u"lara"_s);
        QVERIFY(lost);
        const QJsonObject reply = lost->beat({ m_obj.id });
        QVERIFY(!reply.value(u"audits"_s).toArray().isEmpty());
        const QJsonObject c = reply.value(u"audits"_s).toArray().first().toObject();
        lost->answers = { QJsonObject { { u"id"_s, c.value(u"id"_s) }, { u"object_id"_s, m_obj.id },
            { u"block"_s, c.value(u"block"_s) }, { u"error"_s, u"not held here"_s } } };
        QVERIFY(dropped(lost->beat({ m_obj.id }), m_obj.id));
        lost->beat({});
        QVERIFY(!holdersOf(m_obj.id).contains(lost->peer.peerId()));
        Holder other(m_dc->port());
        other.http.setToken(registerAndLogin(other.http, u"otto"_s).token);
        bool repaired = false;
        for (int i = 0; i < 20 && !repaired; ++i) {
            repaired = assigned(other.beat({}), m_obj.id);
            if (!repaired)
                QTest::qWait(300);
        }
        QVERIFY(repaired);
    }

    // Made-up peer ids: each needs its own key, an account runs at most 16, and claims of an object never
    // assigned to them are not replicas.
    void fakeHoldersDoNotCount()
    {
        DcHttp mallory(m_dc->port());
        mallory.setToken(registerAndLogin(mallory, u"mallory"_s).token);
        const QStringList before = holdersOf(m_obj.id);
        int refused = 0;
        for (int i = 0; i < 20; ++i) {
            TestPeer fake;
            const HttpReply r = mallory.postJson("/api/v1/peers/heartbeat",
                fake.sign({ { u"listen_port"_s, 7000 + i }, { u"capacity_bytes"_s, 1e12 }, { u"used_bytes"_s, 0 },
                    { u"held"_s, QJsonArray { m_obj.id } } }));
            refused += r.status == 403 ? 1 : 0;
            QVERIFY(r.status == 200 || r.status == 403);
        }
        QCOMPARE(refused, 4);
        QCOMPARE(holdersOf(m_obj.id), before);
        QCOMPARE(mallory.get("/api/v1/peers/me").json().value(u"peers"_s).toArray().size(), 16);
    }

    // A crowd of fresh nodes in several accounts all saying the DC is never up does not move the model's
    // A_dc (once: 60 fake reports moved it from 0.99 to 0.047): only vetted peers' figures count.
    void freshNodesCannotMoveTheModel()
    {
        // The model's A_dc travels to every node in the answer's "watch".
        Holder observer(m_dc->port());
        observer.http.setToken(registerAndLogin(observer.http, u"observer"_s).token);
        const auto modelDc = [&] { return observer.beat({}).value(u"watch"_s).toObject().value(u"dc_availability"_s).toDouble(-1); };
        const double before = modelDc();
        QVERIFY(before > 0.9);
        for (int a = 0; a < 4; ++a) {
            DcHttp http(m_dc->port());
            http.setToken(registerAndLogin(http, u"crowd%1"_s.arg(a)).token);
            for (int i = 0; i < 15; ++i) {
                TestPeer fake;
                QCOMPARE(http.postJson("/api/v1/peers/heartbeat",
                             fake.sign({ { u"listen_port"_s, 7000 + i }, { u"capacity_bytes"_s, 0 }, { u"used_bytes"_s, 0 },
                                 { u"dc_availability"_s, 0.0 } }))
                             .status,
                    200);
            }
        }
        QCOMPARE(modelDc(), before);
    }
};

QTEST_GUILESS_MAIN(DcAuditTest)
#include "tst_dc_audits.moc"
