// Hostile and malformed input against the real amazingstore-dc: every class answers 4xx (problem+json where
// the route is ours), nothing crashes or escapes the data folder; slow clients do not stall others; expired
// tokens; usage errors of the command line.
#include "tests/server/TestPeer.h"
#include "tests/server/TestUtil.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace as::test;

class DcRobustnessTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void badRequests_data();
    void badRequests();
    void badUploads();
    void badRegistrations();
    void badRepairRequests();
    void slowClientsDoNotStallOthers();
    void expiredToken();
    void commandLine();
    void tlsWhenCertGiven();

private:
    QTemporaryDir m_data, m_work;
    DcProcess m_dc;
    std::unique_ptr<DcHttp> m_http;
    TestObject m_obj;
};

void DcRobustnessTest::initTestCase()
{
    QVERIFY2(m_dc.start(m_data.path()), m_dc.stderrOutput().constData());
    m_http = std::make_unique<DcHttp>(m_dc.port());
    const DcAccount a = registerAndLogin(*m_http, QStringLiteral("mallory"));
    QVERIFY(!a.token.isEmpty());
    m_http->setToken(a.token);
    m_obj = makeTestObject(m_work.path(), 50000, 16 * 1024, 3);
    QCOMPARE(m_http->postJson("/api/v1/objects", registerBody(m_obj)).status, 201);
}

void DcRobustnessTest::cleanupTestCase()
{
    // Still alive and healthy after everything, and nothing was written outside the data folder's layout.
    QCOMPARE(DcHttp(m_dc.port()).get("/api/v1/health").status, 200);
    QCOMPARE(m_dc.stop(), 0);
    QDirIterator it(
        m_data.path(), QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString rel = QDir(m_data.path()).relativeFilePath(it.next());
        QVERIFY2(rel.startsWith(QStringLiteral("blobs")) || rel.startsWith(QStringLiteral("partial"))
                || rel.startsWith(QStringLiteral("metadata.sqlite")) || rel == QStringLiteral("master-key.pem"),
            qPrintable(rel));
        // The change log's signing key (docs/outage.md) is the owner's alone.
        if (rel == QStringLiteral("master-key.pem"))
            QCOMPARE(QFileInfo(it.filePath()).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFileDevice::Permissions());
    }
}

