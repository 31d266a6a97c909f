// Happy paths of every DC route against the real amazingstore-dc, plus authorization between two users,
// Range semantics, verification failure and retry, tracker answers and heartbeats.
#include "tests/server/TestPeer.h"
#include "tests/server/TestUtil.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <thread>
#include <vector>

using namespace as::test;

class DcApiTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void health();
    void accountsAndSessions();
    void logoutRevokesToken();
    void objectLifecycleAndAuthorization();
    void rangeSemantics();
    void integrityMismatchThenResend();
    void heartbeatAndPeersMe();
    void trackerAnnounce();
    void sharePage();
    void metrics();
    void deleteObject();
    void concurrentPartsOfOneObject();

private:
    QTemporaryDir m_data;
    QTemporaryDir m_work;
    DcProcess m_dc;
    std::unique_ptr<DcHttp> m_alice, m_bob, m_anon;
    TestObject m_obj;
};

void DcApiTest::initTestCase()
{
    QVERIFY(m_data.isValid() && m_work.isValid());
    QVERIFY2(m_dc.start(m_data.path()), m_dc.stderrOutput().constData());
    m_anon = std::make_unique<DcHttp>(m_dc.port());
    m_alice = std::make_unique<DcHttp>(m_dc.port());
    m_bob = std::make_unique<DcHttp>(m_dc.port());
    const DcAccount alice = registerAndLogin(*m_anon, QStringLiteral("alice"));
    const DcAccount bob = registerAndLogin(*m_anon, QStringLiteral("bob"));
    QVERIFY(!alice.token.isEmpty() && !bob.token.isEmpty());
    m_alice->setToken(alice.token);
    m_bob->setToken(bob.token);
    m_obj = makeTestObject(m_work.path(), 200 * 1000 + 123, 16 * 1024, 7);
    QCOMPARE(m_obj.id.size(), 64);
}

void DcApiTest::cleanupTestCase()
{
    QCOMPARE(m_dc.stop(), 0);
}

void DcApiTest::health()
{
    const HttpReply r = m_anon->get("/api/v1/health");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("role")).toString(), QStringLiteral("dc"));
    QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(r.json().value(QStringLiteral("server_id")).toString().size(), 64);
}

void DcApiTest::accountsAndSessions()
{
    const DcAccount carol = registerAndLogin(*m_anon, QStringLiteral("carol"));
    QVERIFY(!carol.token.isEmpty());
    QCOMPARE(carol.token.size(), 43);
    // Same name again: 409.
    const DcAccount again = registerAndLogin(*m_anon, QStringLiteral("carol"));
    QVERIFY(again.token.isEmpty());
    // Login answers what a new machine needs to unwrap its keys.
    const HttpReply login = m_anon->postJson("/api/v1/sessions",
        { { QStringLiteral("username"), QStringLiteral("carol") },
            { QStringLiteral("auth_secret"), b64(carol.authSecret) } });
    QCOMPARE(login.status, 201);
    QCOMPARE(login.json().value(QStringLiteral("wrapped_master_key")).toString(), b64(QByteArray(60, 'w')));
    QCOMPARE(login.json().value(QStringLiteral("public_key")).toString(), b64(QByteArray(32, 'p')));
    QCOMPARE(login.json().value(QStringLiteral("salt")).toString(), b64(QByteArray(16, 's')));
    QVERIFY(login.json().value(QStringLiteral("expires_at")).toInteger() > QDateTime::currentSecsSinceEpoch());
    // Wrong secret and unknown user: the same 401.
    for (const QString& user : { QStringLiteral("carol"), QStringLiteral("nobody") }) {
        const HttpReply bad = m_anon->postJson("/api/v1/sessions",
            { { QStringLiteral("username"), user }, { QStringLiteral("auth_secret"), b64(QByteArray(32, 'z')) } });
        QCOMPARE(bad.status, 401);
        QVERIFY(isProblem(bad));
        QCOMPARE(bad.json().value(QStringLiteral("type")).toString(),
            QStringLiteral("urn:amazingstore:problem:unauthorized"));
    }
    // Salt lookup: real for carol, stable and plausible for unknown names.
    QCOMPARE(m_anon->get("/api/v1/accounts/carol/salt").json().value(QStringLiteral("salt")).toString(),
        b64(QByteArray(16, 's')));
    const HttpReply fake1 = m_anon->get("/api/v1/accounts/nobody/salt"),
                    fake2 = m_anon->get("/api/v1/accounts/nobody/salt");
    QCOMPARE(fake1.status, 200);
    QCOMPARE(fake1.body, fake2.body);
    QCOMPARE(fake1.json().value(QStringLiteral("kdf")).toString(), QStringLiteral("scrypt:N=2^17,r=8,p=1"));
}

