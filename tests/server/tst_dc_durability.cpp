// Restarts and crashes: everything acknowledged survives a clean restart and a kill -9; an interrupted upload
// resumes from what the DC says is missing, and no unverified object ever becomes visible.
#include "tests/server/TestPeer.h"
#include "tests/server/TestUtil.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QThread>
#include <QJsonArray>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace as::test;

class DcDurabilityTest : public QObject {
    Q_OBJECT

private slots:
    void restartKeepsEverything();
    void killDuringUploadThenResume();
    void aRestartedTrackerNamesTheHoldersOfItsLastRun();
    void aRestartedDcSaysNotKnownYetForUnknownIdsForOneGrace();
};

void DcDurabilityTest::restartKeepsEverything()
{
    QTemporaryDir data, work;
    const TestObject o = makeTestObject(work.path(), 300000, 32 * 1024, 21);
    QString serverId, token;
    TestPeer node;
    {
        DcProcess dc;
        QVERIFY(dc.start(data.path()));
        DcHttp http(dc.port());
        serverId = http.get("/api/v1/health").json().value(QStringLiteral("server_id")).toString();
        const DcAccount a = registerAndLogin(http, QStringLiteral("persist"));
        token = a.token;
        http.setToken(token);
        QCOMPARE(http.postJson("/api/v1/objects", registerBody(o)).status, 201);
        QCOMPARE(
            uploadAll(http, o, 100000).json().value(QStringLiteral("state")).toString(), QStringLiteral("available"));
        QCOMPARE(http.postJson("/api/v1/peers/heartbeat",
                         node.sign({ { QStringLiteral("listen_port"), 7777 }, { QStringLiteral("capacity_bytes"), 100 },
                             { QStringLiteral("used_bytes"), 0 }, { QStringLiteral("held"), QJsonArray { o.id } } }))
                     .status,
            200);
        QCOMPARE(dc.stop(), 0); // SIGTERM: clean exit
    }
    DcProcess dc;
    QVERIFY(dc.start(data.path()));
    DcHttp http(dc.port());
    QCOMPARE(http.get("/api/v1/health").json().value(QStringLiteral("server_id")).toString(), serverId);
    http.setToken(token); // sessions survive restarts
    const HttpReply r = http.get("/api/v1/objects/" + o.id.toLatin1());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("available"));
    QCOMPARE(r.json().value(QStringLiteral("holders")).toArray().size(), 1);
    QVERIFY(http.get("/data/" + o.id.toLatin1()).body == o.content);
    QCOMPARE(http.get("/api/v1/peers/me").json().value(QStringLiteral("peers")).toArray().size(), 1);
    QCOMPARE(dc.stop(), 0);
}

void DcDurabilityTest::killDuringUploadThenResume()
{
    QTemporaryDir data, work;
    const qint64 size = 2 * 1024 * 1024;
    const TestObject o = makeTestObject(work.path(), size, 64 * 1024, 22);
    QString token;
    {
        DcProcess dc;
        QVERIFY(dc.start(data.path()));
        DcHttp http(dc.port());
        token = registerAndLogin(http, QStringLiteral("crashy")).token;
        http.setToken(token);
        QCOMPARE(http.postJson("/api/v1/objects", registerBody(o)).status, 201);
        QCOMPARE(putPart(http, o, 0, 512 * 1024).status, 200);
        QCOMPARE(putPart(http, o, 1024 * 1024, 512 * 1024).status, 200);
        // A part in flight when the server dies: headers and some of the body sent, never acknowledged.
        QTcpSocket s;
        s.connectToHost(QStringLiteral("127.0.0.1"), quint16(dc.port()));
        QVERIFY(s.waitForConnected(2000));
        s.write("PUT /api/v1/objects/" + o.id.toLatin1() + "/content HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + token.toLatin1() + "\r\nContent-Range: bytes 524288-1048575/" + QByteArray::number(size)
            + "\r\nContent-Length: 524288\r\n\r\n" + o.content.mid(524288, 200000));
        s.waitForBytesWritten(2000);
        QTest::qWait(300);
        dc.kill9();
    }
    DcProcess dc;
    QVERIFY(dc.start(data.path()));
    DcHttp http(dc.port());
    http.setToken(token);
    QCOMPARE(http.get("/data/" + o.id.toLatin1()).status, 404); // no half object visible
    HttpReply r = http.get("/api/v1/objects/" + o.id.toLatin1());
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("uploading"));
    QCOMPARE(r.json().value(QStringLiteral("received_bytes")).toInteger(), 1024 * 1024);
    const QJsonArray missing = r.json().value(QStringLiteral("missing")).toArray();
    QCOMPARE(missing.size(), 2);
    QCOMPARE(missing[0].toObject().value(QStringLiteral("offset")).toInteger(), 512 * 1024);
    QCOMPARE(missing[1].toObject().value(QStringLiteral("offset")).toInteger(), 1536 * 1024);
    // Resume: send exactly what is missing.
    for (const QJsonValue& m : missing) {
        const qint64 off = m.toObject().value(QStringLiteral("offset")).toInteger();
        const qint64 len = m.toObject().value(QStringLiteral("length")).toInteger();
        r = putPart(http, o, off, len);
        QCOMPARE(r.status, 200);
    }
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("available"));
    QVERIFY(http.get("/data/" + o.id.toLatin1()).body == o.content);
    // The partial is gone; the blob is in the tree.
    QVERIFY(QDir(data.filePath(QStringLiteral("partial"))).isEmpty());
    QCOMPARE(dc.stop(), 0);
}


