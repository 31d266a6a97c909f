// PieceDiskIo: whole-piece write-back disk back end for libtorrent 2.0. libtorrent TU.
//
// Writes (network thread) copy a block into its piece's buffer and complete at once. async_hash (a worker)
// takes the piece's buffer, hashes it (SHA-1 for v1, SHA-256 per block for v2) and writes it with one
// pwrite before answering, so a piece libtorrent has verified is on disk. Pieces that are not complete in
// memory (spilled under memory pressure, or already on disk: seed mode, rechecks) are read back whole.
// Past the buffer cap, writes ask libtorrent to wait (disk_observer) and the least recently written
// partial pieces are spilled to disk. Jobs that change a storage's files (stop, release, delete, move,
// rename, check) wait for the storage's earlier jobs, as libtorrent's fences do.
#include "core/transfer/PieceDiskIo.h"

#include "core/transfer/DiskWorkers.h"
#include "core/transfer/PieceBufferPool.h"
#include "core/transfer/PieceFiles.h"
#include "core/transfer/PieceHashIndex.h"
#include "core/util/Sha256Lanes.h"

#include <libtorrent/add_torrent_params.hpp>
#include <libtorrent/disk_buffer_holder.hpp>
#include <libtorrent/disk_observer.hpp>
#include <libtorrent/hasher.hpp>
#include <libtorrent/settings_pack.hpp>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

namespace lt = libtorrent;

namespace as::transfer {

namespace {

constexpr int kBlock = lt::default_block_size;
// Hashed and written together: sixteen blocks, one pass of the SHA-256 lanes, small enough to stay in the
// L2 cache between the hash and the pwrite.
constexpr int kSegment = 16 * kBlock;

int blocksIn(int bytes) { return (bytes + kBlock - 1) / kBlock; }

// A read's buffer until libtorrent takes it (free_disk_buffer deletes it then); freed here if the
// completion never runs, as at session teardown. Copyable, because completions are std::functions.
class PendingBuffer {
public:
    explicit PendingBuffer(int len)
        : m_data(std::make_shared<std::unique_ptr<char[]>>(new char[std::size_t(std::max(len, 1))]))
    {
    }
    char* get() const { return m_data->get(); }
    char* release() const { return m_data->release(); }

private:
    std::shared_ptr<std::unique_ptr<char[]>> m_data;
};

// The v2 hash of each 16 KiB block of a piece's `size` bytes, all at once: sixteen blocks go through the
// AVX-512 lanes together where the CPU has them (core/util/Sha256Lanes.h).
void hashBlocks(const char* data, int size, lt::span<lt::sha256_hash> out)
{
    std::vector<util::Sha256Digest> digests(util::sha256ChunkCount(std::size_t(size), kBlock));
    util::sha256Chunks(data, std::size_t(size), kBlock, digests.data());
    for (std::size_t i = 0; i < digests.size() && i < std::size_t(out.size()); ++i)
        out[i] = lt::sha256_hash(reinterpret_cast<const char*>(digests[i].data()));
}

struct Piece {
    std::unique_ptr<char[]> data;
    int capacity = 0;
    std::vector<bool> have; // per 16 KiB block
    int blocks = 0;
    std::uint64_t touched = 0;
};

struct Storage {
    Storage(const lt::storage_params& p, std::shared_ptr<const PieceHashes> h)
        : files(p.files)
        , disk(files, p.mapped_files, p.path, p.mode)
        , hashes(std::move(h))
    {
    }
    // A copy: a spill may still write a piece after libtorrent removed the torrent (and freed its
    // torrent_info); every other job keeps the torrent alive through the handler it holds.
    const lt::file_storage files;
    PieceFiles disk;
    const std::shared_ptr<const PieceHashes> hashes; // null: compute both hashes of a hybrid
    // Guarded by PieceDiskIo::m_mutex:
    std::map<lt::piece_index_t, Piece> pieces; // written blocks not yet on disk
    std::set<lt::piece_index_t> busy; // pieces a worker holds (hashing or writing them out)
    std::set<std::uint64_t> pendingJobs; // sequence numbers of queued or running jobs
    lt::storage_error deferred; // a spill's write error, reported by the next write or hash
};

class PieceDiskIo final : public lt::disk_interface, public lt::buffer_allocator_interface {
public:
    PieceDiskIo(lt::io_context& ios, const lt::settings_interface& settings,
        std::shared_ptr<const PieceHashIndex> index)
        : m_settings(settings)
        , m_index(std::move(index))
        , m_workers(ios, workerCount(settings))
    {
        settings_updated();
    }