void DcApiTest::logoutRevokesToken()
{
    const DcAccount dave = registerAndLogin(*m_anon, QStringLiteral("dave"));
    DcHttp http(m_dc.port());
    http.setToken(dave.token);
    QCOMPARE(http.get("/api/v1/objects").status, 200);
    QCOMPARE(http.request("DELETE", "/api/v1/sessions").status, 204);
    const HttpReply after = http.get("/api/v1/objects");
    QCOMPARE(after.status, 401);
    QVERIFY(isProblem(after));
}

void DcApiTest::objectLifecycleAndAuthorization()
{
    const QByteArray path = "/api/v1/objects/" + m_obj.id.toLatin1();
    HttpReply r = m_alice->postJson("/api/v1/objects", registerBody(m_obj));
    QCOMPARE(r.status, 201);
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("uploading"));
    QCOMPARE(r.json().value(QStringLiteral("size")).toInteger(), m_obj.content.size());
    QCOMPARE(r.json().value(QStringLiteral("missing")).toArray().size(), 1);
    // Registering again (a client retrying) is fine for the owner; another user gets 409.
    QCOMPARE(m_alice->postJson("/api/v1/objects", registerBody(m_obj)).status, 200);
    r = m_bob->postJson("/api/v1/objects", registerBody(m_obj));
    QCOMPARE(r.status, 409);
    QVERIFY(isProblem(r));
    // Bob can neither see, upload to, nor delete it.
    QCOMPARE(m_bob->get(path).status, 404);
    QCOMPARE(m_bob->request("DELETE", path).status, 404);
    QCOMPARE(putPart(*m_bob, m_obj, 0, 1000).status, 404);
    QVERIFY(m_bob->get("/api/v1/objects").json().value(QStringLiteral("objects")).toArray().isEmpty());
    // Not served before it is complete and verified.
    QCOMPARE(m_anon->get("/data/" + m_obj.id.toLatin1()).status, 404);

    // Parts out of order, of different sizes, one overlapping re-send.
    const qint64 size = m_obj.content.size();
    QCOMPARE(putPart(*m_alice, m_obj, 150000, size - 150000).status, 200);
    r = putPart(*m_alice, m_obj, 0, 70000);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("uploading"));
    const QJsonArray missing = r.json().value(QStringLiteral("missing")).toArray();
    QCOMPARE(missing.size(), 1);
    QCOMPARE(missing[0].toObject().value(QStringLiteral("offset")).toInteger(), 70000);
    QCOMPARE(missing[0].toObject().value(QStringLiteral("length")).toInteger(), 80000);
    QCOMPARE(putPart(*m_alice, m_obj, 0, 70000).status, 200); // idempotent re-send
    QCOMPARE(m_alice->get(path).json().value(QStringLiteral("received_bytes")).toInteger(), size - 80000);
    r = putPart(*m_alice, m_obj, 60000, 90000);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("available"));
    // A late re-send after completion is harmless.
    QCOMPARE(putPart(*m_alice, m_obj, 0, 1000).status, 200);

    r = m_alice->get(path);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("available"));
    QCOMPARE(r.json().value(QStringLiteral("received_bytes")).toInteger(), size);
    QVERIFY(r.json().value(QStringLiteral("missing")).toArray().isEmpty());
    QCOMPARE(r.json().value(QStringLiteral("sealed_metadata")).toString(), b64(QByteArray("sealed-name-and-size")));
    QCOMPARE(r.json().value(QStringLiteral("wrapped_file_key")).toString(), b64(QByteArray(48, 'k')));
    const QJsonArray list = m_alice->get("/api/v1/objects").json().value(QStringLiteral("objects")).toArray();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list[0].toObject().value(QStringLiteral("id")).toString(), m_obj.id);

    // The torrent and the data are public (the id is the capability).
    r = m_anon->get(path + "/torrent");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, m_obj.torrent);
    QCOMPARE(r.header("content-type"), QByteArray("application/x-bittorrent"));
    r = m_anon->get("/data/" + m_obj.id.toLatin1());
    QCOMPARE(r.status, 200);
    QVERIFY(r.body == m_obj.content);
}