void DcRobustnessTest::badRequests_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("extraHeader");
    QTest::addColumn<int>("status");
    const QByteArray secret = "\"" + b64(QByteArray(32, 'x')).toLatin1() + "\"";
    QTest::newRow("malformed json") << QByteArray("POST") << QByteArray("/api/v1/accounts")
                                    << QByteArray("{\"username\":") << QByteArray() << 400;
    QTest::newRow("json array") << QByteArray("POST") << QByteArray("/api/v1/sessions") << QByteArray("[1,2]")
                                << QByteArray() << 400;
    QTest::newRow("wrong type") << QByteArray("POST") << QByteArray("/api/v1/sessions")
                                << QByteArray("{\"username\":5,\"auth_secret\":" + secret + "}") << QByteArray() << 400;
    QTest::newRow("missing field") << QByteArray("POST") << QByteArray("/api/v1/accounts")
                                   << QByteArray("{\"username\":\"zed\"}") << QByteArray() << 400;
    QTest::newRow("bad base64") << QByteArray("POST") << QByteArray("/api/v1/sessions")
                                << QByteArray("{\"username\":\"zed\",\"auth_secret\":\"a+b/c==\"}") << QByteArray()
                                << 400;
    QTest::newRow("traversal username") << QByteArray("POST") << QByteArray("/api/v1/sessions")
                                        << QByteArray("{\"username\":\"../etc\",\"auth_secret\":" + secret + "}")
                                        << QByteArray() << 400;
    QTest::newRow("empty body") << QByteArray("POST") << QByteArray("/api/v1/objects") << QByteArray() << QByteArray()
                                << 400;
    QTest::newRow("oversized declared") << QByteArray("POST") << QByteArray("/api/v1/accounts") << QByteArray("{}")
                                        << QByteArray("Content-Length: 999999999") << 413;
    QTest::newRow("chunked") << QByteArray("POST") << QByteArray("/api/v1/accounts") << QByteArray()
                             << QByteArray("Transfer-Encoding: chunked") << 411;
    QTest::newRow("dotdot encoded") << QByteArray("GET") << QByteArray("/api/v1/objects/%2e%2e") << QByteArray()
                                    << QByteArray() << 404;
    QTest::newRow("dotdot slash") << QByteArray("GET") << QByteArray("/data/..%2f..%2fmetadata.sqlite") << QByteArray()
                                  << QByteArray() << 404;
    QTest::newRow("dotdot data") << QByteArray("GET") << QByteArray("/data/..") << QByteArray() << QByteArray() << 404;
    QTest::newRow("nul in id") << QByteArray("GET") << QByteArray("/data/" + QByteArray(62, 'a') + "%00a")
                               << QByteArray() << QByteArray() << 404;
    QTest::newRow("upper-case id") << QByteArray("GET") << QByteArray("/data/" + QByteArray(64, 'A')) << QByteArray()
                                   << QByteArray() << 404;
    QTest::newRow("short id") << QByteArray("GET") << QByteArray("/api/v1/objects/abc/torrent") << QByteArray()
                              << QByteArray() << 404;
    QTest::newRow("unknown id") << QByteArray("GET") << QByteArray("/data/" + QByteArray(64, 'b')) << QByteArray()
                                << QByteArray() << 404;
    QTest::newRow("salt bad name") << QByteArray("GET") << QByteArray("/api/v1/accounts/%00x/salt") << QByteArray()
                                   << QByteArray() << 404;
    QTest::newRow("no token") << QByteArray("GET") << QByteArray("/api/v1/objects") << QByteArray()
                              << QByteArray("Authorization:") << 401;
    QTest::newRow("garbage token") << QByteArray("GET") << QByteArray("/api/v1/objects") << QByteArray()
                                   << QByteArray("Authorization: Bearer garbage") << 401;
    QTest::newRow("unknown token") << QByteArray("GET") << QByteArray("/api/v1/peers/me") << QByteArray()
                                   << QByteArray("Authorization: Bearer " + b64(QByteArray(32, 'q')).toLatin1()) << 401;
    QTest::newRow("basic auth") << QByteArray("DELETE") << QByteArray("/api/v1/sessions") << QByteArray()
                                << QByteArray("Authorization: Basic YTpi") << 401;
    QTest::newRow("heartbeat bad port") << QByteArray("POST") << QByteArray("/api/v1/peers/heartbeat")
                                        << QByteArray("{\"peer_id\":\"" + QByteArray(64, 'c')
                                               + "\",\"listen_port\":0,\"capacity_bytes\":1,\"used_bytes\":0}")
                                        << QByteArray() << 400;
    QTest::newRow("heartbeat bad held")
        << QByteArray("POST") << QByteArray("/api/v1/peers/heartbeat")
        << QByteArray("{\"peer_id\":\"" + QByteArray(64, 'c')
               + "\",\"listen_port\":1,\"capacity_bytes\":1,\"used_bytes\":0,\"held\":[\"../x\"]}")
        << QByteArray() << 400;
    QTest::newRow("heartbeat negative") << QByteArray("POST") << QByteArray("/api/v1/peers/heartbeat")
                                        << QByteArray("{\"peer_id\":\"" + QByteArray(64, 'c')
                                               + "\",\"listen_port\":1,\"capacity_bytes\":-1,\"used_bytes\":0}")
                                        << QByteArray() << 400;
    QTest::newRow("no route") << QByteArray("GET") << QByteArray("/etc/passwd") << QByteArray() << QByteArray() << 404;
    QTest::newRow("malformed range") << QByteArray("GET") << QByteArray("/data/" + QByteArray(64, 'b')) << QByteArray()
                                     << QByteArray("Range: bytes=zz") << 416;
}

void DcRobustnessTest::badRequests()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, extraHeader);
    QFETCH(int, status);
    QMap<QByteArray, QByteArray> headers;
    if (!extraHeader.isEmpty()) {
        const qsizetype colon = extraHeader.indexOf(':');
        headers.insert(extraHeader.left(colon), extraHeader.mid(colon + 1).trimmed());
    }
    const HttpReply r = m_http->request(method, path, body, headers);
    QCOMPARE(r.status, status);
    QVERIFY2(isProblem(r), r.body.constData());
    QVERIFY(!r.json().value(QStringLiteral("detail")).toString().isEmpty());
}

