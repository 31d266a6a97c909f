// The upload hashes its torrent while the encryptor writes the object (StreamingTorrentMaker fed by the
// encryptor's tap). The object id is the torrent's v2 info-hash and the DC verifies the content against it,
// so the streamed torrent must be byte for byte what libtorrent's own create_torrent + set_piece_hashes
// make of the finished file. The reference here is libtorrent called directly, not our TorrentMaker.
#include "core/crypto/SealedMetadata.h"
#include "core/engine/ObjectFile.h"
#include "core/transfer/TorrentMaker.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <libtorrent/bencode.hpp>
#include <libtorrent/create_torrent.hpp>
#include <random>

using namespace as;
namespace lt = libtorrent;

namespace {
constexpr qint64 kDate = 1'700'000'000;
const QString kName = QStringLiteral("object");
const QString kTracker = QStringLiteral("http://127.0.0.1:9/announce");

QByteArray randomBytes(qint64 size, quint64 seed)
{
    std::mt19937_64 rng(seed);
    QByteArray b(size, Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i)
        b[i] = char(rng());
    return b;
}

// What libtorrent itself makes of `dir`/object, with the options the engine uses.
QByteArray libtorrentReference(const QString& dir, qint64 size, int pieceSize, bool v1Only = false)
{
    lt::file_storage fs;
    fs.add_file(kName.toStdString(), size);
    lt::create_torrent ct(fs, pieceSize, v1Only ? lt::create_torrent::v1_only : lt::create_flags_t {});
    ct.set_creator("AmazingStore");
    ct.set_creation_date(std::time_t(kDate));
    ct.add_tracker(kTracker.toStdString(), 0);
    lt::error_code ec;
    lt::set_piece_hashes(ct, dir.toStdString(), ec);
    if (ec)
        return {};
    std::vector<char> buf;
    lt::bencode(std::back_inserter(buf), ct.generate());
    return QByteArray(buf.data(), qsizetype(buf.size()));
}

transfer::MakeTorrentOptions engineOptions()
{
    transfer::MakeTorrentOptions opt;
    opt.name = kName;
    opt.trackers = { kTracker };
    opt.creationDate = kDate;
    return opt;
}

bool writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}
} // namespace

class TestStreamingTorrent : public QObject {
    Q_OBJECT
private slots:
    void sameAsLibtorrent_data();
    void sameAsLibtorrent();
    void v1OnlySameAsLibtorrent();
    void wrongByteCountFails();
    void emptyFileRefused();
    void encryptObjectTapHashesTheObject();
};

void TestStreamingTorrent::sameAsLibtorrent_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<int>("pieceSize");
    constexpr qint64 K = 1024;
    constexpr int P = 64 * 1024;
    QTest::newRow("1 byte") << qint64(1) << P;
    QTest::newRow("under one block") << 100 * K / 10 << P;
    QTest::newRow("one block minus 1") << 16 * K - 1 << P;
    QTest::newRow("exactly one block") << 16 * K << P;
    QTest::newRow("3 blocks, under a piece") << 40 * K + 7 << P; // leaves padded to 4, not to the piece
    QTest::newRow("exactly one piece") << qint64(P) << P;
    QTest::newRow("one piece plus 1") << qint64(P) + 1 << P;
    QTest::newRow("several pieces, block multiple") << 5 * qint64(P) + 3 * 16 * K << P;
    QTest::newRow("several pieces, not a block multiple") << 7 * qint64(P) + 12'345 << P;
    QTest::newRow("exactly several pieces") << 4 * qint64(P) << P;
    QTest::newRow("16 KiB pieces") << 100 * K + 1 << 16 * 1024;
    QTest::newRow("a few MiB, engine's piece size") << 3 * K * K + 54'321 << 0;
    QTest::newRow("a few MiB, 1 MiB pieces") << 5 * K * K - 1 << 1024 * 1024;
}

