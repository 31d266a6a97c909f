// Pure parts of core/transfer: the web seed fallback policy, the resume store, torrent making/reading.
#include "core/transfer/ResumeStore.h"
#include "core/transfer/TorrentMaker.h"
#include "core/transfer/WebSeedFallback.h"
#include "core/util/Merkle.h"
#include "tests/transfer/TestSupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <libtorrent/torrent_info.hpp>

using namespace as::transfer;

namespace {

// Span of the value stored under `key` in the top-level bencoded dict (a minimal bencode walker, so the
// test recomputes the info-hash without libtorrent).
qsizetype skipValue(const QByteArray& b, qsizetype i)
{
    if (i >= b.size())
        return -1;
    const char c = b[i];
    if (c == 'i') {
        const qsizetype e = b.indexOf('e', i);
        return e < 0 ? -1 : e + 1;
    }
    if (c == 'l' || c == 'd') {
        ++i;
        while (i >= 0 && i < b.size() && b[i] != 'e')
            i = skipValue(b, i);
        return i < 0 || i >= b.size() ? -1 : i + 1;
    }
    const qsizetype colon = b.indexOf(':', i);
    if (colon < 0)
        return -1;
    return colon + 1 + b.mid(i, colon - i).toLongLong();
}

QByteArray topLevelValue(const QByteArray& b, const QByteArray& key)
{
    qsizetype i = 1; // after 'd'
    while (i > 0 && i < b.size() && b[i] != 'e') {
        const qsizetype colon = b.indexOf(':', i);
        const qsizetype len = b.mid(i, colon - i).toLongLong();
        const QByteArray k = b.mid(colon + 1, len);
        const qsizetype valueStart = colon + 1 + len;
        const qsizetype valueEnd = skipValue(b, valueStart);
        if (k == key)
            return b.mid(valueStart, valueEnd - valueStart);
        i = valueEnd;
    }
    return {};
}

QByteArray sha256(const QByteArray& data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

// BEP 52 "pieces root": SHA-256 merkle tree over 16 KiB blocks, padded with zero leaves to a power of two.
QByteArray merkleRoot(const QByteArray& content)
{
    QList<QByteArray> layer;
    for (qsizetype off = 0; off < content.size(); off += 16384)
        layer.append(sha256(content.mid(off, 16384)));
    qsizetype n = 1;
    while (n < layer.size())
        n *= 2;
    while (layer.size() < n)
        layer.append(QByteArray(32, '\0'));
    while (layer.size() > 1) {
        QList<QByteArray> next;
        for (qsizetype i = 0; i < layer.size(); i += 2)
            next.append(sha256(layer[i] + layer[i + 1]));
        layer = next;
    }
    return layer.first();
}

} // namespace

class TestTransferUnit : public QObject {
    Q_OBJECT
private slots:
    // ---- WebSeedFallback ----
    void fallbackNoPeers()
    {
        WebSeedFallback f({ .noPeersAfterMs = 5000,
            .stalledAfterMs = 10000,
            .minRate = 1000,
            .slowWindowMs = 20000,
            .graceMs = 1000 });
        f.start(0);
        QCOMPARE(
            f.update({ .nowMs = 500, .peers = 0, .bytesDone = 0, .bytesTotal = 100 }), WebSeedFallback::Reason::None);
        QCOMPARE(
            f.update({ .nowMs = 4999, .peers = 0, .bytesDone = 0, .bytesTotal = 100 }), WebSeedFallback::Reason::None);
        QCOMPARE(f.update({ .nowMs = 5000, .peers = 0, .bytesDone = 0, .bytesTotal = 100 }),
            WebSeedFallback::Reason::NoPeers);
        QVERIFY(f.fallsShort());
        // Sticky until start() judges afresh.
        QCOMPARE(f.update({ .nowMs = 6000, .peers = 3, .bytesDone = 50, .bytesTotal = 100 }),
            WebSeedFallback::Reason::NoPeers);
        f.start(10000);
        QVERIFY(!f.fallsShort());
    }
    void fallbackPeersLeave()
    {
        WebSeedFallback f(
            { .noPeersAfterMs = 2000, .stalledAfterMs = 100000, .minRate = 0, .slowWindowMs = 0, .graceMs = 0 });
        f.start(0);
        QCOMPARE(
            f.update({ .nowMs = 1000, .peers = 2, .bytesDone = 10, .bytesTotal = 100 }), WebSeedFallback::Reason::None);
        QCOMPARE(
            f.update({ .nowMs = 2500, .peers = 0, .bytesDone = 20, .bytesTotal = 100 }), WebSeedFallback::Reason::None);
        QCOMPARE(f.update({ .nowMs = 3000, .peers = 0, .bytesDone = 20, .bytesTotal = 100 }),
            WebSeedFallback::Reason::NoPeers);
    }
    void fallbackStalled()
    {
        WebSeedFallback f(
            { .noPeersAfterMs = 1000, .stalledAfterMs = 4000, .minRate = 0, .slowWindowMs = 0, .graceMs = 0 });
        f.start(0);
        QCOMPARE(
            f.update({ .nowMs = 1000, .peers = 1, .bytesDone = 10, .bytesTotal = 100 }), WebSeedFallback::Reason::None);
        QCOMPARE(
            f.update({ .nowMs = 4900, .peers = 1, .bytesDone = 10, .bytesTotal = 100 }), WebSeedFallback::Reason::None);
        QCOMPARE(f.update({ .nowMs = 5000, .peers = 1, .bytesDone = 10, .bytesTotal = 100 }),
            WebSeedFallback::Reason::Stalled);
        QCOMPARE(WebSeedFallback::reasonName(f.reason()), QStringLiteral("stalled"));
    }
    void fallbackTooSlow()
    {
        WebSeedFallback f(
            { .noPeersAfterMs = 1000, .stalledAfterMs = 100000, .minRate = 1000, .slowWindowMs = 10000, .graceMs = 0 });
        f.start(0);
        // 20,000 bytes in the first 10 s window: 2,000 B/s, fine.
        for (qint64 t = 1000; t <= 10000; t += 1000)
            QCOMPARE(f.update({ .nowMs = t, .peers = 1, .bytesDone = t * 2, .bytesTotal = 1 << 30 }),
                WebSeedFallback::Reason::None);
        // Next window: 5,000 bytes in 10 s = 500 B/s < 1000.
        WebSeedFallback::Reason r = WebSeedFallback::Reason::None;
        for (qint64 t = 11000; t <= 20000; t += 1000)
            r = f.update({ .nowMs = t, .peers = 1, .bytesDone = 20000 + (t - 10000) / 2, .bytesTotal = 1 << 30 });
        QCOMPARE(r, WebSeedFallback::Reason::TooSlow);
    }
    void fallbackCompleteNeverFallsShort()
    {
        WebSeedFallback f(
            { .noPeersAfterMs = 10, .stalledAfterMs = 10, .minRate = 1 << 30, .slowWindowMs = 10, .graceMs = 0 });
        f.start(0, 100);
        QCOMPARE(f.update({ .nowMs = 100000, .peers = 0, .bytesDone = 100, .bytesTotal = 100 }),
            WebSeedFallback::Reason::None);
    }
    void fallbackGrace()
    {
        WebSeedFallback f(
            { .noPeersAfterMs = 0, .stalledAfterMs = 0, .minRate = 0, .slowWindowMs = 0, .graceMs = 3000 });
        f.start(1000);
        QCOMPARE(
            f.update({ .nowMs = 3999, .peers = 0, .bytesDone = 0, .bytesTotal = 10 }), WebSeedFallback::Reason::None);
        QCOMPARE(f.update({ .nowMs = 4000, .peers = 0, .bytesDone = 0, .bytesTotal = 10 }),
            WebSeedFallback::Reason::NoPeers);
    }
    void fallbackNoOtherHolder()
    {
        // The tracker said nobody else holds it: no grace, no waiting for peers that cannot come.
        WebSeedFallback f({ .noPeersAfterMs = 5000, .stalledAfterMs = 10000, .minRate = 0, .slowWindowMs = 0, .graceMs = 3000 });
        f.start(0);
        QCOMPARE(f.update({ .nowMs = 100, .peers = 0, .bytesDone = 0, .bytesTotal = 100 }), WebSeedFallback::Reason::None);
        QCOMPARE(f.update({ .nowMs = 150, .peers = 0, .bytesDone = 0, .bytesTotal = 100, .noOtherHolder = true }),
            WebSeedFallback::Reason::NoHolders);
        QCOMPARE(WebSeedFallback::reasonName(f.reason()), QStringLiteral("no-holders"));
        // A peer connected (e.g. one that dialled us): the ordinary rules judge it.
        WebSeedFallback g({ .noPeersAfterMs = 5000, .stalledAfterMs = 10000, .minRate = 0, .slowWindowMs = 0, .graceMs = 3000 });
        g.start(0);
        QCOMPARE(g.update({ .nowMs = 100, .peers = 1, .bytesDone = 0, .bytesTotal = 100, .noOtherHolder = true }),
            WebSeedFallback::Reason::None);
        QCOMPARE(g.update({ .nowMs = 200, .peers = 0, .bytesDone = 10, .bytesTotal = 100, .noOtherHolder = true }),
            WebSeedFallback::Reason::None);
    }

