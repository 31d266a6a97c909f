// One of the few libtorrent TUs of the module (they are slow to compile): torrent creation and parsing.
#include "core/transfer/TorrentMaker.h"

#include "core/transfer/LtConvert.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QMutexLocker>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QWaitCondition>
#include <bit>
#include <libtorrent/bencode.hpp>
#include <libtorrent/create_torrent.hpp>
#include <libtorrent/torrent_info.hpp>

namespace lt = libtorrent;

namespace as::transfer {

namespace {

// Thrown from libtorrent's per-piece callback to stop set_piece_hashes(); caught right around it.
struct Cancelled { };

TorrentMeta metaOf(const lt::torrent_info& ti)
{
    TorrentMeta m;
    const lt::info_hash_t& ih = ti.info_hashes();
    if (ih.has_v2())
        m.v2 = hexOf(ih.v2);
    if (ih.has_v1())
        m.v1 = hexOf(ih.v1);
    m.id = m.v2.isEmpty() ? m.v1 : m.v2;
    m.name = QString::fromStdString(ti.name());
    m.size = ti.total_size();
    m.pieceSize = ti.piece_length();
    m.pieces = ti.num_pieces();
    m.files = ti.num_files();
    return m;
}

} // namespace

int TorrentMaker::choosePieceSize(qint64 fileSize)
{
    // ~256 pieces: a 1 GiB object gets 4 MiB pieces (a ~15 KB .torrent: 20 B v1 + 32 B v2 layer per piece).
    // Fewer, bigger pieces cut per-piece work (picker, hash jobs, HAVE messages): on loopback 4 MiB pieces
    // downloaded 1 GiB ~15% faster than 1 MiB ones (docs/transfer.md). 256 pieces still spread well over a
    // replica group; a failed piece costs at most one piece re-fetched. v2 needs a power of two >= 16 KiB.
    constexpr qint64 kMin = 64 * 1024;
    constexpr qint64 kMax = 16 * 1024 * 1024;
    const quint64 target = quint64(std::max<qint64>(fileSize / 256, 1));
    const qint64 size = qint64(std::bit_ceil(target));
    return int(std::clamp(size, kMin, kMax));
}

Result<MadeTorrent> TorrentMaker::make(
    const MakeTorrentOptions& options, const Progress& progress, const std::atomic_bool* cancel)
{
    const QFileInfo info(options.filePath);
    if (!info.isFile())
        return makeError(ErrorCode::NotFound, QStringLiteral("no such file: %1").arg(options.filePath));
    const qint64 size = info.size();
    if (size <= 0)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("cannot make a torrent of an empty file"));
    const int pieceSize = options.pieceSize > 0 ? options.pieceSize : choosePieceSize(size);
    if (pieceSize < 16 * 1024 || !std::has_single_bit(unsigned(pieceSize)))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("piece size must be a power of two >= 16 KiB"));
    const QString name = options.name.isEmpty() ? info.fileName() : options.name;
    if (name.contains(u'/') || name == QLatin1String(".") || name == QLatin1String(".."))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("bad torrent name"));

    // libtorrent hashes <parent>/<name>; when the name differs from the file's, hash through a symlink.
    QString parent = info.absolutePath();
    QTemporaryDir linkDir;
    if (name != info.fileName()) {
        if (!linkDir.isValid() || !QFile::link(info.absoluteFilePath(), linkDir.filePath(name)))
            return makeError(ErrorCode::Io, QStringLiteral("cannot link %1 for hashing").arg(options.filePath));
        parent = linkDir.path();
    }

    try {
        lt::file_storage fs;
        fs.add_file(name.toStdString(), size);
        lt::create_flags_t flags = {};
        if (options.v1Only)
            flags |= lt::create_torrent::v1_only;
        lt::create_torrent ct(fs, pieceSize, flags);
        ct.set_creator("AmazingStore");
        for (int i = 0; i < options.trackers.size(); ++i)
            ct.add_tracker(options.trackers[i].toStdString(), i);
        for (const QString& url : options.webSeeds)
            ct.add_url_seed(url.toStdString());

        const int pieces = ct.num_pieces();
        lt::error_code ec;
        try {
            lt::set_piece_hashes(
                ct, parent.toStdString(),
                [&](lt::piece_index_t done) {
                    if (cancel && cancel->load())
                        throw Cancelled {};
                    if (progress) {
                        const int n = static_cast<int>(done) + 1; // pieces completed so far
                        progress(n >= pieces ? size : qint64(n) * pieceSize, size);
                    }
                },
                ec);
        } catch (const Cancelled&) {
            return makeError(ErrorCode::Unavailable, kCancelled);
        }
        if (ec)
            return makeError(ErrorCode::Io,
                QStringLiteral("hashing %1 failed: %2").arg(options.filePath, QString::fromStdString(ec.message())));

        std::vector<char> buf;
        lt::bencode(std::back_inserter(buf), ct.generate());
        MadeTorrent made;
        made.torrent = QByteArray(buf.data(), qsizetype(buf.size()));
        auto meta = inspect(made.torrent);
        if (!meta)
            return meta.error();
        made.meta = *meta;
        return made;
    } catch (const std::exception& e) {
        return makeError(
            ErrorCode::Internal, QStringLiteral("making a torrent failed: %1").arg(QString::fromUtf8(e.what())));
    }
}

Result<TorrentMeta> TorrentMaker::inspect(const QByteArray& torrent)
{
    auto ti = parseTorrent(torrent);
    if (!ti)
        return ti.error();
    return metaOf(**ti);
}

// ---- TorrentMakerJob ----

struct TorrentMakerJob::State {
    MakeTorrentOptions options;
    std::atomic_bool cancel { false };
    QMutex mutex;
    QWaitCondition doneCond;
    bool running = false;
    bool done = false;
    std::optional<Result<MadeTorrent>> result;
};

TorrentMakerJob::TorrentMakerJob(MakeTorrentOptions options, QObject* parent)
    : QObject(parent)
    , m_state(std::make_shared<State>())
{
    m_state->options = std::move(options);
}

TorrentMakerJob::~TorrentMakerJob()
{
    m_state->cancel = true;
    QMutexLocker lock(&m_state->mutex);
    while (m_state->running && !m_state->done)
        m_state->doneCond.wait(&m_state->mutex);
}

void TorrentMakerJob::start()
{
    {
        QMutexLocker lock(&m_state->mutex);
        if (m_state->running)
            return;
        m_state->running = true;
    }
    std::shared_ptr<State> state = m_state;
    QThreadPool::globalInstance()->start([state, job = this] {
        auto result = TorrentMaker::make(
            state->options,
            [job](qint64 done, qint64 total) {
                // The job outlives the worker (its destructor waits), so posting to it is safe.
                QMetaObject::invokeMethod(
                    job, [job, done, total] { emit job->progress(done, total); }, Qt::QueuedConnection);
            },
            &state->cancel);
        QMutexLocker lock(&state->mutex);
        state->result = std::move(result);
        state->done = true;
        QMetaObject::invokeMethod(
            job, [job] { emit job->finished(); }, Qt::QueuedConnection);
        state->doneCond.wakeAll();
    });
}

void TorrentMakerJob::cancel()
{
    m_state->cancel = true;
}

bool TorrentMakerJob::isFinished() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->done;
}

std::optional<Result<MadeTorrent>> TorrentMakerJob::result() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->result;
}

} // namespace as::transfer
