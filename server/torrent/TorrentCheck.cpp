#include "server/torrent/TorrentCheck.h"

#include "core/util/Merkle.h"
#include "core/util/Sha256Lanes.h"

#include <QFile>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <libtorrent/torrent_info.hpp>
#include <memory>
#include <openssl/sha.h>
#include <unistd.h>
#include <vector>

namespace as::server {
using namespace Qt::Literals::StringLiterals;

namespace {

template <typename Hash> QString hexOf(const Hash& h, int bytes)
{
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(h.data()), bytes).toHex());
}

Result<std::shared_ptr<lt::torrent_info>> parse(const QByteArray& torrent)
{
    lt::error_code ec;
    std::shared_ptr<lt::torrent_info> ti;
    try {
        ti = std::make_shared<lt::torrent_info>(
            lt::span<char const>(torrent.constData(), torrent.size()), ec, lt::from_span);
    } catch (const std::exception& e) {
        return makeError(ErrorCode::InvalidArgument, u"torrent: %1"_s.arg(QString::fromStdString(e.what())));
    }
    if (ec || !ti || !ti->is_valid())
        return makeError(ErrorCode::InvalidArgument, u"torrent: %1"_s.arg(QString::fromStdString(ec.message())));
    return ti;
}

constexpr std::size_t kBlock = 16 * 1024;

util::Sha256Digest digestOf(const lt::sha256_hash& h)
{
    util::Sha256Digest d;
    std::memcpy(d.data(), h.data(), d.size());
    return d;
}

// The single file of an accepted torrent (pad files aside).
lt::file_index_t dataFile(const lt::file_storage& fs)
{
    for (lt::file_index_t i : fs.file_range())
        if (!(fs.file_flags(i) & lt::file_storage::flag_pad_file))
            return i;
    return lt::file_index_t(0);
}

// A file of a piece or more has a piece layer, whose merkle root (padded with the root of an all-zero
// piece) must be the file's pieces root: then checking a piece against its layer entry is checking it
// against the root, which is what v2 downloaders do.
bool pieceLayerMatchesRoot(const lt::torrent_info& ti, lt::file_index_t file)
{
    const lt::file_storage& fs = ti.files();
    const qint64 pl = ti.piece_length();
    const lt::span<const char> bytes = ti.piece_layer(file);
    if (fs.file_size(file) <= pl)
        return true; // one piece: checked against the root directly (util::blockTreeWidth)
    if (bytes.empty())
        return false;
    const std::size_t pieces = std::size_t((fs.file_size(file) + pl - 1) / pl);
    if (std::size_t(bytes.size()) != pieces * 32)
        return false;
    std::vector<util::Sha256Digest> layer(pieces);
    for (std::size_t i = 0; i < pieces; ++i)
        std::memcpy(layer[i].data(), bytes.data() + i * 32, 32);
    const util::Sha256Digest zeroPiece = util::merkleRoot({}, std::size_t(pl) / kBlock);
    const util::Sha256Digest root = util::merkleRoot(std::move(layer), util::nextPowerOfTwo(pieces), zeroPiece);
    return root == digestOf(fs.root(file));
}

} // namespace