    // ---- ResumeStore ----
    void resumeStoreRoundTrip()
    {
        QTemporaryDir tmp;
        ResumeStore store(tmp.filePath(QStringLiteral("resume")));
        QVERIFY(store.ensureDir().ok());
        const QString id(64, u'a');
        QVERIFY(store.write(id, "d4:spami1ee").ok());
        QCOMPARE(store.ids(), QStringList { id });
        QCOMPARE(*store.read(id), QByteArray("d4:spami1ee"));
        QVERIFY(store.write(id, "second").ok()); // replaced atomically
        QCOMPARE(*store.read(id), QByteArray("second"));
        QVERIFY(!store.write(QStringLiteral("../evil"), "x").ok());
        QVERIFY(!store.write(QString(64, u'A'), "x").ok()); // ids are lowercase hex
        QFile stray(store.dir() + QStringLiteral("/notanid.resume"));
        QVERIFY(stray.open(QIODevice::WriteOnly));
        stray.close();
        QCOMPARE(store.ids(), QStringList { id });
        QVERIFY(store.remove(id).ok());
        QVERIFY(store.ids().isEmpty());
        QCOMPARE(store.read(id).error().code, as::ErrorCode::NotFound);
    }

    // ---- TorrentMaker ----
    void pieceSizeChoice()
    {
        QCOMPARE(TorrentMaker::choosePieceSize(1), 64 * 1024);
        QCOMPARE(TorrentMaker::choosePieceSize(qint64(1) << 30), 4 * 1024 * 1024);
        QCOMPARE(TorrentMaker::choosePieceSize(qint64(64) << 20), 256 * 1024);
        QCOMPARE(TorrentMaker::choosePieceSize(qint64(1) << 40), 16 * 1024 * 1024);
    }
    void makeHybridIds()
    {
        QTemporaryDir tmp;
        const QByteArray content = test::randomBytes(3 * 1024 * 1024 + 12345, 1);
        const QString a = test::writeFile(tmp.filePath(QStringLiteral("a.bin")), content);
        const QString b = test::writeFile(tmp.filePath(QStringLiteral("b.bin")), content);
        QByteArray other = content;
        other[1000] = char(other[1000] ^ 1);
        const QString c = test::writeFile(tmp.filePath(QStringLiteral("c.bin")), other);

        qint64 lastProgress = 0;
        auto ra
            = TorrentMaker::make({ .filePath = a, .name = QStringLiteral("object") }, [&](qint64 done, qint64 total) {
                  QCOMPARE(total, content.size());
                  lastProgress = done;
              });
        QVERIFY2(ra.ok(), qPrintable(ra.ok() ? QString() : ra.error().message));
        QCOMPARE(lastProgress, content.size());
        auto rb = TorrentMaker::make({ .filePath = b, .name = QStringLiteral("object") });
        auto rc = TorrentMaker::make({ .filePath = c, .name = QStringLiteral("object") });
        QVERIFY(rb.ok() && rc.ok());

        const TorrentMeta& m = ra->meta;
        QCOMPARE(m.id.size(), 64);
        QCOMPARE(m.v2, m.id);
        QCOMPARE(m.v1.size(), 40); // hybrid: both hashes
        QCOMPARE(m.size, content.size());
        QCOMPARE(m.name, QStringLiteral("object"));
        QCOMPARE(rb->meta.id, m.id); // same bytes, same name → same id
        QCOMPARE(rb->torrent, ra->torrent); // and the very same .torrent
        QVERIFY(rc->meta.id != m.id); // one flipped bit → another id
        QVERIFY(rc->meta.v1 != m.v1);

        // Recompute independently: v2 id = SHA-256 of the bencoded info dict, v1 = its SHA-1, and the
        // info dict carries the BEP 52 merkle root of the content.
        const QByteArray info = topLevelValue(ra->torrent, "info");
        QVERIFY(!info.isEmpty());
        QCOMPARE(QString::fromLatin1(sha256(info).toHex()), m.v2);
        QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(info, QCryptographicHash::Sha1).toHex()), m.v1);
        QVERIFY(info.contains("11:pieces root32:" + merkleRoot(content)));

