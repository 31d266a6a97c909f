#pragma once
// Proof of storage (docs/replication.md, "Proof of storage"): a holder proves it stores an object by sending
// one 16 KiB block of it and the sibling hashes from that block up to its piece's v2 hash. Anyone with the
// object's torrent (the DC, or a group member during an outage) checks it against the piece layer, or against
// the pieces root for a file of one piece, without the object itself and without trusting the holder.
// libtorrent stays in BlockProof.cpp.

#include "core/util/Merkle.h"
#include "core/util/Result.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace as::transfer {

inline constexpr qint64 kBlockSize = 16 * 1024; // BEP 52's leaf: the unit audits challenge

struct BlockProof {
    qint64 block = 0; // index of the 16 KiB block in the file
    QByteArray data; // the block (the file's last one may be shorter)
    std::vector<util::Sha256Digest> siblings; // bottom up, within the block's piece tree
};

// The number of 16 KiB blocks of the torrent's single file; an error for a torrent that is not a single-file
// v2/hybrid one.
Result<qint64> blockCount(const QByteArray& torrent);

// Reads block `block` (and, to hash its siblings, the rest of its piece) from the object file at `path`.
Result<BlockProof> proveBlock(const QByteArray& torrent, const QString& path, qint64 block);

// Success when `proof` is block `proof.block` of the torrent's file, with a bounded cost: one block hash
// and at most 20 more. Bad sizes, indexes and hashes are IntegrityFailure.
Status verifyBlockProof(const QByteArray& torrent, const BlockProof& proof);

} // namespace as::transfer
