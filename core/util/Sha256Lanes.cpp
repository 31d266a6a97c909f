#include "core/util/Sha256Lanes.h"

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__)
// GCC 12's AVX-512 intrinsics start from _mm512_undefined_*, which its own -Wuninitialized flags (GCC bug
// 105593).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#define AS_SHA256_LANES 1
#endif

namespace as::util {

namespace {

std::atomic<bool> g_lanesEnabled { true };

#ifdef AS_SHA256_LANES

constexpr int kLanes = 16;

// FIPS 180-4 §4.2.2 and §5.3.3.
constexpr std::uint32_t kRound[64] = { 0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7,
    0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
    0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c,
    0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2 };
constexpr std::uint32_t kInitial[8]
    = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

#define AS_LANES_TARGET __attribute__((target("avx512f,avx512bw")))

// vpternlogd truth tables (operand order a, b, c): a ^ b ^ c, a ? b : c, majority.
constexpr int kXor3 = 0x96;
constexpr int kChoose = 0xCA;
constexpr int kMajority = 0xE8;

AS_LANES_TARGET inline __m512i bigSigma0(__m512i a)
{
    return _mm512_ternarylogic_epi32(_mm512_ror_epi32(a, 2), _mm512_ror_epi32(a, 13), _mm512_ror_epi32(a, 22), kXor3);
}
AS_LANES_TARGET inline __m512i bigSigma1(__m512i e)
{
    return _mm512_ternarylogic_epi32(_mm512_ror_epi32(e, 6), _mm512_ror_epi32(e, 11), _mm512_ror_epi32(e, 25), kXor3);
}
AS_LANES_TARGET inline __m512i smallSigma0(__m512i w)
{
    return _mm512_ternarylogic_epi32(_mm512_ror_epi32(w, 7), _mm512_ror_epi32(w, 18), _mm512_srli_epi32(w, 3), kXor3);
}
AS_LANES_TARGET inline __m512i smallSigma1(__m512i w)
{
    return _mm512_ternarylogic_epi32(_mm512_ror_epi32(w, 17), _mm512_ror_epi32(w, 19), _mm512_srli_epi32(w, 10), kXor3);
}

// One 64-byte block of each lane: lane i's block starts at base + i * stride.
AS_LANES_TARGET void compressBlock(__m512i state[8], const unsigned char* base, __m512i laneOffsets)
{
    // Big-endian words: reverse the bytes of each 32-bit element.
    const __m512i byteSwap = _mm512_set4_epi32(0x0c0d0e0f, 0x08090a0b, 0x04050607, 0x00010203);
    __m512i w[16];
    for (int t = 0; t < 16; ++t)
        w[t] = _mm512_shuffle_epi8(_mm512_i32gather_epi32(laneOffsets, base + 4 * t, 1), byteSwap);

    __m512i a = state[0], b = state[1], c = state[2], d = state[3];
    __m512i e = state[4], f = state[5], g = state[6], h = state[7];
    for (int t = 0; t < 64; ++t) {
        __m512i word;
        if (t < 16) {
            word = w[t];
        } else {
            // w[t % 16] still holds W[t - 16].
            word = _mm512_add_epi32(_mm512_add_epi32(w[t % 16], smallSigma0(w[(t - 15) % 16])),
                _mm512_add_epi32(w[(t - 7) % 16], smallSigma1(w[(t - 2) % 16])));
            w[t % 16] = word;
        }
        const __m512i t1 = _mm512_add_epi32(_mm512_add_epi32(h, bigSigma1(e)),
            _mm512_add_epi32(_mm512_ternarylogic_epi32(e, f, g, kChoose),
                _mm512_add_epi32(word, _mm512_set1_epi32(int(kRound[t])))));
        const __m512i t2 = _mm512_add_epi32(bigSigma0(a), _mm512_ternarylogic_epi32(a, b, c, kMajority));
        h = g;
        g = f;
        f = e;
        e = _mm512_add_epi32(d, t1);
        d = c;
        c = b;
        b = a;
        a = _mm512_add_epi32(t1, t2);
    }
    state[0] = _mm512_add_epi32(state[0], a);
    state[1] = _mm512_add_epi32(state[1], b);
    state[2] = _mm512_add_epi32(state[2], c);
    state[3] = _mm512_add_epi32(state[3], d);
    state[4] = _mm512_add_epi32(state[4], e);
    state[5] = _mm512_add_epi32(state[5], f);
    state[6] = _mm512_add_epi32(state[6], g);
    state[7] = _mm512_add_epi32(state[7], h);
}

// Sixteen messages of `len` bytes each, message i at data + i * stride (stride * 15 + len < 2^31).
AS_LANES_TARGET void hash16(const unsigned char* data, std::size_t stride, std::size_t len, Sha256Digest* out)
{
    __m512i state[8];
    for (int k = 0; k < 8; ++k)
        state[k] = _mm512_set1_epi32(int(kInitial[k]));
    const __m512i offsets = _mm512_mullo_epi32(
        _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0), _mm512_set1_epi32(int(stride)));
    const std::size_t fullBlocks = len / 64;
    for (std::size_t blk = 0; blk < fullBlocks; ++blk)
        compressBlock(state, data + blk * 64, offsets);