void TestStreamingTorrent::sameAsLibtorrent()
{
    QFETCH(qint64, size);
    QFETCH(int, pieceSize);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray data = randomBytes(size, quint64(size));
    QVERIFY(writeFile(dir.filePath(kName), data));
    const int piece = pieceSize > 0 ? pieceSize : transfer::TorrentMaker::choosePieceSize(size);

    auto maker = transfer::StreamingTorrentMaker::create(size, pieceSize);
    QVERIFY2(maker, qPrintable(maker ? QString() : maker.error().message));
    QCOMPARE(maker->pieceSize(), piece);
    // Fed in uneven pieces that straddle block and piece boundaries, as the encryptor's chunks do.
    const qint64 steps[] = { 1, 16383, 7, 65537, 1 << 20, 3 };
    qint64 off = 0;
    for (int i = 0; off < size; ++i) {
        const qint64 n = std::min(steps[i % 6], size - off);
        maker->add(data.constData() + off, n);
        off += n;
    }
    auto streamed = maker->finish(engineOptions());
    QVERIFY2(streamed, qPrintable(streamed ? QString() : streamed.error().message));

    const QByteArray reference = libtorrentReference(dir.path(), size, piece);
    QVERIFY(!reference.isEmpty());
    QCOMPARE(streamed->torrent, reference);
    QCOMPARE(streamed->meta.size, size);
    QCOMPARE(streamed->meta.id.size(), 64);

    // Fed in aligned 1 MiB chunks, the whole blocks go through the SHA-256 lanes sixteen at a time.
    auto aligned = transfer::StreamingTorrentMaker::create(size, pieceSize);
    QVERIFY(aligned);
    for (qint64 at = 0; at < size; at += 1 << 20)
        aligned->add(data.constData() + at, std::min<qint64>(1 << 20, size - at));
    auto alignedMade = aligned->finish(engineOptions());
    QVERIFY(alignedMade);
    QCOMPARE(alignedMade->torrent, reference);

    // And the file-based maker agrees with both.
    transfer::MakeTorrentOptions opt = engineOptions();
    opt.filePath = dir.filePath(kName);
    opt.pieceSize = pieceSize;
    auto made = transfer::TorrentMaker::make(opt);
    QVERIFY(made);
    QCOMPARE(made->torrent, reference);
}

void TestStreamingTorrent::v1OnlySameAsLibtorrent()
{
    QTemporaryDir dir;
    const qint64 size = 3 * 65536 + 999;
    const QByteArray data = randomBytes(size, 7);
    QVERIFY(writeFile(dir.filePath(kName), data));
    auto maker = transfer::StreamingTorrentMaker::create(size, 65536, true);
    QVERIFY(maker);
    maker->add(data.constData(), size);
    auto streamed = maker->finish(engineOptions());
    QVERIFY(streamed);
    QVERIFY(streamed->meta.v2.isEmpty());
    QCOMPARE(streamed->torrent, libtorrentReference(dir.path(), size, 65536, true));
}

void TestStreamingTorrent::wrongByteCountFails()
{
    const QByteArray data = randomBytes(70'000, 1);
    auto fewer = transfer::StreamingTorrentMaker::create(data.size() + 1);
    QVERIFY(fewer);
    fewer->add(data.constData(), data.size());
    QVERIFY(!fewer->finish(engineOptions()));

    auto more = transfer::StreamingTorrentMaker::create(data.size() - 1);
    QVERIFY(more);
    more->add(data.constData(), data.size());
    auto r = more->finish(engineOptions());
    QVERIFY(!r);
    QVERIFY(r.error().message.contains(QStringLiteral("fed 70000 bytes")));

    auto unnamed = transfer::StreamingTorrentMaker::create(data.size());
    unnamed->add(data.constData(), data.size());
    QVERIFY(!unnamed->finish({}));
}

void TestStreamingTorrent::emptyFileRefused()
{
    // libtorrent cannot make a torrent of nothing either; objects are never empty (header + sealed name).
    QVERIFY(!transfer::StreamingTorrentMaker::create(0));
    QVERIFY(!transfer::StreamingTorrentMaker::create(100, 1000)); // not a power of two
}

// The engine's path: encryptObject's tap feeds the maker; the result matches libtorrent over the object
// file it wrote, and the object has exactly the size the upload announced up front.
void TestStreamingTorrent::encryptObjectTapHashesTheObject()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const qint64 plainSize : { qint64(0), qint64(1), qint64(5 << 20) + 4321 }) {
        const QString plain = dir.filePath(QStringLiteral("plain.bin"));
        QVERIFY(writeFile(plain, randomBytes(plainSize, quint64(plainSize) + 11)));
        auto key = crypto::SecretKey::generate();
        QVERIFY(key);
        auto sealed = crypto::sealMetadata({ QStringLiteral("plain.bin"), plainSize, {}, {} }, *key);
        QVERIFY(sealed);
        const qint64 size = engine::objectSize(plainSize, *sealed);
        auto maker = transfer::StreamingTorrentMaker::create(size);
        QVERIFY(maker);
        QVERIFY(engine::encryptObject(
            plain, dir.filePath(kName), *key, *sealed, {}, [&](const char* d, qint64 n) { maker->add(d, n); }));
        QCOMPARE(QFileInfo(dir.filePath(kName)).size(), size);
        auto streamed = maker->finish(engineOptions());
        QVERIFY2(streamed, qPrintable(streamed ? QString() : streamed.error().message));
        QCOMPARE(streamed->torrent, libtorrentReference(dir.path(), size, maker->pieceSize()));
        QFile::remove(plain);
    }
}

QTEST_GUILESS_MAIN(TestStreamingTorrent)
#include "tst_streaming_torrent.moc"