void DcRobustnessTest::badUploads()
{
    const QByteArray path = "/api/v1/objects/" + m_obj.id.toLatin1() + "/content";
    const QByteArray size = QByteArray::number(m_obj.content.size());
    struct Case {
        QByteArray range;
        QByteArray body;
        int status;
    };
    const QList<Case> cases = {
        { QByteArray(), "abc", 400 }, // no Content-Range
        { "bytes 0-2/999", "abc", 416 }, // wrong total
        { "bytes 5-2/" + size, "abc", 400 }, // reversed
        { "bytes 0-9/" + size, "abc", 400 }, // length mismatch
        { "bytes " + size + "-" + size + "/" + size, "a", 416 }, // beyond the end
        { "bytes=0-2/" + size, "abc", 400 }, // Range syntax, not Content-Range
        { "bytes -1-2/" + size, "abcd", 400 }, // negative
        { "bytes 0-2/" + size, "", 400 }, // empty body
    };
    for (const Case& c : cases) {
        QMap<QByteArray, QByteArray> h;
        if (!c.range.isEmpty())
            h.insert("Content-Range", c.range);
        const HttpReply r = m_http->request("PUT", path, c.body, h);
        QVERIFY2(r.status == c.status, (c.range + " -> " + QByteArray::number(r.status) + " " + r.body).constData());
        QVERIFY(isProblem(r));
    }
    // Unknown object, and a malformed id.
    QCOMPARE(m_http
                 ->request("PUT", "/api/v1/objects/" + QByteArray(64, 'd') + "/content", "abc",
                     { { "Content-Range", "bytes 0-2/3" } })
                 .status,
        404);
    QCOMPARE(
        m_http->request("PUT", "/api/v1/objects/%2e%2e/content", "abc", { { "Content-Range", "bytes 0-2/3" } }).status,
        404);
    // Nothing was recorded by the rejected parts.
    const HttpReply state = m_http->get("/api/v1/objects/" + m_obj.id.toLatin1());
    QCOMPARE(state.json().value(QStringLiteral("received_bytes")).toInteger(), 0);
}

void DcRobustnessTest::badRegistrations()
{
    auto reg = [&](QJsonObject body) { return m_http->postJson("/api/v1/objects", body); };
    const TestObject other = makeTestObject(m_work.path(), 40000, 16 * 1024, 11);
    QJsonObject b = registerBody(other);
    b.insert(QStringLiteral("id"), m_obj.id); // id of another torrent
    QCOMPARE(reg(b).status, 400);
    b = registerBody(other);
    b.insert(QStringLiteral("torrent"), b64(QByteArray("d4:infod6:lengthi-5eee")));
    QCOMPARE(reg(b).status, 400);
    b.insert(QStringLiteral("torrent"), b64(QByteArray(5000, '\xff')));
    QCOMPARE(reg(b).status, 400);
    const TestObject v1 = makeTestObject(m_work.path(), 40000, 16 * 1024, 12, 1);
    b = registerBody(v1);
    QCOMPARE(reg(b).status, 400);
    const TestObject v2 = makeTestObject(m_work.path(), 40000, 16 * 1024, 13, 2);
    b = registerBody(v2);
    const HttpReply r = reg(b);
    QCOMPARE(r.status, 400);
    QVERIFY(r.json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("hybrid")));
    b = registerBody(other);
    b.remove(QStringLiteral("wrapped_file_key"));
    QCOMPARE(reg(b).status, 400);
    b = registerBody(other);
    b.insert(QStringLiteral("id"), QStringLiteral("../../etc/passwd"));
    QCOMPARE(reg(b).status, 400);
}

