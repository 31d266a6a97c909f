// PieceHashIndex: piece hashes of hybrid torrents for the disk back end. libtorrent TU.
#include "core/transfer/PieceHashIndex.h"

#include "core/util/Merkle.h"

#include <cstring>

namespace lt = libtorrent;

namespace as::transfer {

std::optional<lt::sha1_hash> PieceHashes::v1Answer(
    const lt::file_storage& files, lt::piece_index_t piece, lt::span<const lt::sha256_hash> blocks) const
{
    if (blocks.empty())
        return std::nullopt;
    const lt::file_index_t file = files.file_index_at_piece(piece);
    const auto& layer = layers[std::size_t(static_cast<int>(file))];
    const std::int64_t inFile = static_cast<int>(piece) - files.file_offset(file) / files.piece_length();
    if (inFile < 0 || inFile >= std::int64_t(layer.size()))
        return std::nullopt;
    std::vector<util::Sha256Digest> leaves(blocks.size());
    for (std::size_t i = 0; i < leaves.size(); ++i)
        std::memcpy(leaves[i].data(), blocks[i].data(), leaves[i].size());
    const util::Sha256Digest root
        = util::merkleRoot(std::move(leaves), util::blockTreeWidth(files.file_size(file), files.piece_length()));
    if (std::memcmp(root.data(), layer[std::size_t(inFile)].data(), root.size()) != 0)
        return lt::sha1_hash(); // all zeros: not the piece's SHA-1
    return v1[std::size_t(static_cast<int>(piece))];
}

std::optional<lt::sha256_hash> PieceHashIndex::keyOf(const lt::file_storage& files)
{
    for (const lt::file_index_t f : files.file_range()) {
        if (files.pad_file_at(f))
            continue;
        const lt::sha256_hash root = files.root(f);
        if (root.is_all_zeros())
            return std::nullopt;
        return root;
    }
    return std::nullopt;
}

std::optional<lt::sha256_hash> PieceHashIndex::add(const lt::torrent_info& ti)
{
    if (!ti.info_hashes().has_v1() || !ti.info_hashes().has_v2())
        return std::nullopt;
    const lt::file_storage& files = ti.orig_files();
    const auto key = keyOf(files);
    if (!key)
        return std::nullopt;
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_entries.find(*key); it != m_entries.end()) {
            ++it->second.refs;
            return key;
        }
    }
    auto hashes = std::make_shared<PieceHashes>();
    hashes->v1.reserve(std::size_t(ti.num_pieces()));
    for (const lt::piece_index_t p : ti.piece_range())
        hashes->v1.push_back(ti.hash_for_piece(p));
    for (const lt::file_index_t f : files.file_range()) {
        std::vector<lt::sha256_hash> layer;
        const lt::span<const char> bytes = files.pad_file_at(f) ? lt::span<const char>() : ti.piece_layer(f);
        if (bytes.empty() && files.file_size(f) > ti.piece_length())
            return std::nullopt; // piece layers missing (e.g. metadata from peers): no shortcut
        if (!bytes.empty()) {
            const std::int64_t pieces = (files.file_size(f) + ti.piece_length() - 1) / ti.piece_length();
            if (bytes.size() != pieces * std::int64_t(lt::sha256_hash::size()))
                return std::nullopt;
            layer.resize(std::size_t(pieces));
            for (std::size_t i = 0; i < layer.size(); ++i)
                std::memcpy(layer[i].data(), bytes.data() + i * lt::sha256_hash::size(), lt::sha256_hash::size());
        }
        hashes->layers.push_back(std::move(layer));
    }
    std::lock_guard lock(m_mutex);
    auto& e = m_entries[*key];
    if (!e.hashes)
        e.hashes = std::move(hashes);
    ++e.refs;
    return key;
}

void PieceHashIndex::remove(const lt::sha256_hash& key)
{
    std::lock_guard lock(m_mutex);
    auto it = m_entries.find(key);
    if (it != m_entries.end() && --it->second.refs <= 0)
        m_entries.erase(it);
}

std::shared_ptr<const PieceHashes> PieceHashIndex::find(const lt::file_storage& files) const
{
    const auto key = keyOf(files);
    if (!key)
        return nullptr;
    std::lock_guard lock(m_mutex);
    auto it = m_entries.find(*key);
    if (it == m_entries.end() || it->second.hashes->v1.size() != std::size_t(files.num_pieces())
        || it->second.hashes->layers.size() != std::size_t(files.num_files()))
        return nullptr;
    return it->second.hashes;
}

} // namespace as::transfer
