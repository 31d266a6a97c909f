// BlockProof: BEP 52 block proofs for audits. libtorrent TU (torrent parsing only).
#include "core/transfer/BlockProof.h"

#include <QFile>

#include <libtorrent/torrent_info.hpp>

#include <cstring>
#include <memory>

namespace lt = libtorrent;

namespace as::transfer {
namespace {

constexpr qint64 kBlock = kBlockSize;
constexpr std::size_t kMaxLevels = 20; // 16 MiB pieces have 10; a one-piece file of 16 MiB has 10 too

struct Geometry {
    qint64 fileSize = 0;
    qint64 pieceLength = 0;
    util::Sha256Digest root {};
    std::vector<util::Sha256Digest> layer; // one entry per piece; empty for a file of one piece

    qint64 blocks() const { return (fileSize + kBlock - 1) / kBlock; }
    qint64 blocksPerPiece() const { return pieceLength / kBlock; }
    bool onePiece() const { return fileSize <= pieceLength; }
    // The blocks under the tree that holds `block`, and that tree's width.
    qint64 firstBlockOfTree(qint64 block) const { return onePiece() ? 0 : block / blocksPerPiece() * blocksPerPiece(); }
    qint64 blocksInTree(qint64 block) const
    {
        return onePiece() ? blocks() : std::min(blocksPerPiece(), blocks() - firstBlockOfTree(block));
    }
    std::size_t width() const { return util::blockTreeWidth(fileSize, pieceLength); }
    const util::Sha256Digest& expected(qint64 block) const
    {
        return onePiece() ? root : layer[std::size_t(block / blocksPerPiece())];
    }
};

Result<Geometry> geometryOf(const QByteArray& torrent)
{
    lt::error_code ec;
    std::unique_ptr<lt::torrent_info> ti;
    try {
        ti = std::make_unique<lt::torrent_info>(lt::span<const char>(torrent.constData(), torrent.size()), ec, lt::from_span);
    } catch (const std::exception&) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("not a torrent"));
    }
    if (ec || !ti || !ti->is_valid() || !ti->info_hashes().has_v2())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("not a v2 torrent"));
    const lt::file_storage& fs = ti->files();
    lt::file_index_t file { -1 };
    for (const lt::file_index_t f : fs.file_range())
        if (!fs.pad_file_at(f))
            file = file == lt::file_index_t { -1 } ? f : lt::file_index_t { -2 };
    if (static_cast<int>(file) < 0)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("not a single-file torrent"));
    Geometry g;
    g.fileSize = fs.file_size(file);
    g.pieceLength = ti->piece_length();
    if (g.fileSize <= 0 || g.pieceLength < kBlock)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("empty file or bad piece size"));
    std::memcpy(g.root.data(), fs.root(file).data(), 32);
    if (!g.onePiece()) {
        const lt::span<const char> bytes = ti->piece_layer(file);
        const qint64 pieces = (g.fileSize + g.pieceLength - 1) / g.pieceLength;
        if (qint64(bytes.size()) != pieces * 32)
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("the torrent has no piece layer"));
        g.layer.resize(std::size_t(pieces));
        for (std::size_t i = 0; i < g.layer.size(); ++i)
            std::memcpy(g.layer[i].data(), bytes.data() + i * 32, 32);
    }
    return g;
}

util::Sha256Digest hashPair(const util::Sha256Digest& a, const util::Sha256Digest& b)
{
    unsigned char pair[64];
    std::memcpy(pair, a.data(), 32);
    std::memcpy(pair + 32, b.data(), 32);
    return util::sha256(pair, sizeof pair);
}

} // namespace

Result<qint64> blockCount(const QByteArray& torrent)
{
    auto g = geometryOf(torrent);
    if (!g)
        return g.error();
    return g->blocks();
}

Result<BlockProof> proveBlock(const QByteArray& torrent, const QString& path, qint64 block)
{
    auto g = geometryOf(torrent);
    if (!g)
        return g.error();
    if (block < 0 || block >= g->blocks())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("block %1 is outside the object").arg(block));
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    if (f.size() != g->fileSize)
        return makeError(ErrorCode::IntegrityFailure, QStringLiteral("%1 is not the object's size").arg(path));
    const qint64 first = g->firstBlockOfTree(block);
    const qint64 count = g->blocksInTree(block);
    std::vector<util::Sha256Digest> level(g->width()); // missing leaves stay zero hashes
    BlockProof proof;
    proof.block = block;
    if (!f.seek(first * kBlock))
        return makeError(ErrorCode::Io, QStringLiteral("cannot seek in %1").arg(path));
    for (qint64 i = 0; i < count; ++i) {
        const QByteArray data = f.read(kBlock);
        if (data.isEmpty() || (data.size() < kBlock && first + i + 1 < g->blocks()))
            return makeError(ErrorCode::Io, QStringLiteral("%1 is cut short").arg(path));
        level[std::size_t(i)] = util::sha256(data.constData(), std::size_t(data.size()));
        if (first + i == block)
            proof.data = data;
    }
    // Walk up: at each level keep the sibling of the node on the block's path.
    std::size_t index = std::size_t(block - first);
    while (level.size() > 1) {
        proof.siblings.push_back(level[index ^ 1]);
        std::vector<util::Sha256Digest> up(level.size() / 2);
        for (std::size_t i = 0; i < up.size(); ++i)
            up[i] = hashPair(level[2 * i], level[2 * i + 1]);
        level = std::move(up);
        index /= 2;
    }
    return proof;
}

Status verifyBlockProof(const QByteArray& torrent, const BlockProof& proof)
{
    auto g = geometryOf(torrent);
    if (!g)
        return g.error();
    const auto bad = [&](const QString& why) {
        return makeError(ErrorCode::IntegrityFailure, QStringLiteral("block %1: %2").arg(proof.block).arg(why));
    };
    if (proof.block < 0 || proof.block >= g->blocks())
        return bad(QStringLiteral("outside the object"));
    const qint64 expectedSize = std::min(kBlock, g->fileSize - proof.block * kBlock);
    if (proof.data.size() != expectedSize)
        return bad(QStringLiteral("%1 bytes where %2 belong").arg(proof.data.size()).arg(expectedSize));
    std::size_t levels = 0;
    for (std::size_t w = g->width(); w > 1; w /= 2)
        ++levels;
    if (proof.siblings.size() != levels || levels > kMaxLevels)
        return bad(QStringLiteral("%1 proof hashes where %2 belong").arg(proof.siblings.size()).arg(levels));
    util::Sha256Digest node = util::sha256(proof.data.constData(), std::size_t(proof.data.size()));
    std::size_t index = std::size_t(proof.block - g->firstBlockOfTree(proof.block));
    for (const util::Sha256Digest& sibling : proof.siblings) {
        node = (index & 1) ? hashPair(sibling, node) : hashPair(node, sibling);
        index /= 2;
    }
    if (node != g->expected(proof.block))
        return bad(QStringLiteral("does not match the torrent"));
    return Status::success();
}

} // namespace as::transfer
