// One of the few libtorrent TUs of the module (they are slow to compile): torrent creation and parsing.
#include "core/transfer/TorrentMaker.h"

#include "core/transfer/LtConvert.h"
#include "core/util/Sha256Lanes.h"

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
#include <libtorrent/hasher.hpp>
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

// What make() and the streaming maker set alike, so that their torrents are the same bytes.
void configure(lt::create_torrent& ct, const MakeTorrentOptions& options)
{
    ct.set_creator("AmazingStore");
    if (options.creationDate >= 0)
        ct.set_creation_date(std::time_t(options.creationDate));
    for (int i = 0; i < options.trackers.size(); ++i)
        ct.add_tracker(options.trackers[i].toStdString(), i);
    for (const QString& url : options.webSeeds)
        ct.add_url_seed(url.toStdString());
}

Result<MadeTorrent> generate(const lt::create_torrent& ct)
{
    std::vector<char> buf;
    lt::bencode(std::back_inserter(buf), ct.generate());
    MadeTorrent made;
    made.torrent = QByteArray(buf.data(), qsizetype(buf.size()));
    auto meta = TorrentMaker::inspect(made.torrent);
    if (!meta)
        return meta.error();
    made.meta = *meta;
    return made;
}

Status checkPieceSize(int pieceSize)
{
    if (pieceSize < 16 * 1024 || !std::has_single_bit(unsigned(pieceSize)))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("piece size must be a power of two >= 16 KiB"));
    return Status::success();
}

Status checkName(const QString& name)
{
    if (name.isEmpty() || name.contains(u'/') || name == QLatin1String(".") || name == QLatin1String(".."))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("bad torrent name"));
    return Status::success();
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
    if (Status st = checkPieceSize(pieceSize); !st)
        return st.error();
    const QString name = options.name.isEmpty() ? info.fileName() : options.name;
    if (Status st = checkName(name); !st)
        return st.error();

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
        configure(ct, options);

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

        return generate(ct);
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

// ---- StreamingTorrentMaker ----

namespace {
constexpr int kBlockSize = 16 * 1024; // BEP 52 leaf size

// Root of a complete binary SHA-256 tree over `layer` (a power of two of leaves); consumes the layer.
lt::sha256_hash merkleRoot(std::vector<lt::sha256_hash>& layer)
{
    lt::hasher256 h;
    while (layer.size() > 1) {
        for (std::size_t i = 0; i < layer.size() / 2; ++i) {
            h.update(layer[2 * i]);
            h.update(layer[2 * i + 1]);
            layer[i] = h.final();
            h.reset();
        }
        layer.resize(layer.size() / 2);
    }
    return layer.front();
}
} // namespace

struct StreamingTorrentMaker::State {
    qint64 size = 0;
    int pieceSize = 0;
    bool v1Only = false;
    // Leaves of one piece's block tree. BEP 52 / libtorrent: a whole piece's worth of blocks, except for a
    // file smaller than one piece, whose tree has only as many leaves as the next power of two of blocks.
    int pieceLeaves = 0;
    qint64 added = 0;
    qint64 inPiece = 0;
    qint64 inBlock = 0;
    lt::hasher pieceSha1;
    lt::hasher256 blockSha256;
    std::vector<lt::sha256_hash> blocks; // of the current piece
    std::vector<lt::sha1_hash> v1; // per piece
    std::vector<lt::sha256_hash> v2; // per piece: root of its block tree

    void hashBlocks(const char* data, qint64 n)
    {
        // Whole blocks at a block boundary: all at once, sixteen at a time in the SHA-256 lanes.
        if (inBlock == 0 && n >= kBlockSize) {
            const auto whole = std::size_t(n / kBlockSize);
            std::vector<util::Sha256Digest> digests(whole);
            util::sha256Chunks(data, whole * std::size_t(kBlockSize), std::size_t(kBlockSize), digests.data());
            for (const util::Sha256Digest& d : digests)
                blocks.emplace_back(reinterpret_cast<const char*>(d.data()));
            data += qint64(whole) * kBlockSize;
            n -= qint64(whole) * kBlockSize;
        }
        while (n > 0) {
            const qint64 take = std::min(n, kBlockSize - inBlock);
            blockSha256.update(data, int(take));
            inBlock += take;
            data += take;
            n -= take;
            if (inBlock == kBlockSize)
                endBlock();
        }
    }
    void endBlock()
    {
        blocks.push_back(blockSha256.final());
        blockSha256.reset();
        inBlock = 0;
    }
    void endPiece()
    {
        v1.push_back(pieceSha1.final());
        pieceSha1.reset();
        if (!v1Only) {
            if (inBlock > 0)
                endBlock(); // the file's last block may be short: hashed as it is
            blocks.resize(std::size_t(pieceLeaves)); // the missing leaves are zero hashes
            v2.push_back(merkleRoot(blocks));
            blocks.clear();
        }
        inPiece = 0;
    }
};

