// Pure parts of the DC: range arithmetic, availability, command line, problem mapping, protocol parsing.
#include "core/protocol/Objects.h"
#include "core/protocol/Peers.h"
#include "core/protocol/Problem.h"
#include "server/Availability.h"
#include "server/Options.h"
#include "server/auth/LoginThrottle.h"
#include "server/http/RateLimiter.h"
#include "server/http/RequestHead.h"
#include "server/replication/DataReads.h"
#include "server/store/RangeSet.h"

#include <QtTest>

using namespace as;
using namespace as::server;
using protocol::ByteRange;

class ServerUnitsTest : public QObject {
    Q_OBJECT
private slots:
    // The connection front's head check (server/http/RequestHead.h): limits and smuggling-prone forms.
    void requestHead()
    {
        using State = HeadCheck::State;
        const HeadLimits l;
        const HeadCheck ok = checkHead("POST /x HTTP/1.1\r\nContent-Length: 12\r\n\r\nhello", l);
        QCOMPARE(int(ok.state), int(State::Complete));
        QCOMPARE(ok.headLength, size_t(40));
        QCOMPARE(ok.contentLength, uint64_t(12));
        QCOMPARE(int(checkHead("GET / HTTP/1.1\r\nHost: x\r\n", l).state), int(State::Incomplete));
        QCOMPARE(checkHead("GET /" + std::string(9000, 'a'), l).status, 414);
        std::string many = "GET / HTTP/1.1\r\n";
        for (int i = 0; i < 101; ++i)
            many += "X: y\r\n";
        QCOMPARE(checkHead(many, l).status, 431);
        QCOMPARE(checkHead("GET / HTTP/1.1\r\nX: " + std::string(40000, 'b'), l).status, 431);
        QCOMPARE(checkHead("POST / HTTP/1.1\r\nContent-Length: 1\r\ncontent-length: 1\r\n\r\n", l).status, 400);
        QCOMPARE(checkHead("POST / HTTP/1.1\r\nContent-Length: 1e3\r\n\r\n", l).status, 400);
        QCOMPARE(checkHead("POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n", l).status, 413);
        QCOMPARE(checkHead("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", l).status, 411);
        QCOMPARE(checkHead("GET / HTTP/1.1\r\n folded\r\n\r\n", l).status, 400);
        QCOMPARE(checkHead("GET /\r\n\r\n", l).status, 400);
        QCOMPARE(leadingEmptyLines("\r\n\r\nGET"), size_t(4));
    }
    void loginThrottle()
    {
        LoginThrottle t;
        const QString a = QStringLiteral("alice"), ip = QStringLiteral("10.0.0.1");
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(t.retryAfter(a, ip, 1000), 0);
            t.failed(a, ip, 1000);
        }
        QCOMPARE(t.retryAfter(a, ip, 1000), 0); // five free failures
        t.failed(a, ip, 1000);
        QCOMPARE(t.retryAfter(a, ip, 1000), 1);
        t.failed(a, ip, 1000);
        QCOMPARE(t.retryAfter(a, ip, 1000), 2); // doubling
        QCOMPARE(t.retryAfter(QStringLiteral("bob"), QStringLiteral("10.0.0.2"), 1000), 0);
        t.succeeded(a);
        QCOMPARE(t.retryAfter(a, QStringLiteral("10.0.0.2"), 1000), 0);
    }
    void rateLimiter()
    {
        RateLimiter r(2, 3, 2);
        int wait = 0;
        for (int i = 0; i < 3; ++i)
            QVERIFY(r.allow(QStringLiteral("k"), 0));
        QVERIFY(!r.allow(QStringLiteral("k"), 0, &wait));
        QCOMPARE(wait, 1);
        QVERIFY(r.allow(QStringLiteral("k"), 500)); // 2 per second
        QVERIFY(r.allow(QStringLiteral("x"), 0));
        QVERIFY(r.allow(QStringLiteral("y"), 0)); // past maxKeys: an old key is dropped, memory stays bounded
    }
    void rangesMerge()
    {
        Ranges r;
        r = addRange(r, { 100, 50 });
        r = addRange(r, { 0, 10 });
        r = addRange(r, { 150, 10 }); // adjacent: merges
        QCOMPARE(r, (Ranges { { 0, 10 }, { 100, 60 } }));
        r = addRange(r, { 5, 100 }); // bridges both
        QCOMPARE(r, (Ranges { { 0, 160 } }));
        QCOMPARE(coveredBytes(r), 160);
        QCOMPARE(missingRanges(r, 200), (Ranges { { 160, 40 } }));
        r = subtractRange(r, { 50, 10 });
        QCOMPARE(r, (Ranges { { 0, 50 }, { 60, 100 } }));
        QCOMPARE(missingRanges(r, 160), (Ranges { { 50, 10 } }));
        QCOMPARE(missingRanges({}, 10), (Ranges { { 0, 10 } }));
    }
    void availability()
    {
        const qint64 now = 10000, window = 1000, grace = 30;
        // Online for 500 of the last 1000 seconds.
        QCOMPARE(onlineFraction({ { 8000, 9500 } }, 0, now, window, grace), 0.5);
        // A session still open counts until now.
        QCOMPARE(onlineFraction({ { 9500, 9990 } }, 0, now, window, grace), 0.5);
        // Seen only recently: the window starts at first sight.
        QCOMPARE(onlineFraction({ { 9900, 9950 } }, 9900, now, window, grace), 0.5);
        QCOMPARE(onlineFraction({ { now, now } }, now, now, window, grace), 1.0);
        QCOMPARE(onlineFraction({}, 0, now, window, grace), 0.0);
        // The DC was down from 9000 to 9500: that half of the window is nobody's absence.
        const QList<as::protocol::Session> runs { { 8000, 9000 }, { 9500, 9990 } };
        const auto unheard = downtimeOf(runs, now - window);
        QCOMPARE(unheard.size(), 1);
        QCOMPARE(unheard[0].start, 9000);
        QCOMPARE(unheard[0].end, 9500);
        QCOMPARE(onlineFraction({ { 8000, 9000 }, { 9500, 9990 } }, 0, now, window, grace, unheard), 1.0);
        QCOMPARE(onlineFraction({ { 9500, 9750 } }, 0, now, window, grace, unheard), 0.5);
        QCOMPARE(heardSeconds(0, now, unheard), now - 500);
        // The prior weighs the heard time only: 500 s heard online at scale 86.4 is 12 h, half the prior's weight.
        const Watching watching { now, window, grace, 86.4, as::policy::NewcomerPrior {}, unheard };
        QCOMPARE(
            measuredAvailability({ { 8000, 9000 }, { 9500, 9990 } }, 0, watching), (43200.0 + 0.3 * 43200.0) / 86400.0);
    }
    void options()
    {
        auto ok = parseOptions({ u"dc"_qs, u"--listen"_qs, u"127.0.0.1:8080"_qs, u"--data"_qs, u"/tmp/x"_qs });
        QVERIFY(ok.ok());
        QCOMPARE(ok->config.port, 8080);
        QVERIFY(!parseOptions({ u"dc"_qs, u"--data"_qs, u"/tmp/x"_qs }).ok());
        QVERIFY(!parseOptions({ u"dc"_qs, u"--listen"_qs, u"nohost"_qs, u"--data"_qs, u"/x"_qs }).ok());
        QVERIFY(
            !parseOptions({ u"dc"_qs, u"--listen"_qs, u"h:1"_qs, u"--data"_qs, u"/x"_qs, u"--tls-cert"_qs, u"c"_qs })
                 .ok());
        QVERIFY(!parseOptions({ u"dc"_qs, u"--bogus"_qs }).ok());
        auto v6 = parseOptions({ u"dc"_qs, u"--listen=[::1]:0"_qs, u"--data=/x"_qs });
        QVERIFY(v6.ok());
        QCOMPARE(v6->config.host, u"::1"_qs);
        QVERIFY(parseOptions({ u"dc"_qs, u"--help"_qs })->help);
    }
    void problemMapping()
    {
        QCOMPARE(protocol::httpStatusFor(ErrorCode::IntegrityFailure), 422);
        QCOMPARE(protocol::httpStatusFor(ErrorCode::RangeNotSatisfiable), 416);
        const auto p = protocol::problemFor(makeError(ErrorCode::Conflict, u"x"_qs));
        QCOMPARE(p.status, 409);
        QCOMPARE(protocol::errorFromProblem(p).code, ErrorCode::Conflict);
    }
    // What the DC remembers of /data reads for audits (server/replication/DataReads.h): by address (IPv6 by
    // its /64), object, overlapping bytes and time; bounded per key.
    void dataReads()
    {
        const QString id(64, u'a'), other(64, u'b');
        DataReads reads(60000);
        reads.record("127.0.0.1", id, 16384, 32768, 1000);
        QVERIFY(reads.readSince("127.0.0.1", id, 20000, 20001, 1000));
        QVERIFY(reads.readSince("::ffff:127.0.0.1", id, 16384, 32768, 500));
        QVERIFY(!reads.readSince("127.0.0.1", id, 16384, 32768, 1001)); // before the challenge
        QVERIFY(!reads.readSince("127.0.0.1", id, 0, 16384, 0)); // another block
        QVERIFY(!reads.readSince("127.0.0.2", id, 16384, 32768, 0)); // another address
        QVERIFY(!reads.readSince("127.0.0.1", other, 16384, 32768, 0)); // another object
        reads.record("2001:db8:1:2::5", id, 0, 100, 2000);
        QVERIFY(reads.readSince("2001:db8:1:2:ffff::9", id, 50, 60, 2000)); // the same /64
        QVERIFY(!reads.readSince("2001:db8:1:3::5", id, 50, 60, 2000));
        for (int i = 0; i < DataReads::kMaxRangesPerKey + 1; ++i) // merged into one covering range, newest time
            reads.record("10.0.0.1", id, qint64(i) * 100000, qint64(i) * 100000 + 10, 3000 + i);
        QVERIFY(reads.readSince("10.0.0.1", id, 50000, 50001, 3000 + DataReads::kMaxRangesPerKey));
        reads.record("10.0.0.9", other, 0, 10, 100000); // a record after the window prunes the old ones
        QVERIFY(!reads.readSince("127.0.0.1", id, 16384, 32768, 0));
        // One node at an address: its reads are its own. A second node there makes every read ambiguous,
        // until the second one has not been seen for a window.
        const QString peerA(64, u'1'), peerB(64, u'2');
        reads.notePeer("192.0.2.7", peerA, 200000);
        QVERIFY(!reads.sharedAddress("192.0.2.7", peerA, 200000));
        reads.notePeer("::ffff:192.0.2.7", peerB, 201000);
        QVERIFY(reads.sharedAddress("192.0.2.7", peerA, 201000));
        QVERIFY(reads.sharedAddress("192.0.2.7", peerB, 201000));
        QVERIFY(!reads.sharedAddress("192.0.2.8", peerA, 201000));
        reads.notePeer("192.0.2.7", peerA, 262000);
        QVERIFY(!reads.sharedAddress("192.0.2.7", peerA, 262000)); // peerB last seen more than 60 s ago
    }
    void protocolStrictness()
    {
        QVERIFY(!protocol::ObjectRegister::fromJson({ { u"id"_qs, 5 } }).ok());
        QVERIFY(!protocol::Heartbeat::fromJson({ { u"peer_id"_qs, QString(64, u'a') }, { u"listen_port"_qs, 1.5 },
                                                   { u"capacity_bytes"_qs, 1 }, { u"used_bytes"_qs, 1 } })
                     .ok());
        auto hb = protocol::Heartbeat::fromJson({ { u"peer_id"_qs, QString(64, u'a') }, { u"listen_port"_qs, 6881 },
            { u"capacity_bytes"_qs, 1 }, { u"used_bytes"_qs, 0 } });
        QVERIFY(hb.ok());
        auto round = protocol::Heartbeat::fromJson(hb->toJson());
        QVERIFY(round.ok());
        QCOMPARE(round->listenPort, 6881);
    }
};

QTEST_GUILESS_MAIN(ServerUnitsTest)
#include "tst_server_units.moc"
