// Pure parts of the DC: range arithmetic, availability, command line, problem mapping, protocol parsing.
#include "core/protocol/Objects.h"
#include "core/protocol/Peers.h"
#include "core/protocol/Problem.h"
#include "server/Availability.h"
#include "server/Options.h"
#include "server/store/RangeSet.h"

#include <QtTest>

using namespace as;
using namespace as::server;
using protocol::ByteRange;

class ServerUnitsTest : public QObject {
    Q_OBJECT
private slots:
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
