// PieceDiskIo against its libtorrent contract, driven directly (no session, no network): writes held in
// memory until the piece is hashed, the hashes it answers (with and without the piece-layer shortcut),
// the memory cap (full → observer woken once partial pieces are written out), stop and check_files.
#include "core/transfer/PieceDiskIo.h"
#include "core/transfer/PieceFiles.h"
#include "core/transfer/PieceHashIndex.h"
#include "core/transfer/TorrentMaker.h"
#include "tests/transfer/TestSupport.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QTest>

#include <libtorrent/add_torrent_params.hpp>
#include <libtorrent/disk_observer.hpp>
#include <libtorrent/settings_pack.hpp>
#include <libtorrent/torrent_info.hpp>

namespace lt = libtorrent;
using namespace as::transfer;
using namespace as::transfer::test;

namespace {

constexpr int kPiece = 256 * 1024;
constexpr int kBlock = 16 * 1024;

struct Observer final : lt::disk_observer {
    int woken = 0;
    void on_disk() override { ++woken; }
};

} // namespace

class TestTransferPieceDisk : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    lt::io_context m_ios;
    lt::settings_pack m_settings;
    QByteArray m_content;
    std::shared_ptr<lt::torrent_info> m_ti;
    std::shared_ptr<PieceHashIndex> m_index;

    // Runs the completions the back end posted until `done` holds (bounded).
    bool runUntil(const std::function<bool()>& done, int timeoutMs = 5000)
    {
        QElapsedTimer t;
        t.start();
        while (!done()) {
            if (t.elapsed() > timeoutMs)
                return false;
            m_ios.restart();
            m_ios.run_for(std::chrono::milliseconds(5));
        }
        return true;
    }

    std::unique_ptr<lt::disk_interface> makeDisk(int cap = 64 * 1024 * 1024, bool withIndex = true)
    {
        m_settings.set_int(lt::settings_pack::max_queued_disk_bytes, cap);
        m_settings.set_int(lt::settings_pack::aio_threads, 2);
        return makePieceDiskIo(m_ios, m_settings, withIndex ? m_index : nullptr);
    }

    struct Opened {
        std::unique_ptr<lt::disk_interface> disk;
        lt::storage_holder storage; // destroyed first: it removes the torrent from the back end
    };

    // A fresh back end with the test torrent's storage in an empty folder of this test function.
    Opened open(int cap = 64 * 1024 * 1024, bool withIndex = true)
    {
        QDir(saveDir()).removeRecursively();
        Opened o;
        o.disk = makeDisk(cap, withIndex);
        const std::string path = saveDir().toStdString();
        lt::aux::vector<lt::download_priority_t, lt::file_index_t> prio;
        lt::storage_params params(m_ti->orig_files(), nullptr, path, lt::storage_mode_sparse, prio, lt::sha1_hash());
        o.storage = o.disk->new_torrent(params, nullptr);
        return o;
    }

    QString saveDir() const { return m_tmp.filePath(QString::fromLatin1(QTest::currentTestFunction())); }
    QString filePath() const { return saveDir() + QStringLiteral("/object"); }

    bool write(lt::disk_interface& d, lt::storage_index_t st, int piece, int block, const QByteArray& data,
        std::shared_ptr<lt::disk_observer> o = {}, bool* full = nullptr)
    {
        lt::peer_request r;
        r.piece = lt::piece_index_t(piece);
        r.start = block * kBlock;
        r.length = int(std::min<qsizetype>(kBlock, m_ti->piece_size(r.piece) - r.start));
        bool answered = false;
        const bool f = d.async_write(st, r, data.constData() + qsizetype(piece) * kPiece + r.start, o,
            [&](const lt::storage_error& e) {
                answered = true;
                QVERIFY(!e);
            });
        if (full)
            *full = f;
        return runUntil([&] { return answered; });
    }

    // async_hash of `piece`; returns its SHA-1 answer and fills the v2 block hashes.
    lt::sha1_hash hash(lt::disk_interface& d, lt::storage_index_t st, int piece, std::vector<lt::sha256_hash>& v2)
    {
        v2.assign(std::size_t(m_ti->orig_files().blocks_in_piece2(lt::piece_index_t(piece))), lt::sha256_hash());
        lt::sha1_hash answer;
        bool answered = false;
        d.async_hash(st, lt::piece_index_t(piece), v2, lt::disk_interface::v1_hash,
            [&](lt::piece_index_t, const lt::sha1_hash& h, const lt::storage_error& e) {
                QVERIFY(!e);
                answer = h;
                answered = true;
            });
        d.submit_jobs();
        if (!runUntil([&] { return answered; }))
            qWarning("async_hash did not answer");
        return answer;
    }

    QByteArray pieceOf(const QByteArray& data, int piece) const
    {
        return data.mid(qsizetype(piece) * kPiece, m_ti->piece_size(lt::piece_index_t(piece)));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_content = randomBytes(5 * kPiece + 3 * kBlock + 100, 41); // a short last piece and block
        const QString origin = writeFile(m_tmp.filePath(QStringLiteral("origin.bin")), m_content);
        auto made = TorrentMaker::make({ .filePath = origin, .name = QStringLiteral("object"), .pieceSize = kPiece });
        QVERIFY(made.ok());
        m_ti = std::make_shared<lt::torrent_info>(
            lt::span<const char>(made->torrent.constData(), made->torrent.size()), lt::from_span);
        m_index = std::make_shared<PieceHashIndex>();
        QVERIFY(m_index->add(*m_ti).has_value());
    }

    // A replica whose file went missing (deleted by hand, a full disk's cleanup) is a read error that the
    // daemon reports, not an abort: opening took the shared lock back inside the exclusive one.
    void missingFileIsAReadErrorNotACrash()
    {
        QDir(saveDir()).removeRecursively();
        PieceFiles files(m_ti->orig_files(), nullptr, saveDir().toStdString(), lt::storage_mode_sparse);
        QByteArray buf(kBlock, '\0');
        for (int attempt = 0; attempt < 2; ++attempt) { // and the lock still works afterwards
            lt::storage_error error;
            QVERIFY(!files.read(lt::piece_index_t(0), 0, buf.data(), kBlock, false, error));
            QCOMPARE(error.ec.value(), ENOENT);
        }
        // A folder that cannot be made (a file is in its place) fails a write the same way.
        QVERIFY(QDir().mkpath(m_tmp.filePath(QStringLiteral("blocked"))));
        writeFile(m_tmp.filePath(QStringLiteral("blocked/sub")), QByteArray("x"));
        PieceFiles blocked(m_ti->orig_files(), nullptr, m_tmp.filePath(QStringLiteral("blocked/sub/dir")).toStdString(),
            lt::storage_mode_sparse);
        lt::storage_error error;
        QVERIFY(!blocked.write(lt::piece_index_t(0), 0, m_content.constData(), kBlock, error));
        QVERIFY(error.ec);
        QVERIFY(files.read(lt::piece_index_t(0), 0, buf.data(), kBlock, true, error)); // zero-filled: fine
    }

    void completePieceIsHashedFromMemoryThenWritten()
    {
        for (const bool withIndex : { true, false }) {
            Opened opened = open(64 * 1024 * 1024, withIndex);
            auto& disk = opened.disk;
            lt::storage_holder& st = opened.storage;
            const int last = m_ti->num_pieces() - 1;
            for (int b = 0; b < m_ti->piece_size(lt::piece_index_t(last)) / kBlock + 1; ++b)
                QVERIFY(write(*disk, st, last, b, m_content));
            QVERIFY(!QFile::exists(filePath()) || QFileInfo(filePath()).size() == 0); // held in memory

            std::vector<lt::sha256_hash> v2;
            QCOMPARE(hash(*disk, st, last, v2), m_ti->hash_for_piece(lt::piece_index_t(last)));
            const QByteArray bytes = pieceOf(m_content, last);
            QCOMPARE(int(v2.size()), int((bytes.size() + kBlock - 1) / kBlock));
            for (std::size_t i = 0; i < v2.size(); ++i)
                QCOMPARE(QByteArray(v2[i].data(), 32),
                    QCryptographicHash::hash(bytes.mid(qsizetype(i) * kBlock, kBlock), QCryptographicHash::Sha256));
            // Answered, so on disk.
            QCOMPARE(readFile(filePath()).mid(qsizetype(last) * kPiece), bytes);
            disk->abort(true);
        }
    }

    void damagedPieceFailsWithOrWithoutTheShortcut()
    {
        QByteArray bad = m_content;
        bad[2 * kPiece + 5 * kBlock + 7] = char(bad[2 * kPiece + 5 * kBlock + 7] ^ 0x10);
        for (const bool withIndex : { true, false }) {
            Opened opened = open(64 * 1024 * 1024, withIndex);
            auto& disk = opened.disk;
            lt::storage_holder& st = opened.storage;
            for (int b = 0; b < kPiece / kBlock; ++b)
                QVERIFY(write(*disk, st, 2, b, bad));
            std::vector<lt::sha256_hash> v2;
            QVERIFY(hash(*disk, st, 2, v2) != m_ti->hash_for_piece(lt::piece_index_t(2)));
            QCOMPARE(QByteArray(v2[5].data(), 32),
                QCryptographicHash::hash(bad.mid(2 * kPiece + 5 * kBlock, kBlock), QCryptographicHash::Sha256));
            disk->abort(true);
        }
    }

    void fullBufferWakesTheObserverAfterSpilling()
    {
        // 64 KiB cap, 256 KiB pieces: the first write of a piece already passes it. Three blocks of each of
        // four pieces, none complete: only writing them out frees memory, and then the observer is woken.
        Opened opened = open(64 * 1024);
        auto& disk = opened.disk;
        lt::storage_holder& st = opened.storage;
        auto observer = std::make_shared<Observer>();
        bool anyFull = false;
        for (int p = 0; p < 4; ++p)
            for (int b = 0; b < 3; ++b) {
                bool full = false;
                QVERIFY(write(*disk, st, p, b, m_content, observer, &full));
                anyFull = anyFull || full;
            }
        QVERIFY(anyFull);
        QVERIFY(runUntil([&] { return observer->woken > 0; }));
        // The spilled blocks are on disk at their offsets.
        QVERIFY(runUntil([&] {
            const QByteArray onDisk = readFile(filePath());
            return onDisk.size() >= 3 * kPiece + 3 * kBlock
                && onDisk.mid(3 * kPiece, 3 * kBlock) == m_content.mid(3 * kPiece, 3 * kBlock)
                && onDisk.mid(0, 3 * kBlock) == m_content.mid(0, 3 * kBlock);
        }));
        // Completing a spilled piece: its hash reads the whole piece back.
        for (int b = 3; b < kPiece / kBlock; ++b)
            QVERIFY(write(*disk, st, 1, b, m_content));
        std::vector<lt::sha256_hash> v2;
        QCOMPARE(hash(*disk, st, 1, v2), m_ti->hash_for_piece(lt::piece_index_t(1)));
        QCOMPARE(readFile(filePath()).mid(kPiece, kPiece), pieceOf(m_content, 1));
        disk->abort(true);
    }

    void stopWritesOutPartialPieces()
    {
        Opened opened = open();
        auto& disk = opened.disk;
        lt::storage_holder& st = opened.storage;
        QVERIFY(write(*disk, st, 4, 2, m_content));
        QVERIFY(write(*disk, st, 4, 3, m_content));
        bool stopped = false;
        disk->async_stop_torrent(st, [&] { stopped = true; });
        QVERIFY(runUntil([&] { return stopped; }));
        QCOMPARE(readFile(filePath()).mid(4 * kPiece + 2 * kBlock, 2 * kBlock),
            m_content.mid(4 * kPiece + 2 * kBlock, 2 * kBlock));
        disk->abort(true);
    }

    void checkFilesTellsWhatNeedsACheck()
    {
        Opened opened = open();
        auto& disk = opened.disk;
        lt::storage_holder& st = opened.storage;
        auto check = [&](const lt::add_torrent_params* rd) {
            std::optional<lt::status_t> status;
            disk->async_check_files(st, rd, {}, [&](lt::status_t s, const lt::storage_error&) { status = s; });
            runUntil([&] { return status.has_value(); });
            return status.value_or(lt::status_t::fatal_disk_error);
        };
        lt::add_torrent_params fresh;
        QCOMPARE(check(&fresh), lt::status_t::no_error); // nothing there, nothing claimed

        lt::add_torrent_params claims;
        claims.have_pieces.resize(m_ti->num_pieces(), false);
        claims.have_pieces.set_bit(lt::piece_index_t(3));
        QCOMPARE(check(&claims), lt::status_t::need_full_check); // claimed, but no file

        QDir().mkpath(saveDir());
        writeFile(filePath(), m_content.left(4 * kPiece)); // long enough for piece 3
        QCOMPARE(check(&claims), lt::status_t::no_error);
        QCOMPARE(check(&fresh), lt::status_t::need_full_check); // a file, but no resume data

        lt::add_torrent_params seed;
        seed.flags = lt::torrent_flags::seed_mode;
        QCOMPARE(check(&seed), lt::status_t::need_full_check); // seed mode needs the full size
        writeFile(filePath(), m_content);
        QCOMPARE(check(&seed), lt::status_t::no_error);
        disk->abort(true);
    }
};

QTEST_GUILESS_MAIN(TestTransferPieceDisk)
#include "tst_transfer_piecedisk.moc"
