#pragma once
// SHA-256 of many equal-sized chunks at once: a BitTorrent v2 piece is hashed as its 16 KiB blocks, by the
// disk back end, the DC's upload check and the streaming torrent maker. With AVX-512, sixteen chunks run
// side by side in the 16 lanes of one register (multi-buffer hashing): 1.3-1.6x OpenSSL's SHA-NI, one block
// at a time, on this project's machines, and faster than four SHA-NI streams interleaved (bench/crypto,
// docs/benchmarks.md). Elsewhere each chunk goes to OpenSSL.

#include "core/util/Merkle.h"

#include <cstddef>

namespace as::util {

// Hashes the ceil(len / chunk) consecutive chunks of `data` (the last one may be shorter) into out[0..].
// `chunk` must be > 0; nothing is written for len == 0.
void sha256Chunks(const void* data, std::size_t len, std::size_t chunk, Sha256Digest* out);

// The number of chunks sha256Chunks writes for `len` bytes.
inline std::size_t sha256ChunkCount(std::size_t len, std::size_t chunk)
{
    return chunk == 0 ? 0 : (len + chunk - 1) / chunk;
}

// Whether this CPU runs the 16-lane path (AVX-512F and BW, enabled by the OS).
bool sha256LanesAvailable();

// Test and benchmark hook: false makes sha256Chunks use OpenSSL for every chunk.
void setSha256LanesEnabled(bool enabled);

} // namespace as::util