// After an outage longer than the heartbeat timeout, the restarted DC has heard no heartbeat; a getter asking
// its tracker then must still learn the holders (else it fetches every byte from the DC), and once a grace
// period passed without their heartbeat they are no longer named.
void DcDurabilityTest::aRestartedTrackerNamesTheHoldersOfItsLastRun()
{
    QTemporaryDir data, work;
    const TestObject o = makeTestObject(work.path(), 100000, 32 * 1024, 22);
    const QStringList args { QStringLiteral("--heartbeat-interval"), QStringLiteral("1") }; // grace: 3 s
    TestPeer node;
    {
        DcProcess dc;
        QVERIFY(dc.start(data.path(), args));
        DcHttp http(dc.port());
        http.setToken(registerAndLogin(http, QStringLiteral("holdme")).token);
        QCOMPARE(http.postJson("/api/v1/objects", registerBody(o)).status, 201);
        QCOMPARE(uploadAll(http, o, 100000).json().value(QStringLiteral("state")).toString(), QStringLiteral("available"));
        QCOMPARE(http.postJson("/api/v1/peers/heartbeat",
                         node.sign({ { QStringLiteral("listen_port"), 7777 }, { QStringLiteral("capacity_bytes"), 1000000 },
                             { QStringLiteral("used_bytes"), 0 }, { QStringLiteral("held"), QJsonArray { o.id } } }))
                     .status,
            200);
        dc.kill9();
    }
    QThread::msleep(4000); // the outage outlasts the heartbeat timeout
    DcProcess dc;
    QVERIFY(dc.start(data.path(), args));
    DcHttp anon(dc.port());
    auto announce = [&] {
        return anon.get("/announce?object=" + o.id.toLatin1() + "&info_hash="
            + QByteArray::fromHex(o.v1Hex.toLatin1()).toPercentEncoding() + "&peer_id="
            + QByteArray("-LT2080-restartedget").toPercentEncoding() + "&port=7100&left=100&compact=1");
    };
    const QByteArray holder = QByteArray::fromHex("7f0000011e61"); // 127.0.0.1:7777
    const HttpReply first = announce();
    QCOMPARE(first.status, 200);
    QVERIFY2(first.body.contains("5:peers6:" + holder), first.body.toHex().constData());
    QThread::msleep(3500); // no heartbeat came: the holder is not named any more
    const HttpReply later = announce();
    QCOMPARE(later.status, 200);
    QVERIFY2(!later.body.contains(holder), later.body.toHex().constData());
    QCOMPARE(dc.stop(), 0);
}

// Back from an outage, standbys may still hand back uploads the DC does not know (docs/outage.md, "Hand-back"):
// for one online grace after a restart an unknown id is "not known yet" (503, Retry-After), never at a fresh
// DC's first start, never for an object it deleted, and a final 404 again once the grace is over.
void DcDurabilityTest::aRestartedDcSaysNotKnownYetForUnknownIdsForOneGrace()
{
    QTemporaryDir data, work;
    const TestObject kept = makeTestObject(work.path(), 50000, 32 * 1024, 23);
    const TestObject gone = makeTestObject(work.path(), 60000, 32 * 1024, 24);
    // Grace 6 s: the first requests must come within it after a restart, also on a loaded machine.
    const QStringList args { QStringLiteral("--heartbeat-interval"), QStringLiteral("2") };
    const QByteArray unknown = "/api/v1/objects/" + QByteArray(64, 'a') + "/torrent";
    auto torrentOf = [](const TestObject& o) { return "/api/v1/objects/" + o.id.toLatin1() + "/torrent"; };
    {
        DcProcess dc;
        QVERIFY(dc.start(data.path(), args));
        DcHttp http(dc.port());
        QCOMPARE(http.get(unknown).status, 404); // a fresh DC: final at once
        http.setToken(registerAndLogin(http, QStringLiteral("reconcile")).token);
        for (const TestObject* o : { &kept, &gone }) {
            QCOMPARE(http.postJson("/api/v1/objects", registerBody(*o)).status, 201);
            QCOMPARE(uploadAll(http, *o, 100000).json().value(QStringLiteral("state")).toString(), QStringLiteral("available"));
        }
        QCOMPARE(http.request("DELETE", "/api/v1/objects/" + gone.id.toLatin1()).status, 204);
        dc.kill9();
    }
    QThread::msleep(1100); // runs are keyed by their start second: the restart must come in a later one
    QElapsedTimer sinceRestart;
    sinceRestart.start();
    DcProcess dc;
    QVERIFY(dc.start(data.path(), args));
    DcHttp anon(dc.port());
    const HttpReply r = anon.get(unknown);
    QCOMPARE(r.status, 503);
    QCOMPARE(r.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:amazingstore:problem:not-known-yet"));
    QVERIFY2(r.json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("reconciling")), r.body.constData());
    const int retryAfter = r.header("Retry-After").toInt();
    QVERIFY2(retryAfter >= 1 && retryAfter <= 6, r.header("Retry-After").constData());
    QCOMPARE(anon.get(torrentOf(gone)).status, 404); // deleted: the tombstone is final
    QCOMPARE(anon.get(torrentOf(kept)).status, 200);
    QThread::msleep(ulong(std::max<qint64>(0, 7000 - sinceRestart.elapsed()))); // the grace is over
    QCOMPARE(anon.get(unknown).status, 404);
    QCOMPARE(dc.stop(), 0);
}

QTEST_GUILESS_MAIN(DcDurabilityTest)
#include "tst_dc_durability.moc"