    ~PieceDiskIo() override { m_workers.stop(true); }

    lt::storage_holder new_torrent(const lt::storage_params& p, const std::shared_ptr<void>&) override
    {
        std::lock_guard lock(m_mutex);
        int slot;
        if (!m_freeSlots.empty()) {
            slot = m_freeSlots.back();
            m_freeSlots.pop_back();
        } else {
            slot = int(m_storages.size());
            m_storages.emplace_back();
        }
        m_storages[std::size_t(slot)] = std::make_shared<Storage>(p, m_index ? m_index->find(p.files) : nullptr);
        return lt::storage_holder(lt::storage_index_t(slot), *this);
    }

    void remove_torrent(lt::storage_index_t idx) override
    {
        std::lock_guard lock(m_mutex);
        auto& st = m_storages[std::size_t(static_cast<int>(idx))];
        if (st) {
            for (auto& [piece, buf] : st->pieces)
                releaseLocked(std::move(buf));
            st->pieces.clear();
        }
        st.reset(); // jobs still queued hold their own reference
        m_freeSlots.push_back(static_cast<int>(idx));
    }

    void async_read(lt::storage_index_t idx, const lt::peer_request& r,
        std::function<void(lt::disk_buffer_holder, const lt::storage_error&)> handler, lt::disk_job_flags_t) override
    {
        std::shared_ptr<Storage> st;
        {
            std::lock_guard lock(m_mutex);
            st = storageLocked(idx);
        }
        if (!validRequest(*st, r)) { // libtorrent checked it too
            const lt::storage_error error(lt::errors::make_error_code(lt::errors::invalid_request), lt::operation_t::file_read);
            post([this, h = std::move(handler), error] { h(lt::disk_buffer_holder(*this, nullptr, 0), error); });
            return;
        }
        const PendingBuffer out(r.length);
        bool done;
        bool onDisk; // neither in memory nor being written out by a worker
        {
            std::lock_guard lock(m_mutex);
            done = copyBufferedLocked(*st, r.piece, r.start, r.length, out.get());
            onDisk = !done && !st->busy.count(r.piece) && !st->pieces.count(r.piece);
        }
        // A block in the page cache is copied here: handing it to a worker costs more than the copy.
        if (onDisk)
            done = st->disk.tryReadCached(r.piece, r.start, out.get(), r.length);
        if (done) {
            post([this, out, len = r.length, h = std::move(handler)] {
                h(lt::disk_buffer_holder(*this, out.release(), len), lt::storage_error());
            });
            return;
        }
        enqueue(idx, false, [this, out, r, h = std::move(handler)](Storage& st) mutable {
            waitIdle(st, r.piece);
            lt::storage_error error;
            st.disk.read(r.piece, r.start, out.get(), r.length, false, error);
            post([this, out, len = r.length, h = std::move(h), error] {
                h(lt::disk_buffer_holder(*this, out.release(), len), error);
            });
        });
    }

