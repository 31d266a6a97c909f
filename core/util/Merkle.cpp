#include "core/util/Merkle.h"

#include <openssl/sha.h>

#include <cstring>

namespace as::util {

Sha256Digest sha256(const void* data, std::size_t len)
{
    Sha256Digest out {};
    SHA256(static_cast<const unsigned char*>(data), len, out.data());
    return out;
}

std::size_t nextPowerOfTwo(std::size_t n)
{
    std::size_t p = 1;
    while (p < n)
        p *= 2;
    return p;
}

std::size_t blockTreeWidth(long long fileSize, long long pieceLength)
{
    constexpr long long kBlock = 16 * 1024;
    if (fileSize > pieceLength)
        return std::size_t(pieceLength / kBlock);
    return nextPowerOfTwo(std::size_t((fileSize + kBlock - 1) / kBlock));
}

Sha256Digest merkleRoot(std::vector<Sha256Digest> leaves, std::size_t width, const Sha256Digest& padLeaf)
{
    if (width == 0 || leaves.size() > width)
        return {};
    // The root of an all-padding subtree at the current level, computed as the levels rise.
    Sha256Digest pad = padLeaf;
    for (; width > 1; width /= 2) {
        std::vector<Sha256Digest> up((leaves.size() + 1) / 2);
        for (std::size_t i = 0; i < up.size(); ++i) {
            unsigned char pair[64];
            std::memcpy(pair, leaves[2 * i].data(), 32);
            std::memcpy(pair + 32, (2 * i + 1 < leaves.size() ? leaves[2 * i + 1] : pad).data(), 32);
            up[i] = sha256(pair, sizeof pair);
        }
        unsigned char pads[64];
        std::memcpy(pads, pad.data(), 32);
        std::memcpy(pads + 32, pad.data(), 32);
        pad = sha256(pads, sizeof pads);
        leaves = std::move(up);
    }
    return leaves.empty() ? pad : leaves.front();
}

} // namespace as::util
