// The DC's check of an upload against its torrent (server/torrent/TorrentCheck): both halves of the hybrid
// must describe the bytes, since peers may verify either (PieceDiskIo checks only the SHA-256 tree).
#include "core/transfer/TorrentMaker.h"
#include "server/torrent/TorrentCheck.h"
#include "tests/common/TestData.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <libtorrent/torrent_info.hpp>

using namespace as;
using namespace Qt::Literals::StringLiterals;

namespace {
using as::test::randomBytes;

struct Made {
    QString path;
    QByteArray torrent;
    std::vector<QByteArray> v2; // the pieces root, then each piece-layer entry
};

Made make(const QString& path, const QByteArray& content, int pieceSize)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    f.close();
    auto r = transfer::TorrentMaker::make({ .filePath = path, .name = QStringLiteral("object"), .pieceSize = pieceSize, .creationDate = 0 });
    if (!r)
        qFatal("make failed");
    Made m { path, r->torrent, {} };
    const libtorrent::torrent_info ti(libtorrent::span<const char>(m.torrent.constData(), m.torrent.size()), libtorrent::from_span);
    m.v2.push_back(QByteArray(ti.files().root(libtorrent::file_index_t(0)).data(), 32));
    const auto layer = ti.piece_layer(libtorrent::file_index_t(0));
    for (qsizetype at = 0; at < qsizetype(layer.size()); at += 32)
        m.v2.push_back(QByteArray(layer.data() + at, 32));
    return m;
}

// `m`'s torrent with its v2 half (pieces root and piece layer) taken from `other` (same geometry): the v1
// half still describes m's bytes, the v2 half another file's.
QByteArray spliceV2(const Made& m, const Made& other)
{
    QByteArray t = m.torrent;
    for (std::size_t i = 0; i < m.v2.size(); ++i)
        t.replace(m.v2[i], other.v2[i]);
    return t;
}

} // namespace

class TorrentCheckTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private slots:
    void consistentUploadPasses()
    {
        const Made b = make(m_tmp.filePath(QStringLiteral("b")), randomBytes(5 * 65536 + 1234, 1), 65536);
        QVERIFY(server::inspectTorrent(b.torrent, 1 << 30).ok());
        auto bad = server::verifyPieces(b.torrent, b.path);
        QVERIFY(bad.ok());
        QVERIFY(bad->isEmpty());
    }

    // Every size around the block and piece boundaries passes, with torrents made by libtorrent and by the
    // node's streaming maker alike. Files of one or two blocks once failed: their one-entry "piece layer"
    // was checked as a full-width piece (util::blockTreeWidth).
    void everySizeAroundTheBoundariesPasses()
    {
        constexpr qint64 kPiece = 65536;
        for (const qint64 size : { 1LL, 100LL, 16383LL, 16384LL, 16385LL, 32767LL, 32768LL, 32769LL, 49152LL,
                 kPiece - 1, kPiece, kPiece + 1, 2 * kPiece + 16384, 3 * kPiece - 1 }) {
            const QByteArray content = randomBytes(size, quint32(size));
            const Made b = make(m_tmp.filePath(QStringLiteral("s")), content, int(kPiece));
            QVERIFY2(server::inspectTorrent(b.torrent, 1 << 30).ok(), qPrintable(QString::number(size)));
            auto bad = server::verifyPieces(b.torrent, b.path);
            QVERIFY(bad.ok());
            QVERIFY2(bad->isEmpty(), qPrintable(u"libtorrent's torrent of %1 bytes"_s.arg(size)));

            auto maker = transfer::StreamingTorrentMaker::create(size, int(kPiece));
            QVERIFY(maker.ok());
            maker->add(content.constData(), content.size());
            auto streamed = maker->finish({ .name = QStringLiteral("object"), .creationDate = 0 });
            QVERIFY(streamed.ok());
            QCOMPARE(streamed->torrent, b.torrent);
            QVERIFY(server::inspectTorrent(streamed->torrent, 1 << 30).ok());

            QByteArray flipped = content;
            flipped[size - 1] = char(flipped[size - 1] ^ 1);
            const Made f = make(m_tmp.filePath(QStringLiteral("f")), flipped, int(kPiece));
            auto caught = server::verifyPieces(b.torrent, f.path);
            QVERIFY(caught.ok());
            QVERIFY2(!caught->isEmpty(), qPrintable(u"a flipped last byte of %1 bytes"_s.arg(size)));
        }
    }

    void halvesThatDisagreeAreRejected()
    {
        // Several pieces (a piece layer) and a single piece (the root alone).
        for (const qsizetype size : { qsizetype(5 * 65536 + 1234), qsizetype(30000) }) {
            const Made a = make(m_tmp.filePath(QStringLiteral("a")), randomBytes(size, 2), 65536);
            const Made b = make(m_tmp.filePath(QStringLiteral("b")), randomBytes(size, 3), 65536);
            const QByteArray mixed = spliceV2(b, a);
            QVERIFY(mixed != b.torrent);
            QVERIFY(server::inspectTorrent(mixed, 1 << 30).ok()); // a's layer is consistent with a's root
            auto bad = server::verifyPieces(mixed, b.path); // but b's bytes do not match it
            QVERIFY(bad.ok());
            QVERIFY(!bad->isEmpty());
            if (size > 65536)
                QCOMPARE(bad->size(), 6); // every piece: each fails its v2 check
        }
    }

    void layerThatDoesNotMatchItsRootIsRefused()
    {
        const Made b = make(m_tmp.filePath(QStringLiteral("b")), randomBytes(5 * 65536 + 1234, 4), 65536);
        QByteArray t = b.torrent;
        QByteArray entry = b.v2[2];
        entry[0] = char(entry[0] ^ 1);
        t.replace(b.v2[2], entry);
        auto r = server::inspectTorrent(t, 1 << 30);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(QStringLiteral("piece layer")), qPrintable(r.error().message));
    }
};

QTEST_GUILESS_MAIN(TorrentCheckTest)
#include "tst_torrent_check.moc"