    bool async_write(lt::storage_index_t idx, const lt::peer_request& r, const char* buf,
        std::shared_ptr<lt::disk_observer> observer, std::function<void(const lt::storage_error&)> handler,
        lt::disk_job_flags_t) override
    {
        lt::storage_error error;
        bool full = false;
        bool direct = false;
        std::shared_ptr<Storage> st;
        {
            std::lock_guard lock(m_mutex);
            st = storageLocked(idx);
            if (!validRequest(*st, r)) { // libtorrent checked it too: a bad one must not touch memory
                error = lt::storage_error(lt::errors::make_error_code(lt::errors::invalid_request), lt::operation_t::file_write);
                post([h = std::move(handler), error] { h(error); });
                return false;
            }
            std::swap(error, st->deferred);
            const int pieceSize = st->files.piece_size(r.piece);
            auto it = st->pieces.find(r.piece);
            if (it == st->pieces.end()) {
                Piece p;
                p.capacity = pieceSize;
                p.data = takeBufferLocked(pieceSize);
                p.have.assign(std::size_t(blocksIn(pieceSize)), false);
                m_bufferedBytes += pieceSize;
                it = st->pieces.emplace(r.piece, std::move(p)).first;
            }
            Piece& p = it->second;
            std::memcpy(p.data.get() + r.start, buf, std::size_t(r.length));
            p.touched = ++m_clock;
            // libtorrent writes whole blocks; anything else goes straight to the file as well and leaves
            // the piece incomplete in memory, so its hash reads it back.
            direct = r.start % kBlock != 0 || (r.length != kBlock && r.start + r.length != pieceSize);
            if (!direct) {
                const auto b = std::size_t(r.start / kBlock);
                if (!p.have[b]) {
                    p.have[b] = true;
                    ++p.blocks;
                }
            }
            if (m_bufferedBytes > m_cap) {
                full = true;
                if (observer)
                    m_observers.insert(observer);
                scheduleSpillLocked();
            }
        }
        if (direct && !error)
            st->disk.write(r.piece, r.start, buf, r.length, error);
        post([h = std::move(handler), error] { h(error); });
        return full;
    }

    void async_hash(lt::storage_index_t idx, lt::piece_index_t piece, lt::span<lt::sha256_hash> v2,
        lt::disk_job_flags_t flags,
        std::function<void(lt::piece_index_t, const lt::sha1_hash&, const lt::storage_error&)> handler) override
    {
        const bool v1 = bool(flags & lt::disk_interface::v1_hash);
        enqueue(idx, false, [this, piece, v2, v1, h = std::move(handler)](Storage& st) mutable {
            lt::storage_error error;
            const lt::sha1_hash hash = hashPiece(st, piece, v1, v2, error);
            post([h = std::move(h), piece, hash, error] { h(piece, hash, error); });
        });
    }

    void async_hash2(lt::storage_index_t idx, lt::piece_index_t piece, int offset, lt::disk_job_flags_t,
        std::function<void(lt::piece_index_t, const lt::sha256_hash&, const lt::storage_error&)> handler) override
    {
        enqueue(idx, false, [this, piece, offset, h = std::move(handler)](Storage& st) mutable {
            const int len = piece >= lt::piece_index_t(0) && piece < st.files.end_piece() && offset >= 0
                ? std::min(kBlock, st.files.piece_size2(piece) - offset)
                : 0;
            char block[kBlock];
            lt::storage_error error;
            if (len <= 0) {
                error = lt::storage_error(lt::errors::make_error_code(lt::errors::invalid_request), lt::operation_t::file_read);
                post([h = std::move(h), piece, error] { h(piece, lt::sha256_hash(), error); });
                return;
            }
            waitIdle(st, piece);
            bool buffered;
            {
                std::lock_guard lock(m_mutex);
                buffered = copyBufferedLocked(st, piece, offset, len, block);
            }
            if (!buffered)
                st.disk.read(piece, offset, block, len, true, error);
            const lt::sha256_hash hash = lt::hasher256(block, len).final();
            post([h = std::move(h), piece, hash, error] { h(piece, hash, error); });
        });
    }

    void async_move_storage(lt::storage_index_t idx, std::string path, lt::move_flags_t flags,
        std::function<void(lt::status_t, const std::string&, const lt::storage_error&)> handler) override
    {
        enqueue(idx, true, [this, path = std::move(path), flags, h = std::move(handler)](Storage& st) mutable {
            lt::storage_error error = flushAll(st);
            std::pair<lt::status_t, std::string> result { lt::status_t::fatal_disk_error, path };
            if (!error)
                result = st.disk.move(path, flags, error);
            post([h = std::move(h), result, error] { h(result.first, result.second, error); });
        });
    }

    void async_release_files(lt::storage_index_t idx, std::function<void()> handler) override
    {
        enqueue(idx, true, [this, h = std::move(handler)](Storage& st) mutable {
            flushAll(st); // a write error stays for the next write or hash to report
            st.disk.closeAll();
            if (h)
                post(std::move(h));
        });
    }

