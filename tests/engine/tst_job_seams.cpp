// The transfer jobs behind their seams (core/dcclient/JobDc.h, core/engine/JobTransfers.h): a real profile
// (SQLite), real encryption and torrents, an in-memory DC and swarm, so an upload's resume from each stage and a
// download's route (peers → DC) run in well under a second each, beside the end-to-end tests that run them
// against a DC process and libtorrent (tests/node).
#include "core/crypto/SealedMetadata.h"
#include "core/engine/DownloadJob.h"
#include "core/engine/EngineContext.h"
#include "core/engine/ObjectFile.h"
#include "core/engine/UploadJob.h"
#include "core/link/ShareLink.h"
#include "core/transfer/TorrentMaker.h"
#include "tests/engine/JobFakes.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace as;
using namespace as::engine;
using as::test::FakeDc;
using as::test::FakeSwarm;

namespace {

constexpr qint64 kPart = 32 << 20; // UploadJob's part size

QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray pattern(qint64 size)
{
    QByteArray b(size, Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i)
        b[i] = char((i * 131 + i / 4096) & 0xff);
    return b;
}

struct Finished {
    bool ok = false;
    Error error;
    bool resumable = false;
    QJsonObject result;
};

} // namespace

class TestJobSeams : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void uploadInterruptedMidContentSendsOnlyTheMissingBytes();
    void uploadInterruptedBeforeRegistrationRegistersWithoutEncryptingAgain();
    void uploadDuringAnOutageGivesItsLinkAndTheDcGetsItsCopyLater();

    void getFromPeersUsesNoDcBytes();
    void replicaNobodyElseHoldsComesFromTheDcAtOnce();
    void getWithTheDcAwayComesFromPeersByIdAndCachesTheTorrent();
    void getOfAnObjectTheDcDoesNotKnowFails();
    void getOfAnObjectAStandbyDoesNotKnowAsksThePeers();
    void getOfAnObjectTheDcDoesNotKnowYetAsksThePeers();

private:
    qint64 addUpload(const QString& path);
    Finished runUpload(qint64 localId);
    UploadJob* startUpload(qint64 localId);
    // A real object: plaintext → encrypted object → torrent, the torrent known to the fake DC.
    struct Object {
        QByteArray plain;
        QByteArray cipher;
        QByteArray torrent;
        QByteArray key;
        QString id;
    };
    Object makeObject(qint64 size);
    DownloadJob* startDownload(DownloadJob::Purpose purpose, const Object& o);
    static Finished waitDownload(DownloadJob* job, int timeoutMs = 5000);
    void getAsksThePeersById(const Error& dcAnswer);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<EngineContext> m_ctx;
    FakeDc m_dc;
    std::unique_ptr<FakeSwarm> m_swarm;
};

void TestJobSeams::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_ctx = std::make_unique<EngineContext>(m_dir->filePath(QStringLiteral("profile")));
    QVERIFY(m_ctx->open());
    auto master = crypto::SecretKey::generate();
    QVERIFY(master);
    QVERIFY(m_ctx->store().setAccount({ m_dc.base.toString(), QStringLiteral("alice"), QStringLiteral("t"),
                                        master->toBytes() }));
    m_dc = FakeDc();
    m_swarm = std::make_unique<FakeSwarm>();
    m_ctx->useFakesForJobs(&m_dc, m_swarm.get());
}

void TestJobSeams::cleanup()
{
    m_ctx.reset();
    m_swarm.reset();
    m_dir.reset();
}

qint64 TestJobSeams::addUpload(const QString& path)
{
    state::UploadRecord r;
    r.sourcePath = path;
    r.stage = state::UploadStage::Queued;
    auto id = m_ctx->store().addUpload(r);
    return id ? *id : -1;
}

UploadJob* TestJobSeams::startUpload(qint64 localId)
{
    auto rec = m_ctx->store().upload(localId);
    if (!rec)
        return nullptr;
    auto* job = new UploadJob(*m_ctx, *rec);
    job->start();
    return job;
}

Finished TestJobSeams::runUpload(qint64 localId)
{
    std::unique_ptr<UploadJob> job(startUpload(localId));
    Finished f;
    if (!job)
        return f;
    QObject::connect(job.get(), &UploadJob::finished, [&f](bool ok, const Error& error, bool resumable) {
        f = { ok, error, resumable, {} };
    });
    QSignalSpy spy(job.get(), &UploadJob::finished);
    if (!spy.wait(10000))
        f.error = makeError(ErrorCode::Unavailable, QStringLiteral("the upload did not finish"));
    return f;
}

