#pragma once
// libtorrent disk back end that keeps a downloading piece in memory and writes it with one pwrite once it
// is complete, hashing it from memory first (docs/transfer.md "Disk back end"). libtorrent 2.0.8's own
// back ends write and read every 16 KiB block on its own (mmap or pwrite, from up to aio_threads threads on
// one file lock), and hash a finished piece by reading it back. Private to core/transfer; libtorrent TU.

#include <libtorrent/disk_interface.hpp>
#include <libtorrent/io_context.hpp>

#include <memory>

namespace libtorrent {
struct settings_interface;
}

namespace as::transfer {

class PieceHashIndex;

// For session_params::disk_io_constructor. `pieceHashes` (optional) holds the piece layers of hybrid
// torrents: a piece whose torrent is found there is checked against its SHA-256 layer, not also SHA-1.
std::unique_ptr<libtorrent::disk_interface> makePieceDiskIo(libtorrent::io_context& ios,
    const libtorrent::settings_interface& settings, std::shared_ptr<const PieceHashIndex> pieceHashes);

} // namespace as::transfer