// cpp-httplib serves one connection per worker thread: clients trickling headers or a body must not keep a
// health check waiting (a stall would last until they finish; the bound leaves room for a loaded machine).
// POST /api/v1/objects/{id}/repair (a holder watching its group asks for a re-plan): only a holder of an
// available object, by a peer of the caller's own account, is heard; everything else is one 4xx problem.
void DcRobustnessTest::badRepairRequests()
{
    TestPeer mineNode, theirsNode;
    const QString mine = mineNode.peerId(), theirs = theirsNode.peerId();
    auto heartbeat = [&](const DcHttp& http, const QString& peer, const QStringList& held) {
        TestPeer& node = peer == mine ? mineNode : theirsNode;
        return http.postJson("/api/v1/peers/heartbeat",
            node.sign({ { QStringLiteral("listen_port"), 6881 }, { QStringLiteral("capacity_bytes"), 1e9 },
                { QStringLiteral("used_bytes"), 0 }, { QStringLiteral("held"), QJsonArray::fromStringList(held) } }));
    };
    // Another account's node, online (so the DC has a candidate to place on).
    DcHttp trudy(m_dc.port());
    trudy.setToken(registerAndLogin(trudy, QStringLiteral("trudy")).token);
    QCOMPARE(heartbeat(trudy, theirs, {}).status, 200);
    // An available object of mallory's, and a node of mallory's that does not hold it yet.
    const TestObject obj = makeTestObject(m_work.path(), 40000, 16 * 1024, 5);
    QCOMPARE(m_http->postJson("/api/v1/objects", registerBody(obj)).status, 201);
    QCOMPARE(uploadAll(*m_http, obj, 16 * 1024).status, 200);
    QCOMPARE(heartbeat(*m_http, mine, {}).status, 200);
    const QByteArray path = "/api/v1/objects/" + obj.id.toLatin1() + "/repair";
    auto body = [](const QString& peer) {
        return QJsonObject { { QStringLiteral("peer_id"), peer }, { QStringLiteral("estimate"), 1.0 },
            { QStringLiteral("target_replicas"), 4 } };
    };
    struct Case {
        const char* name;
        QByteArray path;
        QByteArray body;
        bool auth;
        int status;
    };
    auto json = [](const QJsonObject& o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); };
    QJsonObject negative = body(mine);
    negative.insert(QStringLiteral("estimate"), -1);
    const QList<Case> cases {
        { "no token", path, json(body(mine)), false, 401 },
        { "malformed json", path, "{\"peer_id\":", true, 400 },
        { "missing peer", path, "{\"estimate\":1,\"target_replicas\":4}", true, 400 },
        { "bad peer id", path, json(body(QStringLiteral("../x"))), true, 400 },
        { "negative estimate", path, json(negative), true, 400 },
        { "bad object id", "/api/v1/objects/%2e%2e/repair", json(body(mine)), true, 404 },
        { "unknown object", "/api/v1/objects/" + QByteArray(64, 'f') + "/repair", json(body(mine)), true, 404 },
        { "still uploading", "/api/v1/objects/" + m_obj.id.toLatin1() + "/repair", json(body(mine)), true, 404 },
        { "another account's peer", path, json(body(theirs)), true, 403 },
        { "unknown peer", path, json(body(QString(64, u'a'))), true, 403 },
        { "not a holder", path, json(body(mine)), true, 403 },
    };
    for (const Case& c : cases) {
        QMap<QByteArray, QByteArray> headers { { "Content-Type", "application/json" } };
        const HttpReply r = c.auth ? m_http->request("POST", c.path, c.body, headers)
                                   : DcHttp(m_dc.port()).request("POST", c.path, c.body, headers);
        QVERIFY2(r.status == c.status,
            qPrintable(
                QStringLiteral("%1: %2 %3").arg(QLatin1String(c.name)).arg(r.status).arg(QString::fromUtf8(r.body))));
        QVERIFY2(isProblem(r), c.name);
    }
    // Nothing was assigned by the refused requests; a holder's request is heard (the group is short: c ≥ 4).
    QCOMPARE(heartbeat(*m_http, mine, { obj.id }).status, 200);
    const HttpReply ok = m_http->postJson(path, body(mine));
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.json().value(QStringLiteral("object_id")).toString(), obj.id);
    QCOMPARE(ok.json().value(QStringLiteral("action")).toString(), QStringLiteral("add"));
    QVERIFY(ok.json().value(QStringLiteral("target_replicas")).toInt() >= 4);
    QCOMPARE(ok.json().value(QStringLiteral("assigned")).toInt(), 1); // trudy's node, the only candidate
    const HttpReply metrics = DcHttp(m_dc.port()).get("/metrics");
    QVERIFY(metrics.body.contains("amazingstore_repair_requests_total 1\n"));
    QVERIFY(metrics.body.contains("amazingstore_replicas_assigned_on_request_total 1\n"));
}