StreamingTorrentMaker::StreamingTorrentMaker(std::unique_ptr<State> state)
    : m_state(std::move(state))
{ }
StreamingTorrentMaker::~StreamingTorrentMaker() = default;
StreamingTorrentMaker::StreamingTorrentMaker(StreamingTorrentMaker&&) noexcept = default;
StreamingTorrentMaker& StreamingTorrentMaker::operator=(StreamingTorrentMaker&&) noexcept = default;

Result<StreamingTorrentMaker> StreamingTorrentMaker::create(qint64 size, int pieceSize, bool v1Only)
{
    if (size <= 0)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("cannot make a torrent of an empty file"));
    if (pieceSize <= 0)
        pieceSize = TorrentMaker::choosePieceSize(size);
    if (Status st = checkPieceSize(pieceSize); !st)
        return st.error();
    auto st = std::make_unique<State>();
    st->size = size;
    st->pieceSize = pieceSize;
    st->v1Only = v1Only;
    const qint64 fileBlocks = (size + kBlockSize - 1) / kBlockSize;
    st->pieceLeaves = size < pieceSize ? int(std::bit_ceil(quint64(fileBlocks))) : pieceSize / kBlockSize;
    const qint64 pieces = (size + pieceSize - 1) / pieceSize;
    st->v1.reserve(std::size_t(pieces));
    if (!v1Only) {
        st->v2.reserve(std::size_t(pieces));
        st->blocks.reserve(std::size_t(pieceSize / kBlockSize));
    }
    return StreamingTorrentMaker(std::move(st));
}

void StreamingTorrentMaker::add(const char* data, qint64 n)
{
    State& s = *m_state;
    if (n <= 0)
        return;
    if (s.added + n > s.size) {
        s.added += n; // finish() reports the overrun
        return;
    }
    while (n > 0) {
        const qint64 take = std::min(n, s.pieceSize - s.inPiece);
        s.pieceSha1.update(data, int(take));
        if (!s.v1Only)
            s.hashBlocks(data, take);
        s.inPiece += take;
        s.added += take;
        data += take;
        n -= take;
        if (s.inPiece == s.pieceSize)
            s.endPiece();
    }
}

qint64 StreamingTorrentMaker::bytesAdded() const
{
    return m_state->added;
}
qint64 StreamingTorrentMaker::size() const
{
    return m_state->size;
}
int StreamingTorrentMaker::pieceSize() const
{
    return m_state->pieceSize;
}

Result<MadeTorrent> StreamingTorrentMaker::finish(const MakeTorrentOptions& options)
{
    State& s = *m_state;
    if (s.added != s.size)
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("the torrent was fed %1 bytes of a %2-byte file").arg(s.added).arg(s.size));
    if (Status st = checkName(options.name); !st)
        return st.error();
    if (s.inPiece > 0)
        s.endPiece();
    try {
        lt::file_storage fs;
        fs.add_file(options.name.toStdString(), s.size);
        lt::create_torrent ct(fs, s.pieceSize, s.v1Only ? lt::create_torrent::v1_only : lt::create_flags_t {});
        if (ct.num_pieces() != int(s.v1.size()))
            return makeError(ErrorCode::Internal,
                QStringLiteral("libtorrent lays out %1 pieces, %2 were hashed").arg(ct.num_pieces()).arg(s.v1.size()));
        configure(ct, options);
        for (int i = 0; i < int(s.v1.size()); ++i) {
            ct.set_hash(lt::piece_index_t(i), s.v1[std::size_t(i)]);
            if (!s.v1Only)
                ct.set_hash2(lt::file_index_t(0), lt::piece_index_t::diff_type(i), s.v2[std::size_t(i)]);
        }
        return generate(ct);
    } catch (const std::exception& e) {
        return makeError(
            ErrorCode::Internal, QStringLiteral("making a torrent failed: %1").arg(QString::fromUtf8(e.what())));
    }
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