// A crash after the DC took the first part: the resumed upload neither registers again nor resends that part.
void TestJobSeams::uploadInterruptedMidContentSendsOnlyTheMissingBytes()
{
    const QString src = m_dir->filePath(QStringLiteral("film.bin"));
    QVERIFY(writeFile(src, pattern(kPart + (1 << 20))));
    const qint64 localId = addUpload(src);
    m_dc.holdPartsFrom = kPart; // the second part is sent but never answered: the node dies meanwhile
    {
        std::unique_ptr<UploadJob> crashed(startUpload(localId));
        QTRY_COMPARE_WITH_TIMEOUT(m_dc.partOffsets.size(), 2, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_dc.objects.value(crashed->record().objectId).parts.contains(0), 2000);
    }
    const auto afterCrash = m_ctx->store().upload(localId);
    QCOMPARE(afterCrash->stage, state::UploadStage::Registered);
    const QByteArray cipher = fileBytes(afterCrash->cipherPath);
    const qint64 sentBefore = m_dc.bytesReceived;

    m_dc.holdPartsFrom = -1;
    const Finished f = runUpload(localId);
    QVERIFY2(f.ok, qPrintable(f.error.message));
    QCOMPARE(m_dc.registerCalls, 1);
    QCOMPARE(m_dc.bytesReceived - sentBefore, cipher.size() - kPart); // only what the DC missed
    QCOMPARE(m_dc.assembled(afterCrash->objectId), cipher);
    const auto done = m_ctx->store().upload(localId);
    QCOMPARE(done->stage, state::UploadStage::Done);
    auto link = link::parseShareLink(done->link);
    QVERIFY(link);
    QCOMPARE(link->objectId, afterCrash->objectId);
    QCOMPARE(m_ctx->store().object(link->objectId)->state, state::ObjectState::Available);
    QCOMPARE(m_swarm->seeds.size(), 1); // seeded from the object file it uploaded
    QCOMPARE(m_swarm->seeds.at(0).filePath, afterCrash->cipherPath);
}

// A crash while the registration was on its way: the resumed upload registers the same object (the file is
// not encrypted again: same id, same bytes) and sends it whole.
void TestJobSeams::uploadInterruptedBeforeRegistrationRegistersWithoutEncryptingAgain()
{
    const QString src = m_dir->filePath(QStringLiteral("notes.txt"));
    QVERIFY(writeFile(src, pattern(300 * 1024)));
    const qint64 localId = addUpload(src);
    m_dc.holdRegister = true;
    {
        std::unique_ptr<UploadJob> crashed(startUpload(localId));
        QTRY_COMPARE_WITH_TIMEOUT(m_dc.registerCalls, 1, 10000);
    }
    const auto afterCrash = m_ctx->store().upload(localId);
    QCOMPARE(afterCrash->stage, state::UploadStage::Hashed);
    const QByteArray cipher = fileBytes(afterCrash->cipherPath);
    const QDateTime written = QFileInfo(afterCrash->cipherPath).lastModified();

    m_dc.holdRegister = false;
    const Finished f = runUpload(localId);
    QVERIFY2(f.ok, qPrintable(f.error.message));
    QCOMPARE(m_dc.registerCalls, 2);
    const auto done = m_ctx->store().upload(localId);
    QCOMPARE(done->objectId, afterCrash->objectId);
    QCOMPARE(QFileInfo(done->cipherPath).lastModified(), written);
    QCOMPARE(m_dc.assembled(done->objectId), cipher);
    QCOMPARE(m_dc.bytesReceived, qint64(cipher.size()));
    QVERIFY(link::parseShareLink(done->link));
}

// In an outage a standby registers the upload: the link works at once (peers serve it), no byte goes anywhere,
// and the record waits at "hashed" so that the DC, back again, gets the object registered and sent whole.
void TestJobSeams::uploadDuringAnOutageGivesItsLinkAndTheDcGetsItsCopyLater()
{
    const QString src = m_dir->filePath(QStringLiteral("photo.jpg"));
    QVERIFY(writeFile(src, pattern(200 * 1024)));
    const qint64 localId = addUpload(src);
    m_dc.outage = true;
    const Finished inOutage = runUpload(localId);
    QVERIFY2(inOutage.ok, qPrintable(inOutage.error.message));
    const auto waiting = m_ctx->store().upload(localId);
    QVERIFY(link::parseShareLink(waiting->link));
    QCOMPARE(waiting->stage, state::UploadStage::Hashed);
    QCOMPARE(m_dc.bytesReceived, qint64(0));
    QCOMPARE(m_ctx->store().object(waiting->objectId)->state, state::ObjectState::Available);

    m_dc.outage = false;
    m_dc.objects.clear(); // the DC itself never heard of it
    const Finished back = runUpload(localId);
    QVERIFY2(back.ok, qPrintable(back.error.message));
    QCOMPARE(m_ctx->store().upload(localId)->stage, state::UploadStage::Done);
    QCOMPARE(m_dc.assembled(waiting->objectId), fileBytes(waiting->cipherPath));
    QCOMPARE(m_ctx->store().object(waiting->objectId)->state, state::ObjectState::Available);
}

