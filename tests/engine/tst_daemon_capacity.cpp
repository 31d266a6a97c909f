// The `run` daemon's capacity logic behind its seams (core/dcclient/DaemonDc.h, core/engine/JobTransfers.h): a
// real profile (SQLite) and real torrents, an in-memory DC and swarm, and a disk of the size each case needs
// (docs/node.md "Contribution and a full disk"). Heartbeats every 50 ms; each case takes well under a second.
//   - the capacity is full: an assignment that does not fit is not taken, however often the DC repeats it;
//     once a replica is dropped, the same assignment is taken;
//   - the disk would keep less than its reserve: an assignment within the capacity is not taken, until the disk
//     has room again;
//   - the capacity each heartbeat reports follows the room the disk has beyond its reserve.
#include "core/engine/Daemon.h"
#include "core/engine/EngineContext.h"
#include "core/engine/Uploads.h"
#include "core/transfer/TorrentMaker.h"
#include "tests/common/TestData.h"
#include "tests/engine/JobFakes.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace as;
using namespace as::engine;
using as::test::FakeDc;
using as::test::FakeSwarm;

namespace {
constexpr qint64 kGB = 1000LL * 1000 * 1000;
constexpr qint64 kDiskTotal = 100 * kGB; // its reserve: 5 % = 5 GB
constexpr qint64 kReserve = 5 * kGB;
constexpr qint64 kObjectBytes = 600 * 1000;
} // namespace

class TestDaemonCapacity : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void fullCapacityRefusesUntilAReplicaIsDropped();
    void diskAtItsReserveRefusesUntilThereIsRoom();
    void reportedCapacityFollowsTheDiskReserve();

private:
    // A real torrent of `kObjectBytes` random bytes, known to the fake DC; its id.
    QString makeObject(const QString& name);
    void startDaemon(qint64 capacityBytes);
    // Waits for `n` more heartbeats (the answers to the earlier ones processed by then).
    bool waitHeartbeats(int n);
    bool replicaTaken(const QString& id) const { return m_ctx->store().replica(id).has_value(); }
    bool downloading(const QString& id) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<EngineContext> m_ctx;
    std::unique_ptr<FakeDc> m_dc;
    std::unique_ptr<FakeSwarm> m_swarm;
    std::unique_ptr<Uploads> m_uploads;
    std::unique_ptr<Daemon> m_daemon;
    qint64 m_diskFree = kDiskTotal / 2; // what the daemon's disk has free; a case changes it
};

void TestDaemonCapacity::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_ctx = std::make_unique<EngineContext>(m_dir->filePath(QStringLiteral("profile")));
    QVERIFY(m_ctx->open());
    m_dc = std::make_unique<FakeDc>();
    auto master = crypto::SecretKey::generate();
    QVERIFY(master);
    QVERIFY(m_ctx->store().setAccount({ m_dc->base.toString(), QStringLiteral("carol"), QStringLiteral("t"),
                                        master->toBytes() }));
    m_swarm = std::make_unique<FakeSwarm>();
    m_ctx->useFakesForJobs(m_dc.get(), m_swarm.get());
    m_uploads = std::make_unique<Uploads>(*m_ctx);
    m_diskFree = kDiskTotal / 2;
}

void TestDaemonCapacity::cleanup()
{
    if (m_daemon)
        m_daemon->stop();
    m_daemon.reset();
    m_uploads.reset();
    m_ctx.reset();
    m_swarm.reset();
    m_dc.reset();
    m_dir.reset();
}

QString TestDaemonCapacity::makeObject(const QString& name)
{
    const QString path = m_dir->filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(test::randomBytes(kObjectBytes, quint32(qHash(name)))) != kObjectBytes)
        return {};
    f.close();
    transfer::MakeTorrentOptions opt;
    opt.filePath = path;
    opt.name = QStringLiteral("object");
    auto made = transfer::TorrentMaker::make(opt);
    if (!made)
        return {};
    m_dc->torrents.insert(made->meta.v2, made->torrent);
    return made->meta.v2;
}