    // The padded tail (FIPS 180-4 §5.1.1): the last bytes, 0x80, zeros, the length in bits; one or two
    // blocks per lane, laid out 128 bytes apart.
    const std::size_t tail = len % 64;
    const int tailBlocks = tail < 56 ? 1 : 2;
    alignas(64) unsigned char pad[kLanes][128];
    std::memset(pad, 0, sizeof pad);
    const std::uint64_t bits = std::uint64_t(len) * 8;
    for (int i = 0; i < kLanes; ++i) {
        std::memcpy(pad[i], data + std::size_t(i) * stride + fullBlocks * 64, tail);
        pad[i][tail] = 0x80;
        for (int byte = 0; byte < 8; ++byte)
            pad[i][tailBlocks * 64 - 1 - byte] = static_cast<unsigned char>(bits >> (8 * byte));
    }
    const __m512i padOffsets = _mm512_mullo_epi32(
        _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0), _mm512_set1_epi32(128));
    for (int blk = 0; blk < tailBlocks; ++blk)
        compressBlock(state, &pad[0][0] + blk * 64, padOffsets);

    alignas(64) std::uint32_t words[8][kLanes];
    for (int k = 0; k < 8; ++k)
        _mm512_store_si512(reinterpret_cast<__m512i*>(words[k]), state[k]);
    for (int i = 0; i < kLanes; ++i)
        for (int k = 0; k < 8; ++k)
            for (int byte = 0; byte < 4; ++byte)
                out[i][std::size_t(4 * k + byte)] = static_cast<unsigned char>(words[k][i] >> (24 - 8 * byte));
}

bool cpuHasLanes()
{
    // __builtin_cpu_supports also checks that the OS saves the AVX-512 registers (XCR0).
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
}

#endif // AS_SHA256_LANES

} // namespace

bool sha256LanesAvailable()
{
#ifdef AS_SHA256_LANES
    static const bool available = cpuHasLanes();
    return available;
#else
    return false;
#endif
}

void setSha256LanesEnabled(bool enabled)
{
    g_lanesEnabled.store(enabled, std::memory_order_relaxed);
}

void sha256Chunks(const void* data, std::size_t len, std::size_t chunk, Sha256Digest* out)
{
    if (chunk == 0 || len == 0)
        return;
    const auto* bytes = static_cast<const unsigned char*>(data);
    const std::size_t count = sha256ChunkCount(len, chunk);
    std::size_t done = 0;
#ifdef AS_SHA256_LANES
    const std::size_t full = len / chunk;
    if (sha256LanesAvailable() && g_lanesEnabled.load(std::memory_order_relaxed)
        && chunk <= (std::size_t(INT_MAX) - 64) / kLanes) {
        for (; done + kLanes <= full; done += kLanes)
            hash16(bytes + done * chunk, chunk, chunk, out + done);
    }
#endif
    for (; done < count; ++done) {
        const std::size_t at = done * chunk;
        out[done] = sha256(bytes + at, std::min(chunk, len - at));
    }
}

} // namespace as::util
