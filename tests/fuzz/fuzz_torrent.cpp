// libFuzzer target: torrents and proofs from peers or uploaders: the DC's acceptance check
// (server/torrent/TorrentCheck inspectTorrent) and the audit check (core/transfer/BlockProof) on hostile
// bytes. libtorrent's own bencode parser runs uninstrumented; our code around it is covered. Built by run.sh.
#include "core/transfer/BlockProof.h"
#include "server/torrent/TorrentCheck.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray torrent(reinterpret_cast<const char*>(data), qsizetype(size));
    (void)as::server::inspectTorrent(torrent, qint64(1) << 40);
    if (auto blocks = as::transfer::blockCount(torrent); blocks && *blocks > 0) {
        as::transfer::BlockProof proof;
        proof.block = qint64(size) % *blocks;
        proof.data = torrent.left(16384);
        proof.siblings.resize(std::size_t(size % 24));
        (void)as::transfer::verifyBlockProof(torrent, proof);
    }
    return 0;
}