void DcApiTest::rangeSemantics()
{
    const QByteArray path = "/data/" + m_obj.id.toLatin1();
    const qint64 size = m_obj.content.size();
    const QByteArray sizeText = QByteArray::number(size);
    HttpReply r = m_anon->get(path, { { "Range", "bytes=0-99" } });
    QCOMPARE(r.status, 206);
    QCOMPARE(r.header("content-range"), "bytes 0-99/" + sizeText);
    QCOMPARE(r.body, m_obj.content.left(100));
    QCOMPARE(r.header("accept-ranges"), QByteArray("bytes"));
    r = m_anon->get(path, { { "Range", "bytes=100000-" } });
    QCOMPARE(r.status, 206);
    QCOMPARE(r.body, m_obj.content.mid(100000));
    r = m_anon->get(path, { { "Range", "bytes=-50" } });
    QCOMPARE(r.status, 206);
    QCOMPARE(r.body, m_obj.content.right(50));
    QCOMPARE(r.header("content-range"),
        "bytes " + QByteArray::number(size - 50) + '-' + QByteArray::number(size - 1) + '/' + sizeText);
    r = m_anon->get(path, { { "Range", "bytes=5-" + QByteArray::number(size + 1000) } }); // clamped
    QCOMPARE(r.status, 206);
    QCOMPARE(r.body, m_obj.content.mid(5));
    r = m_anon->get(path, { { "Range", "bytes=" + sizeText + "-" } });
    QCOMPARE(r.status, 416);
    QCOMPARE(r.header("content-range"), "bytes */" + sizeText);
    r = m_anon->get(path, { { "Range", "bytes=0-1,5-9" } }); // multi-range: whole body
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body.size(), size);
    r = m_anon->get(path, { { "Range", "bytes=0-9" }, { "If-Range", "\"other\"" } }); // stale validator: whole body
    QCOMPARE(r.status, 200);
    r = m_anon->request("HEAD", path);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("content-length"), sizeText);
    QVERIFY(r.body.isEmpty());
    r = m_anon->request("HEAD", path, {}, { { "Range", "bytes=10-19" } });
    QCOMPARE(r.status, 206);
    QCOMPARE(r.header("content-length"), QByteArray("10"));
}

void DcApiTest::integrityMismatchThenResend()
{
    const TestObject o = makeTestObject(m_work.path(), 100000, 16 * 1024, 99);
    QCOMPARE(m_alice->postJson("/api/v1/objects", registerBody(o)).status, 201);
    TestObject corrupt = o;
    corrupt.content[40000] = char(corrupt.content[40000] ^ 0x55); // inside piece 2 [32768, 49152)
    QCOMPARE(putPart(*m_alice, corrupt, 0, 60000).status, 200);
    HttpReply r = putPart(*m_alice, corrupt, 60000, 40000);
    QCOMPARE(r.status, 422);
    QVERIFY(isProblem(r));
    QCOMPARE(r.json().value(QStringLiteral("type")).toString(),
        QStringLiteral("urn:amazingstore:problem:integrity-failure"));
    QCOMPARE(m_anon->get("/data/" + o.id.toLatin1()).status, 404); // never visible unverified
    r = m_alice->get("/api/v1/objects/" + o.id.toLatin1());
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("uploading"));
    const QJsonArray missing = r.json().value(QStringLiteral("missing")).toArray();
    QCOMPARE(missing.size(), 1);
    QCOMPARE(missing[0].toObject().value(QStringLiteral("offset")).toInteger(), 32768);
    QCOMPARE(missing[0].toObject().value(QStringLiteral("length")).toInteger(), 16384);
    r = putPart(*m_alice, o, 32768, 16384);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("available"));
    QVERIFY(m_anon->get("/data/" + o.id.toLatin1()).body == o.content);
}

