#include "server/torrent/TorrentCheck.h"

#include <QFile>
#include <cerrno>
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
        if (std::memcmp(digest, expected.data(), SHA_DIGEST_LENGTH) != 0)
            bad.append(static_cast<int>(p));
    }
    ::close(fd);
    return bad;
}

} // namespace as::server
