// ContributionHistory: samples on an injected clock (no waiting minutes) into a real profile store, online
// from a real DC's answers and from bytes served, persisted across an engine restart, thinned to hourly
// points after two days and pruned after 90; and the `contribution` command of a real LocalEngine.
#include "core/api/EngineApi.h"
#include "core/dcclient/DcClient.h"
#include "core/engine/ContributionHistory.h"
#include "core/engine/EngineContext.h"
#include "core/engine/LocalEngine.h"
#include "tests/server/DcProcess.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace as;
using namespace as::engine;
using as::test::DcProcess;
using state::ContributionSample;

namespace {
constexpr qint64 kMin = 60 * 1000;
constexpr qint64 kHour = 60 * kMin;
constexpr qint64 kDay = 24 * kHour;
constexpr qint64 kInterval = ContributionHistory::kSampleIntervalMs;

// A clock the test moves by hand.
struct TestClock {
    QDateTime now = QDateTime(QDate(2030, 1, 1), QTime(0, 0), Qt::UTC);
    void advance(qint64 ms) { now = now.addMSecs(ms); }
    std::function<QDateTime()> fn()
    {
        return [this] { return now; };
    }
};

std::unique_ptr<EngineContext> openContext(const QString& dir)
{
    auto ctx = std::make_unique<EngineContext>(dir);
    const Status s = ctx->open();
    return s ? std::move(ctx) : nullptr;
}

QJsonObject callAndWait(EngineApi& engine, const QString& command, const QJsonObject& args = {}, int timeoutMs = 20000)
{
    CommandReply* r = engine.call(command, args);
    QSignalSpy done(r, &CommandReply::finished);
    if (!r->isFinished())
        done.wait(timeoutMs);
    const QJsonObject out = r->ok() ? r->result() : QJsonObject { { QStringLiteral("error"), r->errorMessage() } };
    delete r;
    return out;
}

void checkHealth(EngineContext& ctx)
{
    bool done = false;
    ctx.dc()->setTimeoutMs(2000);
    ctx.dc()->checkHealth([&done](Result<protocol::HealthInfo>) { done = true; });
    QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
}
} // namespace

class TestContributionHistory : public QObject {
    Q_OBJECT
private slots:
    void samplesOnTheInjectedClock()
    {
        QTemporaryDir dir;
        auto ctx = openContext(dir.path());
        QVERIFY(ctx);
        TestClock clock;
        ContributionHistory history(*ctx, { kInterval, clock.fn() });
        history.start(); // no DC set up, nothing served: offline, covering no time
        QVERIFY(
            ctx->store()
                .putReplica({ QString(64, u'a'), 5000, dir.filePath(QStringLiteral("x")), as::state::ReplicaState::Held, {} })
                .ok());
        QVERIFY(ctx->store()
                    .putReplica({ QString(64, u'b'), 7000, dir.filePath(QStringLiteral("y")),
                        as::state::ReplicaState::Downloading, {} })
                    .ok());
        clock.advance(kInterval);
        QVERIFY(history.sampleNow().ok());
        ctx->addCounter(QStringLiteral("bytes_served"), 123456); // serving peers: online
        clock.advance(kInterval);
        QVERIFY(history.sampleNow().ok());
        clock.advance(3 * kMin); // a clean stop between two ticks covers what passed since the last one
        history.stop();

        const QList<ContributionSample> h = ctx->store().contributionHistory();
        QCOMPARE(h.size(), 4);
        QCOMPARE(h[0].t, clock.now.addMSecs(-(2 * kInterval + 3 * kMin)));
        QCOMPARE(h[0].spanMs, qint64(0));
        QCOMPARE(h[0].online, false);
        QCOMPARE(h[1].spanMs, kInterval);
        QCOMPARE(h[1].online, false);
        QCOMPARE(h[1].usedBytes, qint64(12000)); // held and being fetched: both take the space
        QCOMPARE(h[1].replicasHeld, 1);
        QCOMPARE(h[2].online, true);
        QCOMPARE(h[2].onlineMs, kInterval);
        QCOMPARE(h[2].bytesServed, qint64(123456));
        QCOMPARE(h[3].spanMs, 3 * kMin);
        QCOMPARE(h[3].online, false); // nothing more served, still no DC
        QCOMPARE(h[3].t, clock.now);
        // Online 5 of the 13 minutes observed.
        const auto a = ContributionHistory::availability(h, clock.now);
        QVERIFY(a);
        QCOMPARE(*a, 5.0 / 13.0);
    }

