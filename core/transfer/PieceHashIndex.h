#pragma once
// The piece hashes of hybrid torrents added from a .torrent, copied when they are added (libtorrent frees
// a torrent_info's piece layers once it has loaded them into its merkle trees) and found again by the disk
// back end from a storage's files: with them PieceDiskIo checks a piece against its SHA-256 piece layer
// and need not also compute its SHA-1 (docs/transfer.md "Disk back end"). Thread-safe.
// libtorrent TU (private to core/transfer).

#include <libtorrent/disk_interface.hpp>
#include <libtorrent/file_storage.hpp>
#include <libtorrent/sha1_hash.hpp>
#include <libtorrent/torrent_info.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace as::transfer {

struct PieceHashes {
    std::vector<libtorrent::sha1_hash> v1; // per piece of the torrent
    // Per file: its piece layer (one hash per piece of the file), empty for a file smaller than a piece.
    std::vector<std::vector<libtorrent::sha256_hash>> layers;

    // A hybrid's v1 answer for `piece` from its v2 block hashes: their merkle root against the piece
    // layer. Equal: the expected SHA-1 (the SHA-256 tree is the stronger check of the same bytes, and the
    // DC checked both halves of every object when it was published). Different: all zeros, a hash that
    // cannot match, so libtorrent sees both halves fail. No layer entry for the piece: nullopt.
    std::optional<libtorrent::sha1_hash> v1Answer(const libtorrent::file_storage& files, libtorrent::piece_index_t piece,
        libtorrent::span<const libtorrent::sha256_hash> blocks) const;
};

class PieceHashIndex {
public:
    // The key of a torrent's files: the v2 root of its first file that is not padding; none for v1-only.
    static std::optional<libtorrent::sha256_hash> keyOf(const libtorrent::file_storage& files);

    // Registers `ti` if it is a hybrid with its piece layers; returns the key to unregister it with.
    std::optional<libtorrent::sha256_hash> add(const libtorrent::torrent_info& ti);
    void remove(const libtorrent::sha256_hash& key);
    std::shared_ptr<const PieceHashes> find(const libtorrent::file_storage& files) const;

private:
    struct Entry {
        std::shared_ptr<const PieceHashes> hashes;
        int refs = 0;
    };
    mutable std::mutex m_mutex;
    std::map<libtorrent::sha256_hash, Entry> m_entries;
};

} // namespace as::transfer
