// The engine's decisions behind its seams, in milliseconds and without processes (beside the end-to-end
// tests that run them for real): upload resume from each saved stage and what a failure leaves behind
// (core/engine/UploadDecisions.h), the download's fallback to the DC (FetchDecisions.h) and the daemon's
// capacity logic over an in-memory ReplicaBook (ReplicaIntake.h).
#include "core/engine/FetchDecisions.h"
#include "core/engine/ReplicaIntake.h"
#include "core/engine/UploadDecisions.h"

#include <QHash>
#include <QSet>
#include <QtTest>

using namespace as;
using namespace as::engine;
using state::UploadStage;

namespace {

class MemoryBook final : public ReplicaBook {
public:
    QSet<QString> own;
    QHash<QString, state::ReplicaRecord> replicas;
    qint64 capacity = 0;
    std::optional<DiskSpace> space; // unknown unless a test sets it

    bool ownsObject(const QString& id) const override { return own.contains(id); }
    std::optional<state::ReplicaRecord> replica(const QString& id) const override
    {
        auto it = replicas.constFind(id);
        return it == replicas.cend() ? std::nullopt : std::optional<state::ReplicaRecord>(*it);
    }
    qint64 replicaBytes() const override
    {
        qint64 n = 0;
        for (const auto& r : replicas)
            n += r.size;
        return n;
    }
    qint64 capacityBytes() const override { return capacity; }
    std::optional<DiskSpace> disk() const override { return space; }
};

const QString kA = QStringLiteral("a").repeated(64);
const QString kB = QStringLiteral("b").repeated(64);

} // namespace

class TestEngineDecisions : public QObject {
    Q_OBJECT
private slots:
    void uploadResumesWithTheStepAfterEachSavedStage()
    {
        QCOMPARE(upload::nextStep(UploadStage::Queued), upload::Step::Encrypt);
        QCOMPARE(upload::nextStep(UploadStage::Encrypted), upload::Step::Hash);
        QCOMPARE(upload::nextStep(UploadStage::Hashed), upload::Step::Register);
        QCOMPARE(upload::nextStep(UploadStage::Registered), upload::Step::SendContent);
        QCOMPARE(upload::nextStep(UploadStage::Uploaded), upload::Step::SeedAndFinish);
        QCOMPARE(upload::nextStep(UploadStage::Done), upload::Step::SeedAndFinish);
        QCOMPARE(upload::nextStep(UploadStage::Failed), upload::Step::ReportEarlierFailure);
    }

    void anAbsentDcKeepsTheStageAnythingElseLeavesNothingHalfMade()
    {
        for (UploadStage s : {UploadStage::Encrypted, UploadStage::Hashed, UploadStage::Registered, UploadStage::Uploaded}) {
            const auto a = upload::afterFailure(s, ErrorCode::Unavailable);
            QVERIFY2(a.resumable && !a.forgetObject && !a.withdrawFromDc, qPrintable(state::stageName(s)));
        }
        // Nothing done yet: an unavailable DC is a plain failure, the user uploads again.
        QVERIFY(!upload::afterFailure(UploadStage::Queued, ErrorCode::Unavailable).resumable);

        const auto disk = upload::afterFailure(UploadStage::Encrypted, ErrorCode::Io);
        QVERIFY(!disk.resumable && !disk.forgetObject);
        const auto hashed = upload::afterFailure(UploadStage::Hashed, ErrorCode::Unauthorized);
        QVERIFY(!hashed.resumable && hashed.forgetObject && !hashed.withdrawFromDc);
        const auto registered = upload::afterFailure(UploadStage::Registered, ErrorCode::IntegrityFailure);
        QVERIFY(!registered.resumable && registered.forgetObject && registered.withdrawFromDc);
    }

    void aDcAwayForAMomentIsWaitedForWithBackoffThenLeftToTheNextStart()
    {
        QCOMPARE(upload::dcRetryDelayMs(0, 60, 0), std::optional<int>(1000));
        QCOMPARE(upload::dcRetryDelayMs(1500, 60, 1), std::optional<int>(2000));
        QCOMPARE(upload::dcRetryDelayMs(4000, 60, 2), std::optional<int>(4000));
        QCOMPARE(upload::dcRetryDelayMs(30000, 60, 9), std::optional<int>(4000));
        QCOMPARE(upload::dcRetryDelayMs(60000, 60, 9), std::optional<int>(4000));
        QCOMPARE(upload::dcRetryDelayMs(60001, 60, 9), std::nullopt);
        QCOMPARE(upload::dcRetryDelayMs(1, 0, 0), std::nullopt); // dc-wait 0: never wait
    }

    void peersAreGivenUpOnlyWhenNobodyIsLeft()
    {
        using fetch::Holders;
        // The tracker has not answered: keep waiting.
        QVERIFY(!fetch::noOtherHolder(Holders{-1, 0, 0}, 0, 5, 60000));
        // It named nobody and the profile remembers nobody: nobody is left.
        QVERIFY(fetch::noOtherHolder(Holders{0, 0, 3}, 0, 0, 0));
        // A connected peer, or one named holder not yet failed: wait.
        QVERIFY(!fetch::noOtherHolder(Holders{2, 0, 0}, 1, 2, 0));
        QVERIFY(!fetch::noOtherHolder(Holders{2, 0, 0}, 0, 1, 0));
        QVERIFY(fetch::noOtherHolder(Holders{2, 0, 0}, 0, 2, 0));
        // Known nodes dialled count when the tracker named someone.
        QVERIFY(!fetch::noOtherHolder(Holders{1, 0, 2}, 0, 2, 0));
        QVERIFY(fetch::noOtherHolder(Holders{1, 0, 2}, 0, 3, 0));
        // A remembered holder gets its moment.
        QVERIFY(!fetch::noOtherHolder(Holders{0, 1, 0}, 0, 0, fetch::kRememberedHolderGraceMs));
        QVERIFY(fetch::noOtherHolder(Holders{0, 1, 0}, 0, 0, fetch::kRememberedHolderGraceMs + 1));
    }

