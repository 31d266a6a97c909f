// The DC's /api/v1/master/* routes against a real amazingstore-dc (docs/outage.md): the standby plan in
// heartbeat answers, the signed change log only for named standbys, and the merge rules (users' signatures,
// idempotence, tombstones, refusals).
#include "core/protocol/Master.h"
#include "core/util/Encoding.h"
#include "tests/server/DcProcess.h"
#include "tests/server/TestPeer.h"
#include "tests/server/TestTorrent.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace as;
using namespace as::test;
using namespace Qt::Literals::StringLiterals;

namespace {

int g_nonce = 0;

QByteArray nextNonce()
{
    return QByteArray("nonce0000000000") + QByteArray::number(++g_nonce);
}

// The headers of a request signed by `peer` for `account` (core/protocol/Master.h).
QMap<QByteArray, QByteArray> signedHeaders(const TestPeer& peer, const QString& account, const QByteArray& method,
    const QByteArray& target, const QByteArray& body, QByteArray* nonceOut = nullptr, qint64* timeOut = nullptr)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QByteArray nonce = nextNonce();
    const QByteArray sig
        = *peer.identity().sign(protocol::requestSigningBytes(method, target, account, now, nonce, body));
    if (nonceOut)
        *nonceOut = nonce;
    if (timeOut)
        *timeOut = now;
    return { { protocol::signedhdr::kKey, toBase64Url(peer.identity().publicKey()).toLatin1() },
        { protocol::signedhdr::kAccount, account.toUtf8() }, { protocol::signedhdr::kTime, QByteArray::number(now) },
        { protocol::signedhdr::kNonce, nonce }, { protocol::signedhdr::kSignature, toBase64Url(sig).toLatin1() },
        { "Content-Type", "application/json" } };
}

// A change as a standby keeps it: the user's own signed request.
protocol::SignedChange change(const TestPeer& user, const QString& account, const QByteArray& method,
    const QByteArray& target, const QByteArray& body)
{
    protocol::SignedChange c;
    c.method = method;
    c.target = target;
    c.account = account;
    c.publicKey = user.identity().publicKey();
    c.timeMs = QDateTime::currentMSecsSinceEpoch() - 3600 * 1000; // an hour ago: merges may come late
    c.nonce = nextNonce();
    c.signature = *user.identity().sign(protocol::requestSigningBytes(method, target, account, c.timeMs, c.nonce, body));
    c.body = body;
    return c;
}

} // namespace

class MasterApiTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    DcProcess m_dc;
    TestPeer m_alicePeer, m_bobPeer, m_stranger;
    DcAccount m_alice, m_bob;
    TestObject m_object;

    QJsonObject beat(const DcAccount& account, TestPeer& peer, int masterPort)
    {
        DcHttp http(m_dc.port());
        http.setToken(account.token);
        QJsonObject body { { u"listen_port"_s, 6881 }, { u"capacity_bytes"_s, 1e9 }, { u"used_bytes"_s, 0 },
            { u"held"_s, QJsonArray() } };
        if (masterPort > 0)
            body.insert(u"master_port"_s, masterPort);
        const HttpReply r = http.postJson("/api/v1/peers/heartbeat", peer.sign(body));
        return r.status == 200 ? r.json() : QJsonObject { { u"status"_s, r.status } };
    }

    protocol::MergeReply merge(const TestPeer& by, const QList<protocol::SignedChange>& changes, int* status = nullptr)
    {
        protocol::MergeRequest m;
        m.changes = changes;
        const QByteArray body = QJsonDocument(m.toJson()).toJson(QJsonDocument::Compact);
        const HttpReply r = DcHttp(m_dc.port()).request(
            "POST", "/api/v1/master/merge", body, signedHeaders(by, {}, "POST", "/api/v1/master/merge", body));
        if (status)
            *status = r.status;
        auto reply = protocol::MergeReply::fromJson(r.json());
        return reply ? *reply : protocol::MergeReply {};
    }

    int dcStateOf(const QString& id, QString* state)
    {
        DcHttp http(m_dc.port());
        http.setToken(m_alice.token);
        const HttpReply r = http.get("/api/v1/objects/" + id.toLatin1());
        if (state)
            *state = r.json().value(u"state"_s).toString();
        return r.status;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_dc.start(m_dir.filePath(u"dc"_s), { u"--standby-count"_s, u"1"_s }), m_dc.stderrOutput().constData());
        const DcHttp http(m_dc.port());
        m_alice = registerAndLogin(http, u"alice"_s);
        m_bob = registerAndLogin(http, u"bob"_s);
        QVERIFY(!m_alice.token.isEmpty() && !m_bob.token.isEmpty());
        m_object = makeTestObject(m_dir.path(), 100000);
    }

    void heartbeatAnswersNameTheStandby()
    {
        const QJsonArray plan = beat(m_alice, m_alicePeer, 7777).value(u"standby_masters"_s).toArray();
        QCOMPARE(plan.size(), 1);
        QCOMPARE(plan[0].toObject().value(u"peer_id"_s).toString(), m_alicePeer.peerId());
        QCOMPARE(plan[0].toObject().value(u"port"_s).toInt(), 7777);
        QCOMPARE(plan[0].toObject().value(u"address"_s).toString(), u"127.0.0.1"_s);
        // Every answer names the same plan; a peer without a master port is never in it.
        const QJsonArray bobs = beat(m_bob, m_bobPeer, 0).value(u"standby_masters"_s).toArray();
        QCOMPARE(bobs, plan);
    }

    void logOnlyForNamedStandbys()
    {
        const DcHttp http(m_dc.port());
        const QByteArray target = "/api/v1/master/log?since=0";
        const HttpReply page = http.get(target, signedHeaders(m_alicePeer, {}, "GET", target, {}));
        QVERIFY2(page.status == 200, page.body.constData());
        auto parsed = protocol::LogPage::fromJson(page.json());
        QVERIFY(parsed);
        QVERIFY(parsed->entries.size() >= 4); // two accounts, two peers
        QCOMPARE(parsed->lastSeq, parsed->entries.last().seq);
        for (const protocol::LogEntry& e : parsed->entries)
            QVERIFY(crypto::verifySignature(parsed->publicKey, protocol::logSigningBytes(e.seq, e.kind, e.body), e.signature));
        QVERIFY(!page.body.contains("scrypt") && !page.body.contains(m_alice.token.toLatin1()));
        QCOMPARE(http.get(target).status, 401); // unsigned
        QCOMPARE(http.get(target, signedHeaders(m_bobPeer, {}, "GET", target, {})).status, 403); // not a standby
        const QByteArray bad = "/api/v1/master/log?since=x";
        QCOMPARE(http.get(bad, signedHeaders(m_alicePeer, {}, "GET", bad, {})).status, 400);
        const QByteArray later = "/api/v1/master/log?since=" + QByteArray::number(parsed->lastSeq);
        const HttpReply none = http.get(later, signedHeaders(m_alicePeer, {}, "GET", later, {}));
        QCOMPARE(none.json().value(u"entries"_s).toArray().size(), 0);
    }

    void mergeAppliesUsersChangesOnce()
    {
        const QJsonObject reg { { u"id"_s, m_object.id }, { u"torrent"_s, toBase64Url(m_object.torrent) },
            { u"sealed_metadata"_s, toBase64Url(QByteArray(64, 'm')) },
            { u"wrapped_file_key"_s, toBase64Url(QByteArray(60, 'k')) } };
        const QByteArray regBody = QJsonDocument(reg).toJson(QJsonDocument::Compact);
        const auto registration = change(m_alicePeer, u"alice"_s, "POST", "/api/v1/objects", regBody);
        int status = 0;
        protocol::MergeReply r = merge(m_bobPeer, { registration }, &status); // any node may carry it
        QCOMPARE(status, 200);
        QCOMPARE(r.applied, 1);
        QString state;
        QCOMPARE(dcStateOf(m_object.id, &state), 200);
        QCOMPARE(state, u"uploading"_s); // the owner's resumed upload brings the bytes
        r = merge(m_alicePeer, { registration }); // sent twice
        QCOMPARE(r.applied, 0);
        QCOMPARE(r.unchanged, 1);

        // Refused: bob's node acting for alice, a tampered body, a key no account knows.
        auto forged = change(m_bobPeer, u"alice"_s, "DELETE", "/api/v1/objects/" + m_object.id.toLatin1(), {});
        auto tampered = registration;
        QJsonObject other = reg;
        other.insert(u"wrapped_file_key"_s, toBase64Url(QByteArray(60, 'x')));
        tampered.body = QJsonDocument(other).toJson(QJsonDocument::Compact);
        auto stranger = change(m_stranger, u"alice"_s, "DELETE", "/api/v1/objects/" + m_object.id.toLatin1(), {});
        r = merge(m_alicePeer, { forged, tampered, stranger });
        QCOMPARE(r.applied, 0);
        QCOMPARE(r.rejected.size(), 3);
        QCOMPARE(dcStateOf(m_object.id, nullptr), 200);

        // A tombstone wins, and holds when sent again.
        const auto tombstone = change(m_alicePeer, u"alice"_s, "DELETE", "/api/v1/objects/" + m_object.id.toLatin1(), {});
        r = merge(m_alicePeer, { tombstone });
        QCOMPARE(r.applied, 1);
        QCOMPARE(dcStateOf(m_object.id, nullptr), 404);
        r = merge(m_alicePeer, { tombstone });
        QCOMPARE(r.unchanged, 1);
        QCOMPARE(dcStateOf(m_object.id, nullptr), 404);
        // The registration again, late (another standby's copy of the outage, or a merge retried after the
        // deletion was applied): the tombstone still wins, nothing comes back.
        r = merge(m_bobPeer, { registration });
        QCOMPARE(r.applied, 0);
        QCOMPARE(r.unchanged, 1);
        QCOMPARE(dcStateOf(m_object.id, nullptr), 404);

        // An unsigned merge, and a malformed one.
        const HttpReply unsigned_ = DcHttp(m_dc.port()).postJson("/api/v1/master/merge", QJsonObject { { u"changes"_s, QJsonArray() } });
        QCOMPARE(unsigned_.status, 401);
        const QByteArray junk = "{\"changes\": 5}";
        const HttpReply bad = DcHttp(m_dc.port()).request("POST", "/api/v1/master/merge", junk,
            signedHeaders(m_alicePeer, {}, "POST", "/api/v1/master/merge", junk));
        QCOMPARE(bad.status, 400);
    }
};

QTEST_GUILESS_MAIN(MasterApiTest)
#include "tst_master_api.moc"
