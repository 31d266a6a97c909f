// The disk back end (PieceDiskIo) under real libtorrent sessions on 127.0.0.1: the paths a plain download
// does not take (memory cap reached, read-back hashing, full checks of damaged files, deletion) and the
// fallback to libtorrent's own back end.
#include "core/transfer/TorrentMaker.h"
#include "tests/transfer/TestSupport.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace as::transfer;
using namespace as::transfer::test;

class TestTransferDisk : public QObject, SwarmFixture {
    Q_OBJECT

private slots:
    void init() { QVERIFY(m_tmp.isValid()); }

    void cleanup() { stopSessions(); }

    void tinyWriteBufferStillDownloadsIntact()
    {
        // 64 KiB for 256 KiB pieces: every write reports the buffer full and libtorrent waits for the disk
        // each time; the bytes must still arrive intact. (The spill itself is pinned down in
        // test_transfer_piecedisk: here pieces often complete before it is needed.)
        const Object o = makeObject(6 * 1024 * 1024 + 777, 31, 256 * 1024);
        TransferSession* a = session();
        TransferSession* a2 = session();
        SessionSettings small = SessionSettings::loopback();
        small.diskWriteBufferBytes = 64 * 1024;
        TransferSession* b = session(small);
        QVERIFY(a && a2 && b);
        const QString id = seed(a, o);
        seed(a2, o);
        const QString saveDir = dir(QStringLiteral("b"));
        QVERIFY(b->torrents()
                    .addDownload({ .torrent = o.made.torrent, .saveDir = saveDir, .peers = { loopbackPeer(*a), loopbackPeer(*a2) } })
                    .ok());
        QVERIFY(waitFor([&] { return finished(*b, id); }, 30000));
        QCOMPARE(readFile(saveDir + QStringLiteral("/object")), o.content);
        QCOMPARE(b->torrents().stats(id)->hashFailures, 0);
    }

    void fullCheckFindsTheDamagedPieceAndRepairsIt()
    {
        // A copy with one damaged piece, added without skipping the check: the check (every piece read
        // back and hashed) finds exactly that piece missing, and it is fetched again from a good seed.
        const int piece = 256 * 1024;
        const Object o = makeObject(4 * 1024 * 1024, 32, piece);
        QByteArray damaged = o.content;
        damaged[5 * piece + 1000] = char(damaged[5 * piece + 1000] ^ 0x01);
        const QString copy = writeFile(dir(QStringLiteral("copy")) + QStringLiteral("/object.bin"), damaged);

        TransferSession* good = session();
        TransferSession* c = session();
        QVERIFY(good && c);
        const QString id = seed(good, o);
        QVERIFY(c->torrents().addSeed({ .torrent = o.made.torrent, .filePath = copy }).ok()); // checked first
        QVERIFY(waitFor([&] {
            const auto st = c->torrents().stats(id);
            return st && st->state != TorrentState::Checking && st->bytesDone > 0;
        }, 15000));
        QCOMPARE(c->torrents().stats(id)->bytesDone, o.content.size() - piece);
        QVERIFY(c->torrents().connectPeers(id, { loopbackPeer(*good) }).ok());
        QVERIFY(waitFor([&] { return finished(*c, id); }, 20000));
        QCOMPARE(readFile(copy), o.content);
        QCOMPARE(c->torrents().stats(id)->fromPeers, qint64(piece));
    }

    void removeWithFilesDeletesTheDownload()
    {
        const Object o = makeObject(1024 * 1024, 33, 64 * 1024);
        TransferSession* a = session();
        TransferSession* b = session();
        QVERIFY(a && b);
        const QString id = seed(a, o);
        const QString saveDir = dir(QStringLiteral("b"));
        QVERIFY(b->torrents().addDownload({ .torrent = o.made.torrent, .saveDir = saveDir, .peers = { loopbackPeer(*a) } }).ok());
        QVERIFY(waitFor([&] { return finished(*b, id); }, 15000));
        const QString file = saveDir + QStringLiteral("/object");
        QVERIFY(QFile::exists(file));
        QSignalSpy removed(b, &TransferSession::torrentRemoved);
        QVERIFY(b->torrents().remove(id, true).ok());
        QVERIFY(waitFor([&] { return !QFile::exists(file); }, 10000));
        QVERIFY(removed.count() > 0 || removed.wait(5000));
        QVERIFY(QFile::exists(o.path)); // the seed's own copy is untouched
    }

    void libtorrentBackEndStillWorks()
    {
        // The fallback (SessionSettings::DiskBackEnd::LibtorrentDefault) on both sides of a transfer.
        const Object o = makeObject(3 * 1024 * 1024 + 5, 34, 64 * 1024);
        SessionSettings lt = SessionSettings::loopback();
        lt.diskBackEnd = SessionSettings::DiskBackEnd::LibtorrentDefault;
        TransferSession* a = session(lt);
        TransferSession* b = session(lt);
        QVERIFY(a && b);
        const QString id = seed(a, o);
        const QString saveDir = dir(QStringLiteral("b"));
        QVERIFY(b->torrents().addDownload({ .torrent = o.made.torrent, .saveDir = saveDir, .peers = { loopbackPeer(*a) } }).ok());
        QVERIFY(waitFor([&] { return finished(*b, id); }, 15000));
        QCOMPARE(readFile(saveDir + QStringLiteral("/object")), o.content);
    }
};

QTEST_GUILESS_MAIN(TestTransferDisk)
#include "tst_transfer_disk.moc"