        auto inspected = TorrentMaker::inspect(ra->torrent);
        QVERIFY(inspected.ok());
        QCOMPARE(inspected->id, m.id);
        QCOMPARE(inspected->pieces, m.pieces);
    }
    void merkleHelperAgreesWithLibtorrent()
    {
        // util::merkleRoot (used by the DC's upload check and the disk back end's piece-layer check)
        // against the piece layers and pieces roots libtorrent wrote: several pieces with a short last one,
        // a single partial piece, exactly one piece.
        QTemporaryDir tmp;
        const int piece = 64 * 1024;
        for (const qsizetype size : { qsizetype(5 * piece + 3 * 16384 + 17), qsizetype(40000), qsizetype(piece) }) {
            const QByteArray content = test::randomBytes(size, 7);
            const QString f = test::writeFile(tmp.filePath(QStringLiteral("m.bin")), content);
            auto r = TorrentMaker::make({ .filePath = f, .pieceSize = piece });
            QVERIFY(r.ok());
            const libtorrent::torrent_info ti(
                libtorrent::span<const char>(r->torrent.constData(), r->torrent.size()), libtorrent::from_span);
            const libtorrent::file_index_t file(0);
            auto blockHashes = [&](qsizetype from, qsizetype len) {
                std::vector<as::util::Sha256Digest> out;
                for (qsizetype at = from; at < from + len; at += 16384)
                    out.push_back(as::util::sha256(content.constData() + at, size_t(std::min<qsizetype>(16384, from + len - at))));
                return out;
            };
            const QByteArray root(ti.files().root(file).data(), 32);
            const auto all = blockHashes(0, size);
            const as::util::Sha256Digest mine = as::util::merkleRoot(all, as::util::nextPowerOfTwo(all.size()));
            QCOMPARE(QByteArray(reinterpret_cast<const char*>(mine.data()), 32), root);
            QCOMPARE(root, merkleRoot(content)); // and the test's own, independent computation

            const libtorrent::span<const char> layer = ti.piece_layer(file);
            if (layer.empty()) { // only a file smaller than a piece has none (libtorrent gives one of exactly
                QVERIFY(size < piece); // a piece a layer of one entry, its root)
                continue;
            }
            QCOMPARE(qsizetype(layer.size()), 32 * ti.num_pieces());
            std::vector<as::util::Sha256Digest> pieceRoots;
            for (int p = 0; p < ti.num_pieces(); ++p) {
                const as::util::Sha256Digest pr
                    = as::util::merkleRoot(blockHashes(qsizetype(p) * piece, ti.piece_size(libtorrent::piece_index_t(p))), piece / 16384);
                QCOMPARE(QByteArray(reinterpret_cast<const char*>(pr.data()), 32), QByteArray(layer.data() + 32 * p, 32));
                pieceRoots.push_back(pr);
            }
            const as::util::Sha256Digest zeroPiece = as::util::merkleRoot({}, piece / 16384);
            const as::util::Sha256Digest fromLayer
                = as::util::merkleRoot(pieceRoots, as::util::nextPowerOfTwo(pieceRoots.size()), zeroPiece);
            QCOMPARE(QByteArray(reinterpret_cast<const char*>(fromLayer.data()), 32), root);
        }
    }
    void makeV1OnlyAndOptions()
    {
        QTemporaryDir tmp;
        const QString f = test::writeFile(tmp.filePath(QStringLiteral("f.bin")), test::randomBytes(300000, 2));
        auto r = TorrentMaker::make({ .filePath = f,
            .pieceSize = 32768,
            .trackers = { QStringLiteral("http://127.0.0.1:1/announce") },
            .webSeeds = { QStringLiteral("http://127.0.0.1:1/data/x") },
            .v1Only = true });
        QVERIFY(r.ok());
        QVERIFY(r->meta.v2.isEmpty());
        QCOMPARE(r->meta.id, r->meta.v1);
        QCOMPARE(r->meta.pieceSize, 32768);
        QCOMPARE(r->meta.name, QStringLiteral("f.bin"));
        QVERIFY(r->torrent.contains("8:announce"));
        QVERIFY(r->torrent.contains("8:url-list"));
    }
    void makeErrors()
    {
        QTemporaryDir tmp;
        QCOMPARE(TorrentMaker::make({ .filePath = tmp.filePath(QStringLiteral("missing")) }).error().code,
            as::ErrorCode::NotFound);
        const QString f = test::writeFile(tmp.filePath(QStringLiteral("f.bin")), "abc");
        QCOMPARE(TorrentMaker::make({ .filePath = f, .pieceSize = 1000 }).error().code, as::ErrorCode::InvalidArgument);
        QCOMPARE(TorrentMaker::make({ .filePath = f, .name = QStringLiteral("../x") }).error().code,
            as::ErrorCode::InvalidArgument);
        QVERIFY(!TorrentMaker::inspect("not a torrent").ok());
        QVERIFY(!TorrentMaker::inspect({}).ok());
    }
    void makeCancel()
    {
        QTemporaryDir tmp;
        const QString f = test::writeFile(tmp.filePath(QStringLiteral("f.bin")), test::randomBytes(8 << 20, 3));
        std::atomic_bool cancel { true };
        auto r = TorrentMaker::make({ .filePath = f, .pieceSize = 16384 }, {}, &cancel);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().message, TorrentMaker::kCancelled);
    }
    void makerJob()
    {
        QTemporaryDir tmp;
        const QString f = test::writeFile(tmp.filePath(QStringLiteral("f.bin")), test::randomBytes(4 << 20, 4));
        TorrentMakerJob job({ .filePath = f });
        QSignalSpy progress(&job, &TorrentMakerJob::progress);
        QSignalSpy finished(&job, &TorrentMakerJob::finished);
        job.start();
        QVERIFY(finished.wait(20000));
        QVERIFY(job.isFinished());
        QVERIFY(job.result().has_value() && job.result()->ok());
        QVERIFY(progress.count() > 0);
        QCOMPARE(progress.last().at(0).toLongLong(), qint64(4 << 20));
    }
};

QTEST_GUILESS_MAIN(TestTransferUnit)
#include "tst_transfer_unit.moc"