void DcApiTest::heartbeatAndPeersMe()
{
    TestPeer node;
    const QString peerId = node.peerId();
    const QJsonObject hb { { QStringLiteral("listen_port"), 6881 },
        { QStringLiteral("capacity_bytes"), 1000000000 }, { QStringLiteral("used_bytes"), 5000 },
        { QStringLiteral("bytes_served"), 1234 },
        { QStringLiteral("held"), QJsonArray { m_obj.id, QString(64, QLatin1Char('f')) } } };
    HttpReply r = m_alice->postJson("/api/v1/peers/heartbeat", node.sign(hb));
    QCOMPARE(r.status, 200);
    const QJsonObject a = r.json();
    QCOMPARE(a.value(QStringLiteral("peer_id")).toString(), peerId);
    QCOMPARE(a.value(QStringLiteral("address")).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(a.value(QStringLiteral("availability")).toDouble(), 1.0);
    QVERIFY(a.value(QStringLiteral("assignments")).isArray());
    QVERIFY(a.value(QStringLiteral("drops")).isArray());
    QVERIFY(a.value(QStringLiteral("standby_masters")).isArray());
    QVERIFY(a.value(QStringLiteral("dc_availability")).isDouble());
    QVERIFY(a.value(QStringLiteral("mean_availability")).isDouble());
    QVERIFY(a.value(QStringLiteral("heartbeat_interval")).toInt() > 0);
    QCOMPARE(m_alice->postJson("/api/v1/peers/heartbeat", node.sign(hb)).status, 200); // extends the session
    // Unsigned, replayed or signed with another key: refused.
    QJsonObject unsigned_ = hb;
    unsigned_.insert(QStringLiteral("peer_id"), peerId);
    QCOMPARE(m_alice->postJson("/api/v1/peers/heartbeat", unsigned_).status, 401);
    const QJsonObject once = node.sign(hb);
    QCOMPARE(m_alice->postJson("/api/v1/peers/heartbeat", once).status, 200);
    QCOMPARE(m_alice->postJson("/api/v1/peers/heartbeat", once).status, 409);
    TestPeer other;
    QJsonObject forged = other.sign(hb);
    forged.insert(QStringLiteral("peer_id"), peerId);
    QCOMPARE(m_alice->postJson("/api/v1/peers/heartbeat", forged).status, 403);

    r = m_alice->get("/api/v1/peers/me");
    QCOMPARE(r.status, 200);
    const QJsonArray peers = r.json().value(QStringLiteral("peers")).toArray();
    QCOMPARE(peers.size(), 1);
    const QJsonObject p = peers[0].toObject();
    QCOMPARE(p.value(QStringLiteral("peer_id")).toString(), peerId);
    QCOMPARE(p.value(QStringLiteral("held_replicas")).toInt(), 1); // the unknown id is not recorded
    QCOMPARE(p.value(QStringLiteral("bytes_served")).toInteger(), 1234);
    QCOMPARE(p.value(QStringLiteral("online")).toBool(), true);
    QCOMPARE(p.value(QStringLiteral("port")).toInt(), 6881);
    QCOMPARE(p.value(QStringLiteral("history")).toArray().size(), 1);
    // The object now lists its holder.
    const QJsonArray holders
        = m_alice->get("/api/v1/objects/" + m_obj.id.toLatin1()).json().value(QStringLiteral("holders")).toArray();
    QCOMPARE(holders.size(), 1);
    QCOMPARE(holders[0].toObject().value(QStringLiteral("peer_id")).toString(), peerId);
    // A peer id belongs to one account.
    r = m_bob->postJson("/api/v1/peers/heartbeat", node.sign(hb)); // even with the node's key
    QCOMPARE(r.status, 409);
    QVERIFY(m_bob->get("/api/v1/peers/me").json().value(QStringLiteral("peers")).toArray().isEmpty());
}

void DcApiTest::trackerAnnounce()
{
    const QByteArray key = "/announce?object=" + m_obj.id.toLatin1() + "&";
    auto announce = [&](const QString& hex, int port, const QByteArray& start = {}) {
        const QByteArray hash = QByteArray::fromHex(hex.toLatin1());
        return m_anon->get((start.isEmpty() ? key : start) + "info_hash=" + hash.toPercentEncoding()
            + "&peer_id=" + QByteArray("-LT2080-abcdefghijkl").toPercentEncoding() + "&port=" + QByteArray::number(port)
            + "&uploaded=0&downloaded=0&left=100&compact=1&event=started");
    };
    // The holder from heartbeatAndPeersMe (127.0.0.1:6881) is offered under both hashes of the hybrid torrent.
    const QByteArray holder = QByteArray::fromHex("7f0000011ae1");
    for (const QString& hex : { m_obj.v1Hex, m_obj.v2ShortHex }) {
        const HttpReply r = announce(hex, 7000);
        QCOMPARE(r.status, 200);
        QVERIFY2(r.body.startsWith("d8:complete"), r.body.constData());
        QVERIFY2(r.body.contains("5:peers6:" + holder), r.body.toHex().constData());
        QVERIFY(r.body.contains("8:intervali"));
    }
    // A second client learns about the first.
    const HttpReply second
        = m_anon->get(key + "info_hash=" + QByteArray::fromHex(m_obj.v1Hex.toLatin1()).toPercentEncoding()
            + "&peer_id=" + QByteArray("-LT2080-zzzzzzzzzzzz").toPercentEncoding() + "&port=7001&left=0&compact=1");
    QVERIFY(second.body.contains(QByteArray::fromHex("7f0000011b58"))); // 127.0.0.1:7000
    const HttpReply unknown = announce(QString(40, QLatin1Char('0')), 7000);
    QCOMPARE(unknown.status, 200);
    QVERIFY(unknown.body.contains("failure reason"));
    // Both 20-byte hashes are visible in BitTorrent handshakes: naming one of them without the full v2 id,
    // or with another object's id, learns no peer.
    for (const QString& hex : { m_obj.v1Hex, m_obj.v2ShortHex }) {
        for (const QByteArray& start : { QByteArray("/announce?"), "/announce?object=" + QByteArray(64, 'a') + "&" }) {
            const HttpReply blind = announce(hex, 7002, start);
            QCOMPARE(blind.status, 200);
            QVERIFY2(blind.body.startsWith("d14:failure reason"), blind.body.constData());
            QVERIFY(!blind.body.contains("5:peers"));
        }
    }
}

void DcApiTest::sharePage()
{
    HttpReply r = m_anon->get("/s/" + m_obj.id.toLatin1());
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("content-type").startsWith("text/html"));
    const QByteArray link = "amazingstore://127.0.0.1:" + QByteArray::number(m_dc.port()) + "/s/" + m_obj.id.toLatin1();
    QVERIFY2(r.body.contains(link), r.body.constData());
    QVERIFY(r.body.contains(QByteArray::number(m_obj.content.size())));
    // Only the DC's own script and style, nothing inline (docs/sharing.md); the bytes' address for the script.
    QVERIFY(r.header("content-security-policy").startsWith("default-src 'none'; script-src 'self'; "));
    QVERIFY(!r.header("content-security-policy").contains("unsafe-inline"));
    QCOMPARE(r.header("referrer-policy"), QByteArray("no-referrer"));
    QVERIFY(r.body.contains("data-src=\"/data/" + m_obj.id.toLatin1() + "\""));
    QVERIFY(r.body.contains("id=\"download\"") && !r.body.contains("<script>"));
    const HttpReply js = m_anon->get("/s/assets/share.js");
    QCOMPARE(js.status, 200);
    QVERIFY(js.header("content-type").startsWith("text/javascript"));
    QVERIFY(js.body.contains("AmazingStore sealed metadata v1"));
    QCOMPARE(m_anon->get("/s/assets/sw.js").status, 200);
    QCOMPARE(m_anon->get("/s/assets/opfs.js").status, 200);
    QCOMPARE(m_anon->get("/s/assets/pipeline.js").status, 200);
    QCOMPARE(m_anon->get("/s/assets/decrypt.js").status, 200);
    QCOMPARE(m_anon->get("/s/assets/ase1.js").status, 200);
    QCOMPARE(m_anon->get("/s/assets/share.css").status, 200);
    QCOMPARE(m_anon->get("/s/assets/other.js").status, 404);
    // A link to nothing (deleted, or never was) is a page a person can read, not problem+json.
    const HttpReply missing = m_anon->get("/s/" + QByteArray(64, 'e'));
    QCOMPARE(missing.status, 404);
    QVERIFY(missing.header("content-type").startsWith("text/html"));
    QVERIFY(missing.body.contains("This file is not here"));
    const HttpReply damaged = m_anon->get("/s/not-an-object-id");
    QCOMPARE(damaged.status, 404);
    QVERIFY(damaged.body.contains("damaged"));
    QCOMPARE(m_anon->get("/s/%2e%2e%2f%2e%2e").status, 404); // a traversal reaches no page at all
    // A hostile Host header does not end up in the page.
    r = m_anon->get("/s/" + m_obj.id.toLatin1(), { { "Host", "\"><script>alert(1)</script>" } });
    QCOMPARE(r.status, 200);
    QVERIFY(!r.body.contains("<script>alert"));
}