void TestDaemonCapacity::startDaemon(qint64 capacityBytes)
{
    QVERIFY(m_ctx->store().setSetting(QStringLiteral("capacity"), QString::number(capacityBytes)));
    Daemon::Options opt;
    opt.heartbeatIntervalMs = 50;
    opt.diskOf = [this](const QString&) { return std::optional<DiskSpace>(DiskSpace { m_diskFree, kDiskTotal }); };
    m_daemon = std::make_unique<Daemon>(*m_ctx, *m_uploads, opt);
    QVERIFY(m_daemon->start());
}

bool TestDaemonCapacity::waitHeartbeats(int n)
{
    const qsizetype target = m_dc->heartbeats.size() + n;
    return QTest::qWaitFor([&] { return m_dc->heartbeats.size() >= target; }, 5000);
}

bool TestDaemonCapacity::downloading(const QString& id) const
{
    return m_swarm->records.contains(id); // the replica's download in the swarm
}

void TestDaemonCapacity::fullCapacityRefusesUntilAReplicaIsDropped()
{
    const QString a = makeObject(QStringLiteral("a"));
    const QString b = makeObject(QStringLiteral("b"));
    QVERIFY(!a.isEmpty() && !b.isEmpty());
    m_dc->heartbeatReply.assignments = { { a, kObjectBytes } };
    startDaemon(kObjectBytes + kObjectBytes / 2); // room for one object, not two
    QTRY_VERIFY_WITH_TIMEOUT(replicaTaken(a) && downloading(a), 5000);
    QVERIFY(waitHeartbeats(1));
    QCOMPARE(m_dc->heartbeats.last().usedBytes, kObjectBytes); // a replica being fetched counts

    m_dc->heartbeatReply.assignments = { { b, kObjectBytes } };
    QVERIFY(waitHeartbeats(4));
    QVERIFY2(!replicaTaken(b), "an assignment beyond the capacity was taken");
    QVERIFY(!downloading(b));

    m_dc->heartbeatReply.drops = { { a } };
    QTRY_VERIFY_WITH_TIMEOUT(replicaTaken(b) && downloading(b), 5000);
    QVERIFY(!replicaTaken(a));
}

void TestDaemonCapacity::diskAtItsReserveRefusesUntilThereIsRoom()
{
    const QString a = makeObject(QStringLiteral("a"));
    QVERIFY(!a.isEmpty());
    m_diskFree = kReserve + kObjectBytes / 2; // the object would eat into the reserve
    m_dc->heartbeatReply.assignments = { { a, kObjectBytes } };
    startDaemon(10 * kGB);
    QVERIFY(waitHeartbeats(4));
    QVERIFY2(!replicaTaken(a), "an assignment was taken into the disk's reserve");
    QVERIFY(!downloading(a));

    m_diskFree = kReserve + 10 * kObjectBytes;
    QTRY_VERIFY_WITH_TIMEOUT(replicaTaken(a) && downloading(a), 5000);
}

void TestDaemonCapacity::reportedCapacityFollowsTheDiskReserve()
{
    m_diskFree = kReserve + 2 * kGB;
    startDaemon(10 * kGB);
    QVERIFY(waitHeartbeats(1));
    QCOMPARE(m_dc->heartbeats.last().capacityBytes, 2 * kGB); // only the room beyond the reserve

    m_diskFree = kReserve + 20 * kGB;
    QVERIFY(waitHeartbeats(2));
    QCOMPARE(m_dc->heartbeats.last().capacityBytes, 10 * kGB); // the configured capacity, no more

    m_diskFree = kReserve - kGB;
    QVERIFY(waitHeartbeats(2));
    QCOMPARE(m_dc->heartbeats.last().capacityBytes, qint64(0)); // the disk is at its reserve: nothing offered
}

QTEST_GUILESS_MAIN(TestDaemonCapacity)
#include "tst_daemon_capacity.moc"