Result<TorrentSummary> inspectTorrent(const QByteArray& torrent, qint64 maxSize)
{
    auto parsed = parse(torrent);
    if (!parsed)
        return parsed.error();
    const lt::torrent_info& ti = **parsed;
    const lt::info_hash_t ih = ti.info_hashes();
    if (!ih.has_v1() || !ih.has_v2())
        return makeError(ErrorCode::InvalidArgument, u"torrent: must be hybrid (v1 + v2)"_s);
    const lt::file_storage& fs = ti.files();
    int files = 0;
    for (lt::file_index_t i : fs.file_range())
        if (!(fs.file_flags(i) & lt::file_storage::flag_pad_file))
            ++files;
    if (files != 1)
        return makeError(ErrorCode::InvalidArgument, u"torrent: must contain exactly one file"_s);
    const qint64 pl = ti.piece_length();
    if (pl < kMinPieceLength || pl > kMaxPieceLength || (pl & (pl - 1)) != 0)
        return makeError(
            ErrorCode::InvalidArgument, u"torrent: piece size must be a power of two from 16 KiB to 16 MiB"_s);
    const qint64 size = ti.total_size();
    if (size < 1)
        return makeError(ErrorCode::InvalidArgument, u"torrent: empty file"_s);
    if (size > maxSize)
        return makeError(
            ErrorCode::TooLarge, u"torrent: file of %1 bytes exceeds the limit of %2"_s.arg(size).arg(maxSize));
    if (!pieceLayerMatchesRoot(ti, dataFile(fs)))
        return makeError(ErrorCode::InvalidArgument, u"torrent: its piece layer does not match the pieces root"_s);
    TorrentSummary s;
    s.v2Hex = hexOf(ih.v2, 32);
    s.v1Hex = hexOf(ih.v1, 20);
    s.v2ShortHex = hexOf(ih.v2, 20);
    s.size = size;
    s.pieceLength = pl;
    s.numPieces = ti.num_pieces();
    return s;
}

Result<QList<int>> verifyPieces(const QByteArray& torrent, const QString& path)
{
    auto parsed = parse(torrent);
    if (!parsed)
        return parsed.error();
    const lt::torrent_info& ti = **parsed;
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return makeError(ErrorCode::Io, u"cannot open partial for verification"_s);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    std::vector<char> buf(size_t(ti.piece_length()));
    QList<int> bad;
    // Both halves of the hybrid are checked, so that peers may verify either (PieceDiskIo checks only
    // the SHA-256 tree when it has the piece layer).
    const lt::file_storage& fs = ti.files();
    const lt::file_index_t file = dataFile(fs);
    const lt::span<const char> layer = ti.piece_layer(file);
    // A file of one piece is checked against its root (libtorrent's piece_layer() returns that root as a
    // one-entry "layer", which is not a full-width piece hash: util::blockTreeWidth).
    const bool layered = fs.file_size(file) > ti.piece_length(); // inspectTorrent: one entry per piece
    std::vector<util::Sha256Digest> wholeFileBlocks; // a file of one piece is checked against its root
    for (lt::piece_index_t p : ti.piece_range()) {
        const int len = ti.piece_size(p);
        const qint64 offset = qint64(static_cast<int>(p)) * ti.piece_length();
        qint64 got = 0;
        while (got < len) {
            const ssize_t n = ::pread(fd, buf.data() + got, size_t(len - got), off_t(offset + got));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            got += n;
        }
        if (got != len) {
            ::close(fd);
            return makeError(ErrorCode::Io, u"partial file is shorter than the torrent"_s);
        }
        unsigned char digest[SHA_DIGEST_LENGTH];
        SHA1(reinterpret_cast<const unsigned char*>(buf.data()), size_t(len), digest);
        const lt::sha1_hash expected = ti.hash_for_piece(p);
        bool ok = std::memcmp(digest, expected.data(), SHA_DIGEST_LENGTH) == 0;
        std::vector<util::Sha256Digest> blocks(util::sha256ChunkCount(std::size_t(len), kBlock));
        util::sha256Chunks(buf.data(), std::size_t(len), kBlock, blocks.data());
        if (layered) {
            const auto i = std::size_t(static_cast<int>(p));
            const util::Sha256Digest root = util::merkleRoot(std::move(blocks), std::size_t(ti.piece_length()) / kBlock);
            ok = ok && (i + 1) * 32 <= std::size_t(layer.size()) && std::memcmp(root.data(), layer.data() + i * 32, 32) == 0;
        } else {
            wholeFileBlocks = std::move(blocks);
        }
        if (!ok)
            bad.append(static_cast<int>(p));
    }
    ::close(fd);
    if (!layered && bad.isEmpty()) {
        const std::size_t width = util::nextPowerOfTwo(wholeFileBlocks.size());
        if (util::merkleRoot(std::move(wholeFileBlocks), width) != digestOf(fs.root(file)))
            bad.append(0);
    }
    return bad;
}

} // namespace as::server