    void async_check_files(lt::storage_index_t idx, const lt::add_torrent_params* resume,
        lt::aux::vector<std::string, lt::file_index_t>, std::function<void(lt::status_t, const lt::storage_error&)> handler) override
    {
        // The resume data outlives the job (the torrent keeps it until this answers); copy what is read.
        lt::add_torrent_params rd;
        if (resume) {
            rd.have_pieces = resume->have_pieces;
            rd.unfinished_pieces = resume->unfinished_pieces;
            rd.flags = resume->flags;
        }
        enqueue(idx, true, [this, rd = std::move(rd), h = std::move(handler)](Storage& st) mutable {
            lt::storage_error error;
            const bool claims = rd.have_pieces.count() > 0 || !rd.unfinished_pieces.empty()
                || bool(rd.flags & lt::torrent_flags::seed_mode);
            lt::status_t status;
            if (!claims)
                status = st.disk.hasAnyFile() ? lt::status_t::need_full_check : lt::status_t::no_error;
            else
                status = st.disk.matchesResumeData(rd, error) ? lt::status_t::no_error : lt::status_t::need_full_check;
            if (status == lt::status_t::need_full_check)
                error = {}; // a mismatch is why we check, not a failure
            post([h = std::move(h), status, error] { h(status, error); });
        });
    }

    void async_stop_torrent(lt::storage_index_t idx, std::function<void()> handler) override
    {
        enqueue(idx, true, [this, h = std::move(handler)](Storage& st) mutable {
            flushAll(st);
            st.disk.closeAll();
            if (h)
                post(std::move(h));
        });
    }

    void async_rename_file(lt::storage_index_t idx, lt::file_index_t file, std::string name,
        std::function<void(const std::string&, lt::file_index_t, const lt::storage_error&)> handler) override
    {
        enqueue(idx, true, [this, file, name = std::move(name), h = std::move(handler)](Storage& st) mutable {
            lt::storage_error error;
            st.disk.rename(file, name, error);
            post([h = std::move(h), name = std::move(name), file, error] { h(name, file, error); });
        });
    }

    void async_delete_files(lt::storage_index_t idx, lt::remove_flags_t options,
        std::function<void(const lt::storage_error&)> handler) override
    {
        enqueue(idx, true, [this, options, h = std::move(handler)](Storage& st) mutable {
            {
                // A spill writing one of its pieces would create the file again after the delete.
                std::unique_lock lock(m_mutex);
                m_changed.wait(lock, [&] { return st.busy.empty(); });
                for (auto& [piece, buf] : st.pieces)
                    releaseLocked(std::move(buf));
                st.pieces.clear();
            }
            lt::storage_error error;
            st.disk.remove(options, error);
            post([h = std::move(h), error] { h(error); });
        });
    }

    void async_set_file_priority(lt::storage_index_t, lt::aux::vector<lt::download_priority_t, lt::file_index_t> prio,
        std::function<void(const lt::storage_error&, lt::aux::vector<lt::download_priority_t, lt::file_index_t>)>
            handler) override
    {
        // Pieces of unwanted files are written into those files (no part file): AmazingStore torrents
        // have one file, and libtorrent does not ask for pieces nobody wants.
        post([h = std::move(handler), prio = std::move(prio)]() mutable { h(lt::storage_error(), std::move(prio)); });
    }

    void async_clear_piece(
        lt::storage_index_t idx, lt::piece_index_t piece, std::function<void(lt::piece_index_t)> handler) override
    {
        {
            std::lock_guard lock(m_mutex);
            const auto& st = storageLocked(idx);
            if (auto it = st->pieces.find(piece); it != st->pieces.end()) {
                releaseLocked(std::move(it->second));
                st->pieces.erase(it);
            }
        }
        post([h = std::move(handler), piece] { h(piece); });
    }

    void update_stats_counters(lt::counters&) const override { }

    std::vector<lt::open_file_state> get_status(lt::storage_index_t idx) const override
    {
        std::shared_ptr<Storage> st;
        {
            std::lock_guard lock(m_mutex);
            st = m_storages[std::size_t(static_cast<int>(idx))];
        }
        return st ? st->disk.openFiles() : std::vector<lt::open_file_state> {};
    }