    void theDcStepsInDirectlyOnlyForAUserNoPeerFed()
    {
        using fetch::Route;
        QCOMPARE(fetch::fallbackRoute(true, true, 0, 0), Route::DirectFetch);
        QCOMPARE(fetch::fallbackRoute(true, true, 16384, 0), Route::WebSeed); // peers already delivered
        QCOMPARE(fetch::fallbackRoute(true, true, 0, 1), Route::WebSeed);     // a peer is connected
        QCOMPARE(fetch::fallbackRoute(true, false, 0, 0), Route::WebSeed);    // by info-hash: no torrent to check against
        QCOMPARE(fetch::fallbackRoute(false, true, 0, 0), Route::WebSeed);    // a replica
    }

    void waitingForMetadataAndStallsEnd()
    {
        QVERIFY(!fetch::giveUpOnMetadata(5000, 30000, false, 0));
        QVERIFY(fetch::giveUpOnMetadata(fetch::kNobodyToAskAfterMs + 1, 30000, false, 0)); // nobody to ask
        QVERIFY(!fetch::giveUpOnMetadata(fetch::kNobodyToAskAfterMs + 1, 30000, true, 0));
        QVERIFY(!fetch::giveUpOnMetadata(fetch::kNobodyToAskAfterMs + 1, 30000, false, 12));
        QVERIFY(fetch::giveUpOnMetadata(30001, 30000, true, 12));

        QVERIFY(!fetch::stalled(false, 120000, 60000, false)); // the DC not added yet: not the stall timer's call
        QVERIFY(!fetch::stalled(true, 60000, 60000, false));
        QVERIFY(fetch::stalled(true, 60001, 60000, false));
        QVERIFY(!fetch::stalled(true, 60001, 60000, true));
    }

    void theDaemonTakesAReplicaOnlyWithinCapacity()
    {
        MemoryBook book;
        book.capacity = 1000;
        QCOMPARE(judgeAssignment(book, kA, 1000, false), Intake::Take);
        QCOMPARE(judgeAssignment(book, kA, 1001, false), Intake::NoRoom);
        QCOMPARE(judgeAssignment(book, kA, 0, false), Intake::BadSize);
        QCOMPARE(judgeAssignment(book, kA, 10, true), Intake::AlreadyFetching);
        book.own.insert(kA);
        QCOMPARE(judgeAssignment(book, kA, 10, false), Intake::OwnObject);

        // What is being fetched counts against the capacity; this object's own earlier record does not.
        book.replicas.insert(kB, {kB, 600, {}, state::ReplicaState::Downloading, {}});
        const QString c = QStringLiteral("c").repeated(64);
        QCOMPARE(judgeAssignment(book, c, 400, false), Intake::Take);
        QCOMPARE(judgeAssignment(book, c, 401, false), Intake::NoRoom);
        QCOMPARE(judgeAssignment(book, kB, 1000, false), Intake::Take);
        book.replicas[kB].state = state::ReplicaState::Held;
        QCOMPARE(judgeAssignment(book, kB, 10, false), Intake::AlreadyHeld);

        book.capacity = 0; // "Not now": nothing is taken
        QCOMPARE(judgeAssignment(book, c, 1, false), Intake::NoRoom);
    }

    // A 10 GB contribution on a nearly full disk never takes the user's last free gigabytes, and the
    // capacity the DC hears shrinks with the disk, so it stops assigning before the disk fills.
    void aContributionNeverFillsTheDisk()
    {
        constexpr qint64 GB = 1000LL * 1000 * 1000;
        MemoryBook book;
        book.capacity = 10 * GB;
        book.space = DiskSpace { 3 * GB, 100 * GB }; // reserve: 5 GB (5 % of 100 GB)
        QCOMPARE(diskReserveBytes(*book.space), 5 * GB);
        QCOMPARE(judgeAssignment(book, kA, 1, false), Intake::DiskFull);
        QCOMPARE(usableCapacityBytes(book.capacity, 0, book.space), 0);

        book.space = DiskSpace { 8 * GB, 100 * GB };
        QCOMPARE(judgeAssignment(book, kA, 3 * GB, false), Intake::Take);
        QCOMPARE(judgeAssignment(book, kA, 3 * GB + 1, false), Intake::DiskFull);
        QCOMPARE(usableCapacityBytes(book.capacity, 2 * GB, book.space), 5 * GB); // held 2 GB + 3 GB of room

        book.space = DiskSpace { 500 * GB, 1000 * GB }; // plenty of room: the user's setting decides
        QCOMPARE(usableCapacityBytes(book.capacity, 2 * GB, book.space), 10 * GB);
        QCOMPARE(judgeAssignment(book, kA, 10 * GB + 1, false), Intake::NoRoom);
        QCOMPARE(diskReserveBytes(DiskSpace { 1, 4 * GB }), 1 * GB); // small volumes keep at least 1 GB

        book.space.reset(); // unknown volume (QStorageInfo failed): the setting alone decides
        QCOMPARE(usableCapacityBytes(book.capacity, 0, book.space), 10 * GB);
    }
};

QTEST_GUILESS_MAIN(TestEngineDecisions)
#include "tst_engine_decisions.moc"
