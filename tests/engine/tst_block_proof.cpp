// Proofs of storage (core/transfer/BlockProof): a holder's block and its sibling hashes check against the
// torrent alone, for every block of files around the block and piece boundaries; any change to the block,
// its index, a sibling or the count of siblings is refused.
#include "core/transfer/BlockProof.h"
#include "core/transfer/TorrentMaker.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

using namespace as;
using namespace Qt::Literals::StringLiterals;

class TestBlockProof : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    QByteArray makeObject(const QString& path, qint64 size, int pieceSize)
    {
        QByteArray content(size, Qt::Uninitialized);
        QRandomGenerator g { quint32(size) };
        for (char& c : content)
            c = char(g.generate());
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != size)
            return {};
        f.close();
        auto made = transfer::TorrentMaker::make({ .filePath = path, .name = u"object"_s, .pieceSize = pieceSize });
        return made ? made->torrent : QByteArray();
    }

private slots:
    void everyBlockProvesAndTamperingIsCaught_data()
    {
        QTest::addColumn<qint64>("size");
        for (qint64 size : { 1LL, 16383LL, 16384LL, 16385LL, 32769LL, 65535LL, 65536LL, 65537LL, 4 * 65536LL + 100 })
            QTest::newRow(qPrintable(QString::number(size))) << size;
    }
    void everyBlockProvesAndTamperingIsCaught()
    {
        QFETCH(qint64, size);
        const QString path = m_dir.filePath(u"obj-%1"_s.arg(size));
        const QByteArray torrent = makeObject(path, size, 65536);
        QVERIFY(!torrent.isEmpty());
        auto blocks = transfer::blockCount(torrent);
        QVERIFY(blocks.ok());
        QCOMPARE(*blocks, (size + 16383) / 16384);
        for (qint64 b = 0; b < *blocks; ++b) {
            auto proof = transfer::proveBlock(torrent, path, b);
            QVERIFY2(proof.ok(), qPrintable(proof.ok() ? QString() : proof.error().message));
            QVERIFY2(transfer::verifyBlockProof(torrent, *proof).ok(), qPrintable(u"block %1"_s.arg(b)));

            transfer::BlockProof flipped = *proof;
            flipped.data[0] = char(flipped.data[0] ^ 1);
            QVERIFY(!transfer::verifyBlockProof(torrent, flipped).ok());
            if (*blocks > 1) {
                transfer::BlockProof moved = *proof;
                moved.block = (b + 1) % *blocks;
                QVERIFY(!transfer::verifyBlockProof(torrent, moved).ok());
            }
            if (!proof->siblings.empty()) {
                transfer::BlockProof badSibling = *proof;
                badSibling.siblings.back()[5] ^= 1;
                QVERIFY(!transfer::verifyBlockProof(torrent, badSibling).ok());
                transfer::BlockProof shortProof = *proof;
                shortProof.siblings.pop_back();
                QVERIFY(!transfer::verifyBlockProof(torrent, shortProof).ok());
            }
            transfer::BlockProof longProof = *proof;
            longProof.siblings.push_back({});
            QVERIFY(!transfer::verifyBlockProof(torrent, longProof).ok());
        }
        transfer::BlockProof outside;
        outside.block = *blocks;
        QVERIFY(!transfer::verifyBlockProof(torrent, outside).ok());
        QVERIFY(!transfer::proveBlock(torrent, path, -1).ok());
    }

    void aDifferentFileCannotProve()
    {
        const QString a = m_dir.filePath(u"a"_s), b = m_dir.filePath(u"b"_s);
        const QByteArray torrentA = makeObject(a, 3 * 65536, 65536);
        makeObject(b, 3 * 65536 + 1, 65536);
        QFile::resize(b, 3 * 65536); // same size, other bytes
        auto proof = transfer::proveBlock(torrentA, b, 4);
        QVERIFY(proof.ok());
        QVERIFY(!transfer::verifyBlockProof(torrentA, *proof).ok());
        QVERIFY(!transfer::verifyBlockProof("garbage", *proof).ok());
    }
};

QTEST_GUILESS_MAIN(TestBlockProof)
#include "tst_block_proof.moc"