    void abort(bool wait) override { m_workers.stop(wait); }

    void submit_jobs() override { } // every job wakes a worker when queued

    void settings_updated() override
    {
        std::lock_guard lock(m_mutex);
        // Memory for pieces not yet on disk (SessionSettings::diskWriteBufferBytes sets it).
        m_cap = std::max(16 * 1024, m_settings.get_int(lt::settings_pack::max_queued_disk_bytes));
    }

    void free_disk_buffer(char* b) override { delete[] b; }

private:
    void post(std::function<void()> f) { m_workers.complete(std::move(f)); }

    static int workerCount(const lt::settings_interface& settings)
    {
        const int hw = int(std::max(2u, std::thread::hardware_concurrency()));
        return std::clamp(settings.get_int(lt::settings_pack::aio_threads), 1, std::min(hw, 8));
    }

    // A request inside one piece of the torrent.
    static bool validRequest(const Storage& st, const lt::peer_request& r)
    {
        return r.piece >= lt::piece_index_t(0) && r.piece < st.files.end_piece() && r.start >= 0 && r.length > 0
            && r.start + r.length <= st.files.piece_size(r.piece);
    }

    const std::shared_ptr<Storage>& storageLocked(lt::storage_index_t idx) const
    {
        return m_storages[std::size_t(static_cast<int>(idx))];
    }

    // Queues `work` for a worker. A fence first waits until the storage's earlier jobs are done.
    template <class F> void enqueue(lt::storage_index_t idx, bool fence, F&& work)
    {
        std::lock_guard lock(m_mutex);
        std::shared_ptr<Storage> st = storageLocked(idx);
        const std::uint64_t seq = ++m_jobSeq;
        st->pendingJobs.insert(seq);
        m_workers.run([this, st, seq, fence, w = std::make_shared<std::decay_t<F>>(std::forward<F>(work))] {
            if (fence) {
                std::unique_lock l(m_mutex);
                m_changed.wait(l, [&] { return *st->pendingJobs.begin() == seq; });
            }
            (*w)(*st);
            {
                std::lock_guard l(m_mutex);
                st->pendingJobs.erase(seq);
            }
            m_changed.notify_all();
        });
    }

