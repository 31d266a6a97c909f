#pragma once
// The files of one torrent on disk, as PieceDiskIo sees them: byte ranges of a piece mapped onto the
// torrent's files (pad files read as zeros and are never written), one descriptor per file opened on
// first use, and the file operations libtorrent asks of a storage (rename, delete, move, close).
// Thread-safe: workers read and write concurrently (pread/pwrite); closing waits for I/O in progress.
// libtorrent TU (private to core/transfer).

#include <libtorrent/add_torrent_params.hpp>
#include <libtorrent/disk_interface.hpp>
#include <libtorrent/error_code.hpp>
#include <libtorrent/file_storage.hpp>
#include <libtorrent/storage_defs.hpp>

#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

namespace as::transfer {

class PieceFiles {
public:
    // `geometry` must outlive this object; `names` (renamed files) is copied.
    PieceFiles(const libtorrent::file_storage& geometry, const libtorrent::file_storage* names, std::string savePath,
        libtorrent::storage_mode_t mode);
    ~PieceFiles();
    PieceFiles(const PieceFiles&) = delete;
    PieceFiles& operator=(const PieceFiles&) = delete;

    // Reads `len` bytes at `offset` within `piece`. Pad files read as zeros. With `zeroFillMissing`, a file
    // that does not exist or ends early reads as zeros too (hash checks of a partial download); otherwise
    // that is an error. Returns false and fills `error` on failure.
    bool read(libtorrent::piece_index_t piece, int offset, char* buf, int len, bool zeroFillMissing,
        libtorrent::storage_error& error);
    // The same read, only if it can be done at once: every file already open, no exclusive operation
    // in progress and every byte in the page cache (preadv2 RWF_NOWAIT). For the network thread, which
    // must never wait for the disk; false means "ask a worker".
    bool tryReadCached(libtorrent::piece_index_t piece, int offset, char* buf, int len);
    // Writes `len` bytes at `offset` within `piece`, creating folders and files as needed.
    bool write(libtorrent::piece_index_t piece, int offset, const char* buf, int len, libtorrent::storage_error& error);

    // Resume data check: does every piece the resume data claims lie inside files of at least that size
    // (and, for seed mode, every file have exactly its size)?
    bool matchesResumeData(const libtorrent::add_torrent_params& rd, libtorrent::storage_error& error);
    bool hasAnyFile() const;

    void closeAll();
    bool rename(libtorrent::file_index_t file, const std::string& newName, libtorrent::storage_error& error);
    bool remove(libtorrent::remove_flags_t options, libtorrent::storage_error& error);
    // Moves every file under `newSavePath`; returns the status libtorrent expects and the path now in use.
    std::pair<libtorrent::status_t, std::string> move(
        const std::string& newSavePath, libtorrent::move_flags_t flags, libtorrent::storage_error& error);
    std::vector<libtorrent::open_file_state> openFiles() const;

private:
    struct Handle {
        int fd = -1;
        bool writable = false;
    };
    // Opens `file` (for writing: creating it and its folders) unless open in a sufficient mode; returns the
    // descriptor, valid while the caller holds m_ioLock shared.
    int descriptor(libtorrent::file_index_t file, bool forWrite, std::shared_lock<std::shared_mutex>& io,
        libtorrent::storage_error& error);
    // Opens `file` into `h`; the caller holds m_ioLock exclusively.
    bool openHandle(libtorrent::file_index_t file, bool forWrite, Handle& h, libtorrent::storage_error& error);
    std::string pathOf(libtorrent::file_index_t file) const; // caller holds m_ioLock
    void closeAllLocked(); // caller holds m_ioLock exclusively

    const libtorrent::file_storage& m_files;
    std::vector<std::string> m_relativePaths; // per file, relative to the save path (or absolute)
    std::string m_savePath;
    const libtorrent::storage_mode_t m_mode;
    // Shared by every pread/pwrite, exclusive to open, close, rename, delete and move: a descriptor is
    // never closed (and its number reused) under a worker's I/O.
    mutable std::shared_mutex m_ioLock;
    // One pwrite at a time per torrent. Two workers writing one file queue on its inode lock, and the
    // kernel spins the waiter while the owner copies into fresh page-cache pages, which on these VMs can
    // take milliseconds: that burnt up to 7 % of both cores (docs/transfer.md). Here the waiter sleeps.
    std::mutex m_writeLock;
    std::vector<Handle> m_handles;
};

} // namespace as::transfer