void DcApiTest::metrics()
{
    const HttpReply r = m_anon->get("/metrics");
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.contains("amazingstore_http_requests_total{route=\"health\",status=\"200\"}"));
    QVERIFY(r.body.contains("amazingstore_http_requests_total{route=\"objects_get\",status=\"404\"}"));
    QVERIFY(r.body.contains("amazingstore_objects{state=\"available\"} 2"));
    QVERIFY(r.body.contains("amazingstore_peers_online 1"));
    QVERIFY(!r.body.contains("amazingstore_data_bytes_served_total 0\n"));
    QVERIFY(r.body.contains("amazingstore_stored_bytes " + QByteArray::number(m_obj.content.size() + 100000)));
}

void DcApiTest::deleteObject()
{
    const QByteArray path = "/api/v1/objects/" + m_obj.id.toLatin1();
    QCOMPARE(m_alice->request("DELETE", path).status, 204);
    QCOMPARE(m_alice->get(path).status, 404);
    QCOMPARE(m_anon->get("/data/" + m_obj.id.toLatin1()).status, 404);
    QCOMPARE(m_anon->get(path + "/torrent").status, 404);
    QCOMPARE(m_alice->request("DELETE", path).status, 404);
}

// Eight clients send the parts of one object at the same time (with overlaps): every part is acknowledged and
// exactly one completion verifies and publishes it.
void DcApiTest::concurrentPartsOfOneObject()
{
    const TestObject o = makeTestObject(m_work.path(), 8 * 100000, 16 * 1024, 77);
    QCOMPARE(m_alice->postJson("/api/v1/objects", registerBody(o)).status, 201);
    std::atomic<int> ok { 0 }, available { 0 };
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&, i] {
            DcHttp http(m_dc.port());
            http.setToken(m_alice->token());
            const qint64 off = std::max<qint64>(0, i * 100000 - 5000); // overlaps the previous part
            const HttpReply r = putPart(http, o, off, (i + 1) * 100000 - off);
            if (r.status == 200)
                ++ok;
            if (r.json().value(QStringLiteral("state")).toString() == QStringLiteral("available"))
                ++available;
        });
    }
    for (auto& t : threads)
        t.join();
    QCOMPARE(ok.load(), 8);
    QVERIFY(available.load() >= 1);
    QVERIFY(m_anon->get("/data/" + o.id.toLatin1()).body == o.content);
    QCOMPARE(m_alice->request("DELETE", "/api/v1/objects/" + o.id.toLatin1()).status, 204);
}

QTEST_GUILESS_MAIN(DcApiTest)
#include "tst_dc_api.moc"