    void dcAnswersMakeTheNodeOnline()
    {
        QTemporaryDir dir;
        DcProcess dc;
        QVERIFY2(dc.start(dir.filePath(QStringLiteral("dc"))), dc.stderrOutput().constData());
        auto ctx = openContext(dir.filePath(QStringLiteral("p")));
        QVERIFY(ctx);
        QVERIFY(ctx->store().setSetting(QStringLiteral("dc"), dc.baseUrl()).ok());
        TestClock clock;
        ContributionHistory history(*ctx, { kInterval, clock.fn() });
        history.start(); // a DC is set up and not known to be down
        checkHealth(*ctx);
        clock.advance(kInterval);
        QVERIFY(history.sampleNow().ok());
        dc.kill9();
        checkHealth(*ctx);
        clock.advance(kInterval);
        QVERIFY(history.sampleNow().ok()); // the DC answered nothing since the last sample
        checkHealth(*ctx);
        clock.advance(kInterval);
        QVERIFY(history.sampleNow().ok());
        const QList<ContributionSample> h = ctx->store().contributionHistory();
        QCOMPARE(h.size(), 4);
        QCOMPARE(h[0].online, true);
        QCOMPARE(h[1].online, true);
        QCOMPARE(h[2].online, false);
        QCOMPARE(h[3].online, false);
        QCOMPARE(*ContributionHistory::availability(h, clock.now), 1.0 / 3.0);
    }

    void historySurvivesARestartAndGapsCountAsOffline()
    {
        QTemporaryDir dir;
        TestClock clock;
        const QDateTime first = clock.now;
        {
            auto ctx = openContext(dir.path());
            QVERIFY(ctx);
            ContributionHistory history(*ctx, { kInterval, clock.fn() });
            history.start();
            for (int i = 0; i < 3; ++i) {
                ctx->addCounter(QStringLiteral("bytes_served"), 1000);
                clock.advance(kInterval);
                QVERIFY(history.sampleNow().ok());
            }
            history.stop(); // same instant as the last tick: covers nothing more
        }
        clock.advance(kHour); // the engine is off for an hour
        auto ctx = openContext(dir.path());
        QVERIFY(ctx);
        QList<ContributionSample> h = ctx->store().contributionHistory();
        QCOMPARE(h.size(), 5);
        QCOMPARE(h.first().t, first);
        QCOMPARE(h.last().bytesServed, qint64(3000));
        ContributionHistory history(*ctx, { kInterval, clock.fn() });
        history.start();
        ctx->addCounter(QStringLiteral("bytes_served"), 1000);
        clock.advance(kInterval);
        QVERIFY(history.sampleNow().ok());
        h = ctx->store().contributionHistory();
        QCOMPARE(h.size(), 7);
        QCOMPARE(h[5].spanMs, qint64(0)); // the restart does not claim the hour before it
        QCOMPARE(h[6].spanMs, kInterval);
        // 20 minutes online out of 15 + 60 + 5 minutes since the first sample.
        QCOMPARE(*ContributionHistory::availability(h, clock.now), 20.0 / 80.0);
        // Only the newer points when asked for them.
        QCOMPARE(ctx->store().contributionHistory(h[4].t).size(), 2);
    }