TestJobSeams::Object TestJobSeams::makeObject(qint64 size)
{
    Object o;
    o.plain = pattern(size);
    const QString plainPath = m_dir->filePath(QStringLiteral("source.dat"));
    const QString cipherPath = m_dir->filePath(QStringLiteral("object"));
    if (!writeFile(plainPath, o.plain))
        return o;
    auto key = crypto::SecretKey::generate();
    crypto::FileMetadata meta;
    meta.name = QStringLiteral("report.pdf");
    meta.size = size;
    meta.mimeType = QStringLiteral("application/pdf");
    meta.mtime = QDateTime::currentDateTimeUtc();
    auto sealed = crypto::sealMetadata(meta, *key);
    if (!sealed || !encryptObject(plainPath, cipherPath, *key, *sealed))
        return o;
    transfer::MakeTorrentOptions opt;
    opt.filePath = cipherPath;
    opt.name = QStringLiteral("object");
    auto made = transfer::TorrentMaker::make(opt);
    if (!made)
        return o;
    o.cipher = fileBytes(cipherPath);
    o.torrent = made->torrent;
    o.key = key->toBytes();
    o.id = made->meta.v2;
    m_dc.torrents.insert(o.id, o.torrent);
    return o;
}

DownloadJob* TestJobSeams::startDownload(DownloadJob::Purpose purpose, const Object& o)
{
    DownloadJob::Params p;
    p.purpose = purpose;
    p.objectId = o.id;
    p.dcBase = m_dc.base;
    p.fileKey = o.key;
    p.targetDir = m_dir->filePath(QStringLiteral("got"));
    auto* job = new DownloadJob(*m_ctx, p);
    job->start();
    return job;
}

Finished TestJobSeams::waitDownload(DownloadJob* job, int timeoutMs)
{
    Finished f;
    QObject::connect(job, &DownloadJob::finished, [&f](bool ok, const Error& error, const QJsonObject& result) {
        f = { ok, error, false, result };
    });
    QSignalSpy spy(job, &DownloadJob::finished);
    if (!spy.wait(timeoutMs))
        f.error = makeError(ErrorCode::Unavailable, QStringLiteral("the download did not finish"));
    return f;
}

// Peers deliver everything: the DC gives the torrent and nothing else; the trackers include the standbys'.
void TestJobSeams::getFromPeersUsesNoDcBytes()
{
    const Object o = makeObject(700 * 1024);
    QVERIFY(!o.id.isEmpty());
    std::unique_ptr<DownloadJob> job(startDownload(DownloadJob::Purpose::Get, o));
    QTRY_COMPARE_WITH_TIMEOUT(m_swarm->downloads.size(), 1, 5000);
    QCOMPARE(m_swarm->downloads.at(0).trackers, m_dc.announceUrls(o.id));
    m_swarm->deliver(o.id, o.cipher, false);
    const Finished f = waitDownload(job.get());
    QVERIFY2(f.ok, qPrintable(f.error.message));
    const QString path = f.result.value(QStringLiteral("path")).toString();
    QCOMPARE(QFileInfo(path).fileName(), QStringLiteral("report.pdf"));
    QCOMPARE(fileBytes(path), o.plain);
    QCOMPARE(f.result.value(QStringLiteral("from_peers")).toInteger(), qint64(o.cipher.size()));
    QCOMPARE(f.result.value(QStringLiteral("from_dc")).toInteger(), qint64(0));
    QVERIFY(!f.result.contains(QStringLiteral("dc_reason"))); // the DC was not asked
    QVERIFY(m_swarm->webSeeds.isEmpty());
}