    // Waits until no worker holds `piece` (a spill or a hash writing it out).
    void waitIdle(Storage& st, lt::piece_index_t piece)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return !st.busy.count(piece); });
    }

    // Copies [offset, offset+len) of a buffered piece if every block of it is in memory.
    bool copyBufferedLocked(Storage& st, lt::piece_index_t piece, int offset, int len, char* out)
    {
        auto it = st.pieces.find(piece);
        if (it == st.pieces.end() || len <= 0)
            return false;
        const Piece& p = it->second;
        for (int b = offset / kBlock; b <= (offset + len - 1) / kBlock; ++b)
            if (std::size_t(b) >= p.have.size() || !p.have[std::size_t(b)])
                return false;
        std::memcpy(out, p.data.get() + offset, std::size_t(len));
        return true;
    }

    // Writes the blocks of `p` that are in memory, one pwrite per run of consecutive blocks.
    bool writeBlocks(Storage& st, lt::piece_index_t piece, const Piece& p, lt::storage_error& error)
    {
        const int size = st.files.piece_size(piece);
        const int n = blocksIn(size);
        for (int b = 0; b < n;) {
            if (!p.have[std::size_t(b)]) {
                ++b;
                continue;
            }
            int e = b;
            while (e < n && p.have[std::size_t(e)])
                ++e;
            const int from = b * kBlock;
            const int to = std::min(size, e * kBlock);
            if (!st.disk.write(piece, from, p.data.get() + from, to - from, error))
                return false;
            b = e;
        }
        return true;
    }

    lt::sha1_hash hashPiece(
        Storage& st, lt::piece_index_t piece, bool v1, lt::span<lt::sha256_hash> v2, lt::storage_error& error)
    {
        std::optional<Piece> buffered;
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [&] { return !st.busy.count(piece); });
            if (auto node = st.pieces.extract(piece))
                buffered = std::move(node.mapped());
            st.busy.insert(piece);
            std::swap(error, st.deferred);
        }
        const int size = st.files.piece_size(piece);
        const int size2 = v2.empty() ? 0 : st.files.piece_size2(piece);
        const int blocks2 = v2.empty() ? 0 : st.files.blocks_in_piece2(piece);
        const int span = std::max(size, size2);
        const bool complete = buffered && buffered->blocks == blocksIn(size) && buffered->capacity >= span;

        lt::sha1_hash hash;
        std::unique_ptr<char[]> data;
        int capacity = 0;
        bool ok = !error;
        if (ok && buffered && !complete)
            ok = writeBlocks(st, piece, *buffered, error); // the rest is on disk: read it all back
        if (buffered && buffered->capacity >= span) {
            data = std::move(buffered->data);
            capacity = buffered->capacity;
        } else {
            std::lock_guard lock(m_mutex);
            data = takeBufferLocked(span);
            capacity = span;
        }
        if (ok && !complete)
            ok = st.disk.read(piece, 0, data.get(), span, true, error);
        if (ok) {
            // A segment at a time, each written right after it is hashed, while it is still in the cache.
            // Without piece layers the SHA-1 goes along; with them it is only needed if a layer lacks the
            // piece (a second pass then).
            const bool sha1AlongTheWay = v1 && !st.hashes;
            lt::hasher sha1;
            bool written = complete;
            for (int at = 0; at < span; at += kSegment) {
                const int n = std::min(kSegment, span - at);
                if (at < size2)
                    hashBlocks(data.get() + at, std::min(n, size2 - at), v2.subspan(std::size_t(at / kBlock)));
                if (sha1AlongTheWay && at < size)
                    sha1.update(data.get() + at, std::min(n, size - at));
                if (written && at < size)
                    written = st.disk.write(piece, at, data.get() + at, std::min(n, size - at), error);
            }
            if (v1) {
                const auto checked = st.hashes ? st.hashes->v1Answer(st.files, piece, v2.first(std::size_t(blocks2)))
                                               : std::nullopt;
                hash = checked ? *checked : sha1AlongTheWay ? sha1.final() : lt::hasher(data.get(), size).final();
            }
        }

        std::vector<std::weak_ptr<lt::disk_observer>> wake;
        {
            std::lock_guard lock(m_mutex);
            st.busy.erase(piece);
            if (buffered)
                m_bufferedBytes -= buffered->capacity;
            giveBufferLocked(std::move(data), capacity);
            wake = drainObserversLocked();
        }
        m_changed.notify_all();
        notify(std::move(wake));
        return hash;
    }

    // Writes out every buffered piece of `st` (stop, release, move). Returns the first write error.
    lt::storage_error flushAll(Storage& st)
    {
        lt::storage_error first;
        for (;;) {
            std::optional<std::pair<lt::piece_index_t, Piece>> next;
            {
                std::unique_lock lock(m_mutex);
                auto it = std::find_if(
                    st.pieces.begin(), st.pieces.end(), [&](const auto& kv) { return !st.busy.count(kv.first); });
                if (it == st.pieces.end())
                    break;
                next.emplace(it->first, std::move(it->second));
                st.pieces.erase(it);
                st.busy.insert(next->first);
            }
            lt::storage_error error;
            writeBlocks(st, next->first, next->second, error);
            if (error && !first)
                first = error;
            finishSpill(st, next->first, std::move(next->second), error);
        }
        return first;
    }

    void scheduleSpillLocked()
    {
        if (m_spillQueued)
            return;
        m_spillQueued = true;
        m_workers.run([this] { spill(); });
    }

    // Writes out the least recently written partial pieces until half the cap is free.
    void spill()
    {
        for (;;) {
            std::shared_ptr<Storage> st;
            std::optional<std::pair<lt::piece_index_t, Piece>> victim;
            {
                std::lock_guard lock(m_mutex);
                if (m_bufferedBytes <= m_cap / 2) {
                    m_spillQueued = false;
                    break;
                }
                std::uint64_t oldest = UINT64_MAX;
                for (const auto& s : m_storages) {
                    if (!s || s->deferred)
                        continue;
                    for (const auto& [piece, p] : s->pieces)
                        if (p.touched < oldest && !s->busy.count(piece)) {
                            oldest = p.touched;
                            st = s;
                            victim.emplace(piece, Piece {});
                        }
                }
                if (!st) {
                    m_spillQueued = false;
                    break; // everything left is being hashed, or cannot be written
                }
                auto it = st->pieces.find(victim->first);
                victim->second = std::move(it->second);
                st->pieces.erase(it);
                st->busy.insert(victim->first);
            }
            lt::storage_error error;
            writeBlocks(*st, victim->first, victim->second, error);
            finishSpill(*st, victim->first, std::move(victim->second), error);
        }
        std::vector<std::weak_ptr<lt::disk_observer>> wake;
        {
            std::lock_guard lock(m_mutex);
            wake = drainObserversLocked();
        }
        notify(std::move(wake));
    }

    // After writing out a piece: free it, or on a write error keep it (nothing is lost) and remember the
    // error for the torrent's next write or hash.
    void finishSpill(Storage& st, lt::piece_index_t piece, Piece p, const lt::storage_error& error)
    {
        {
            std::lock_guard lock(m_mutex);
            st.busy.erase(piece);
            if (error) {
                st.deferred = error;
                auto [it, inserted] = st.pieces.try_emplace(piece, std::move(p)); // moves p only if inserted
                if (!inserted) // blocks written meanwhile: keep both
                    for (std::size_t b = 0; b < p.have.size(); ++b)
                        if (p.have[b] && !it->second.have[b]) {
                            const int at = int(b) * kBlock;
                            const int len = std::min(kBlock, p.capacity - at);
                            std::memcpy(it->second.data.get() + at, p.data.get() + at, std::size_t(len));
                            it->second.have[b] = true;
                            ++it->second.blocks;
                        }
                if (!inserted)
                    releaseLocked(std::move(p));
            } else {
                releaseLocked(std::move(p));
            }
        }
        m_changed.notify_all();
    }

    void releaseLocked(Piece&& p)
    {
        if (!p.data)
            return;
        m_bufferedBytes -= p.capacity;
        giveBufferLocked(std::move(p.data), p.capacity);
    }

    std::unique_ptr<char[]> takeBufferLocked(int size) { return m_pool.take(size); }

    void giveBufferLocked(std::unique_ptr<char[]> b, int size)
    {
        m_pool.give(std::move(b), size, m_bufferedBytes == 0, m_cap);
    }

    std::vector<std::weak_ptr<lt::disk_observer>> drainObserversLocked()
    {
        if (m_bufferedBytes > m_cap / 2)
            return {};
        std::vector<std::weak_ptr<lt::disk_observer>> out(m_observers.begin(), m_observers.end());
        m_observers.clear();
        return out;
    }

    void notify(std::vector<std::weak_ptr<lt::disk_observer>> observers)
    {
        if (observers.empty())
            return;
        post([observers = std::move(observers)] {
            for (const auto& w : observers)
                if (auto o = w.lock())
                    o->on_disk();
        });
    }

    const lt::settings_interface& m_settings;
    const std::shared_ptr<const PieceHashIndex> m_index;

    mutable std::mutex m_mutex; // everything below but m_workers
    std::condition_variable m_changed; // a job finished or a piece became idle
    std::uint64_t m_jobSeq = 0;

    std::vector<std::shared_ptr<Storage>> m_storages;
    std::vector<int> m_freeSlots;
    PieceBufferPool m_pool;
    std::int64_t m_bufferedBytes = 0;
    std::int64_t m_cap = 0;
    std::uint64_t m_clock = 0;
    bool m_spillQueued = false;
    std::set<std::weak_ptr<lt::disk_observer>, std::owner_less<>> m_observers; // peers waiting for memory

    DiskWorkers m_workers; // last: its threads stop before the rest is destroyed
};

} // namespace

std::unique_ptr<lt::disk_interface> makePieceDiskIo(lt::io_context& ios, const lt::settings_interface& settings,
    std::shared_ptr<const PieceHashIndex> pieceHashes)
{
    return std::make_unique<PieceDiskIo>(ios, settings, std::move(pieceHashes));
}

} // namespace as::transfer
