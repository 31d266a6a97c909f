#pragma once
// BEP 52 merkle roots (SHA-256): the v2 hash of a piece is the root of the tree over its 16 KiB blocks'
// hashes, padded with zero hashes to the piece's full width. Used by the DC to check an upload's piece
// layers and by the disk back end to check a piece against them (docs/transfer.md "Disk back end").

#include <array>
#include <cstddef>
#include <vector>

namespace as::util {

using Sha256Digest = std::array<unsigned char, 32>;

Sha256Digest sha256(const void* data, std::size_t len);

// Root of the tree whose first `leaves.size()` leaves are `leaves` and the rest, up to `width` (a power of
// two, at least leaves.size()), `padLeaf` (zeros for block hashes; for a file's piece layer, the root of a
// piece of zero hashes). Returns all zeros if width is 0 or too small.
Sha256Digest merkleRoot(std::vector<Sha256Digest> leaves, std::size_t width, const Sha256Digest& padLeaf = {});

// The smallest power of two >= n (1 for 0).
std::size_t nextPowerOfTwo(std::size_t n);

// Leaves of the block tree whose root is a piece's v2 hash. A file larger than one piece: a piece's full
// width of 16 KiB blocks (its piece-layer entry). A file of one piece or less has no piece layer; its only
// "piece hash" is the file's pieces root, a tree as wide as the next power of two of its block count (BEP 52,
// as libtorrent builds it). libtorrent's piece_layer() returns that root for such a file, so the file size,
// not the presence of a layer, decides. Files of 32 KiB or less got this wrong once (docs/transfer.md).
std::size_t blockTreeWidth(long long fileSize, long long pieceLength);

} // namespace as::util