void DcRobustnessTest::slowClientsDoNotStallOthers()
{
    QList<QTcpSocket*> slow;
    for (int i = 0; i < 24; ++i) { // more than the 16 workers the pool starts with
        auto* s = new QTcpSocket(this);
        s->connectToHost(QStringLiteral("127.0.0.1"), quint16(m_dc.port()));
        QVERIFY(s->waitForConnected(2000));
        if (i % 2 == 0)
            s->write("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
        else
            s->write("PUT /api/v1/objects/" + m_obj.id.toLatin1()
                + "/content HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n"
                  "Content-Range: bytes 0-99999/"
                + QByteArray::number(m_obj.content.size()) + "\r\n\r\nab");
        s->flush();
        slow.append(s);
    }
    for (int round = 0; round < 4; ++round) {
        for (QTcpSocket* s : slow) {
            s->write("a");
            s->flush();
        }
        QElapsedTimer t;
        t.start();
        const HttpReply r = DcHttp(m_dc.port()).request("GET", "/api/v1/health", {}, {}, 5000);
        QCOMPARE(r.status, 200);
        QVERIFY2(t.elapsed() < 3000, qPrintable(QString::number(t.elapsed())));
        QTest::qWait(250);
    }
    qDeleteAll(slow);
}

void DcRobustnessTest::expiredToken()
{
    QTemporaryDir dir;
    DcProcess dc;
    QVERIFY(dc.start(dir.path(), { QStringLiteral("--token-lifetime"), QStringLiteral("1") }));
    DcHttp http(dc.port());
    const DcAccount a = registerAndLogin(http, QStringLiteral("shortlived"));
    http.setToken(a.token);
    QCOMPARE(http.get("/api/v1/objects").status, 200);
    QTest::qWait(2100);
    const HttpReply r = http.get("/api/v1/objects");
    QCOMPARE(r.status, 401);
    QVERIFY(isProblem(r));
    QCOMPARE(dc.stop(), 0);
}

void DcRobustnessTest::commandLine()
{
    auto run = [](const QStringList& args, QByteArray* err) {
        QProcess p;
        p.start(DcProcess::binaryPath(), args);
        p.waitForFinished(10000);
        *err = p.readAllStandardError();
        return p.exitCode();
    };
    QByteArray err;
    QCOMPARE(run({ QStringLiteral("--bogus") }, &err), 2);
    QCOMPARE(err.count('\n'), 1);
    QCOMPARE(run({ QStringLiteral("--data"), m_work.path() }, &err), 2);
    QVERIFY(err.contains("--listen"));
    QCOMPARE(run({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:x"), QStringLiteral("--data"), m_work.path() },
                 &err),
        2);
    QCOMPARE(run({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--data"), m_work.path(),
                     QStringLiteral("--tls-cert"), QStringLiteral("/nonexistent") },
                 &err),
        2);
    QCOMPARE(run({ QStringLiteral("--help") }, &err), 0);
    // A port in use: a runtime failure (1), not a usage error.
    QCOMPARE(run({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(m_dc.port()),
                     QStringLiteral("--data"), m_work.path() + QStringLiteral("/second") },
                 &err),
        1);
}

void DcRobustnessTest::tlsWhenCertGiven()
{
    QTemporaryDir dir;
    const QString cert = dir.filePath(QStringLiteral("cert.pem")), key = dir.filePath(QStringLiteral("key.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
        { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
            QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
            QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert, QStringLiteral("-days"), QStringLiteral("1"),
            QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1") });
    if (!openssl.waitForFinished(10000) || openssl.exitCode() != 0)
        QSKIP("openssl command line tool not available");
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    DcProcess dc;
    QVERIFY(dc.start(dir.filePath(QStringLiteral("data")),
        { QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), key }));
    QSslSocket s;
    s.setPeerVerifyMode(QSslSocket::VerifyNone);
    s.connectToHostEncrypted(QStringLiteral("127.0.0.1"), quint16(dc.port()));
    QVERIFY2(s.waitForEncrypted(5000), qPrintable(s.errorString()));
    s.write("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QByteArray answer;
    while (s.waitForReadyRead(3000))
        answer += s.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
    QVERIFY(answer.contains("\"role\":\"dc\""));
    // Plain HTTP to the TLS port gets no answer.
    QCOMPARE(DcHttp(dc.port()).request("GET", "/api/v1/health", {}, {}, 2000).status, 0);
    QCOMPARE(dc.stop(), 0);
}

QTEST_GUILESS_MAIN(DcRobustnessTest)
#include "tst_dc_robustness.moc"