    void oldSamplesAreThinnedAndPruned()
    {
        QTemporaryDir dir;
        auto ctx = openContext(dir.path());
        QVERIFY(ctx);
        TestClock clock;
        const QDateTime start = clock.now;
        // Three days of five-minute samples, online every other one, written as the sampler would.
        const int n = int(3 * kDay / kInterval);
        qint64 onlineTotal = 0;
        for (int i = 1; i <= n; ++i) {
            ContributionSample s;
            s.t = start.addMSecs(i * kInterval);
            s.usedBytes = i;
            s.bytesServed = 10 * i;
            s.replicasHeld = i % 7;
            s.online = i % 2 == 0;
            s.spanMs = kInterval;
            s.onlineMs = s.online ? kInterval : 0;
            onlineTotal += s.onlineMs;
            QVERIFY(ctx->store().addContributionSample(s).ok());
        }
        clock.now = start.addMSecs(n * kInterval);
        ContributionHistory history(*ctx, { kInterval, clock.fn() });
        QVERIFY(history.sampleNow().ok()); // nothing served, no DC: offline
        QList<ContributionSample> h = ctx->store().contributionHistory();
        const QDateTime cutoff = clock.now.addMSecs(-ContributionHistory::kFineKeepMs);
        int coarse = 0;
        qint64 spans = 0, online = 0;
        for (int i = 0; i < h.size(); ++i) {
            spans += h[i].spanMs;
            online += h[i].onlineMs;
            if (h[i].t < cutoff) {
                ++coarse;
                if (i > 0) // one point per hour before the cutoff, each the last of its hour
                    QVERIFY(h[i].t.toMSecsSinceEpoch() / kHour > h[i - 1].t.toMSecsSinceEpoch() / kHour);
                QCOMPARE(h[i].bytesServed, 10 * h[i].usedBytes);
            } else if (i + 1 < h.size()) {
                QCOMPARE(h[i].spanMs, kInterval); // the last two days keep their five-minute points
            }
        }
        QCOMPARE(coarse, 24); // the first day, one per hour
        // Samples 1..287 are older than the cutoff (24 hours); 288..n and the new one are kept as they are.
        QCOMPARE(h.size(), 24 + (n - 287) + 1);
        QCOMPARE(spans, qint64(n) * kInterval); // merging loses no time…
        QCOMPARE(online, onlineTotal); // …and no online time
        // The first hour has samples 1..11 (5 online): offline; the second 12..23 (6 online): online.
        QCOMPARE(h[0].onlineMs, 5 * kInterval);
        QVERIFY(!h[0].online);
        QCOMPARE(h[1].onlineMs, kHour / 2);
        QVERIFY(h[1].online);

        // Compacting again changes nothing.
        QVERIFY(ctx->store()
                    .compactContributionHistory(
                        cutoff, ContributionHistory::kCoarseBucketMs, clock.now.addMSecs(-ContributionHistory::kKeepMs))
                    .ok());
        QCOMPARE(ctx->store().contributionHistory().size(), h.size());

        // 100 days later, only the new sample is left: nothing is older than 90 days.
        clock.advance(100 * kDay);
        QVERIFY(history.sampleNow().ok());
        h = ctx->store().contributionHistory();
        QCOMPARE(h.size(), 1);
        QCOMPARE(h.first().spanMs, kInterval); // long after the last sample: at most one interval is claimed
    }

    void theEngineRecordsWhileRunningAndAnswersWithItsHistory()
    {
        QTemporaryDir dir;
        const auto runOnce = [&dir]() -> QJsonObject {
            LocalEngine engine(dir.path());
            if (!engine.open())
                return {};
            // Loopback only: no public DHT routers.
            callAndWait(engine, QStringLiteral("config"),
                { { QStringLiteral("key"), QStringLiteral("dht-bootstrap") },
                    { QStringLiteral("value"), QStringLiteral("127.0.0.1:1") } });
            CommandReply* run = engine.call(QStringLiteral("run"));
            QTest::qWait(200);
            const QJsonObject during = callAndWait(engine, QStringLiteral("contribution"));
            QSignalSpy stopped(&engine, &LocalEngine::stopped);
            engine.shutdown();
            stopped.wait(10000);
            delete run;
            return during;
        };
        QJsonObject first = runOnce();
        QCOMPARE(first.value(QStringLiteral("history")).toArray().size(), 1); // the start sample
        QVERIFY(first.contains(QStringLiteral("replicas_held"))); // and the status fields
        QJsonObject second = runOnce();
        // Persisted: the first run's start and stop samples, and this run's start.
        const QJsonArray points = second.value(QStringLiteral("history")).toArray();
        QCOMPARE(points.size(), 3);
        for (const char* key : { "t", "used_bytes", "bytes_served", "replicas_held", "online" })
            QVERIFY2(points.first().toObject().contains(QLatin1String(key)), key);
        // No DC has given a figure: the node's own is used, or none while the samples cover no time.
        QVERIFY(second.value(QStringLiteral("my_availability_source")).toString() != QLatin1String("dc"));
        // `since` returns only the newer points.
        LocalEngine engine(dir.path());
        QVERIFY(engine.open().ok());
        const qint64 firstT = points.first().toObject().value(QStringLiteral("t")).toInteger();
        const QJsonObject newer
            = callAndWait(engine, QStringLiteral("contribution"), { { QStringLiteral("since"), double(firstT) } });
        for (const QJsonValue& p : newer.value(QStringLiteral("history")).toArray())
            QVERIFY(p.toObject().value(QStringLiteral("t")).toInteger() > firstT);
        CommandReply* bad
            = engine.call(QStringLiteral("contribution"), { { QStringLiteral("since"), QStringLiteral("yesterday") } });
        QSignalSpy badDone(bad, &CommandReply::finished);
        QVERIFY(badDone.wait(5000));
        QCOMPARE(bad->exitCode(), 2);
        delete bad;
    }
};

QTEST_GUILESS_MAIN(TestContributionHistory)
#include "tst_contribution_history.moc"