// The DC's tracker names no other holder: the replica comes from the DC's /data as a web seed at once, not
// after the seconds a peer would be waited for.
void TestJobSeams::replicaNobodyElseHoldsComesFromTheDcAtOnce()
{
    const Object o = makeObject(500 * 1024);
    QVERIFY(!o.id.isEmpty());
    m_swarm->webSeedBytes = o.cipher;
    QElapsedTimer clock;
    clock.start();
    std::unique_ptr<DownloadJob> job(startDownload(DownloadJob::Purpose::Replica, o));
    QTRY_COMPARE_WITH_TIMEOUT(m_swarm->downloads.size(), 1, 5000);
    emit m_swarm->trackerReplied(o.id, 0);
    const Finished f = waitDownload(job.get());
    QVERIFY2(f.ok, qPrintable(f.error.message));
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(m_swarm->webSeeds, QStringList { m_dc.dataUrl(o.id) });
    QCOMPARE(fileBytes(f.result.value(QStringLiteral("path")).toString()), o.cipher);
    QCOMPARE(f.result.value(QStringLiteral("from_dc")).toInteger(), qint64(o.cipher.size()));
    QCOMPARE(f.result.value(QStringLiteral("from_peers")).toInteger(), qint64(0));
    QCOMPARE(f.result.value(QStringLiteral("dc_reason")).toString(), QStringLiteral("no-holders"));
}

// The DC does not answer and no torrent is cached: the object is fetched by its id from peers, decrypted
// right, and the torrent they gave is cached for the next time.
void TestJobSeams::getWithTheDcAwayComesFromPeersByIdAndCachesTheTorrent()
{
    const Object o = makeObject(300 * 1024);
    QVERIFY(!o.id.isEmpty());
    m_dc.torrentError = makeError(ErrorCode::Unavailable, QStringLiteral("connection refused"));
    m_swarm->torrentFiles.insert(o.id, o.torrent);
    std::unique_ptr<DownloadJob> job(startDownload(DownloadJob::Purpose::Get, o));
    QTRY_COMPARE_WITH_TIMEOUT(m_swarm->downloads.size(), 1, 5000);
    QCOMPARE(m_swarm->downloads.at(0).infoHash, o.id);
    QVERIFY(m_swarm->downloads.at(0).torrent.isEmpty());
    m_swarm->deliver(o.id, o.cipher, false);
    const Finished f = waitDownload(job.get());
    QVERIFY2(f.ok, qPrintable(f.error.message));
    QCOMPARE(fileBytes(f.result.value(QStringLiteral("path")).toString()), o.plain);
    QCOMPARE(m_ctx->store().cachedTorrent(o.id), o.torrent);
}

void TestJobSeams::getOfAnObjectTheDcDoesNotKnowFails()
{
    Object o = makeObject(64 * 1024);
    QVERIFY(!o.id.isEmpty());
    m_dc.torrents.clear();
    std::unique_ptr<DownloadJob> job(startDownload(DownloadJob::Purpose::Get, o));
    const Finished f = waitDownload(job.get());
    QVERIFY(!f.ok);
    QCOMPARE(f.error.code, ErrorCode::NotFound);
    QVERIFY(m_swarm->downloads.isEmpty());
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("got")))); // a failure leaves no folder behind
}

// During an outage the answer comes from a standby, whose replica of the log may lag or which never heard of
// an object uploaded at another standby: its "unknown object" is not final, the peers are asked by the id.
void TestJobSeams::getOfAnObjectAStandbyDoesNotKnowAsksThePeers()
{
    m_dc.outage = true;
    getAsksThePeersById(makeError(ErrorCode::NotFound, QStringLiteral("no such object")));
}

// Answers the torrent request with `dcAnswer`: the get must go on by the id from the peers and succeed.
void TestJobSeams::getAsksThePeersById(const Error& dcAnswer)
{
    const Object o = makeObject(200 * 1024);
    QVERIFY(!o.id.isEmpty());
    m_dc.torrentError = dcAnswer;
    m_swarm->torrentFiles.insert(o.id, o.torrent);
    std::unique_ptr<DownloadJob> job(startDownload(DownloadJob::Purpose::Get, o));
    QTRY_COMPARE_WITH_TIMEOUT(m_swarm->downloads.size(), 1, 5000);
    QCOMPARE(m_swarm->downloads.at(0).infoHash, o.id);
    m_swarm->deliver(o.id, o.cipher, false);
    const Finished f = waitDownload(job.get());
    QVERIFY2(f.ok, qPrintable(f.error.message));
    QCOMPARE(fileBytes(f.result.value(QStringLiteral("path")).toString()), o.plain);
}

// A DC back from an outage answers "not known yet" for an id it was not handed back yet (docs/outage.md,
// "Hand-back"): the DC answers (no outage on this side), and still the peers are asked by the id.
void TestJobSeams::getOfAnObjectTheDcDoesNotKnowYetAsksThePeers()
{
    getAsksThePeersById(makeError(ErrorCode::NotKnownYet, QStringLiteral("reconciling after an outage")));
}

QTEST_GUILESS_MAIN(TestJobSeams)
#include "tst_job_seams.moc"
