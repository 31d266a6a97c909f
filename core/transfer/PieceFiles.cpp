// PieceFiles: a torrent's byte ranges on its files, with pread/pwrite. libtorrent TU.
#include "core/transfer/PieceFiles.h"

#include <libtorrent/session_handle.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <mutex>
#include <type_traits>
#include <sys/stat.h>
#include <unistd.h>

namespace lt = libtorrent;
namespace fs = std::filesystem;

namespace as::transfer {

namespace {

lt::error_code lastError()
{
    return lt::error_code(errno, lt::system_category());
}

lt::error_code fsError(const std::error_code& ec)
{
    return lt::error_code(ec.value(), lt::system_category());
}

// Repeats `op(done)` — one pread or pwrite of the bytes from `done` on — until `len` bytes, the end of
// the file (0) or an error; EINTR is retried. Returns the bytes done, or -1 (errno set).
template <class Op> std::int64_t untilDone(std::int64_t len, Op op)
{
    std::int64_t done = 0;
    while (done < len) {
        const ssize_t n = op(done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        done += n;
    }
    return done;
}

// Full-length pread: false on error; `*got` is what the file had (less than len at its end).
bool preadAll(int fd, char* buf, std::int64_t len, std::int64_t offset, std::int64_t* got)
{
    *got = untilDone(len, [&](std::int64_t done) { return ::pread(fd, buf + done, size_t(len - done), off_t(offset + done)); });
    return *got >= 0;
}

// The kernel sizes the page-cache folios of a buffered write after its length. On this project's VMs,
// folios of 1 MiB and more are dear (most likely host faults on memory the balloon gave back), smaller ones
// are not: 1 GiB in 4 MiB writes cost 0.9-1.9 s of system time, in 256 KiB writes 0.25-0.4 s
// (docs/transfer.md "Disk back end"). A 256 KiB folio is still a large one.
constexpr std::int64_t kWriteChunk = 256 * 1024;

bool pwriteAll(int fd, const char* buf, std::int64_t len, std::int64_t offset)
{
    const std::int64_t n = untilDone(len, [&](std::int64_t done) {
        return ::pwrite(fd, buf + done, size_t(std::min(len - done, kWriteChunk)), off_t(offset + done));
    });
    if (n >= 0 && n < len)
        errno = EIO; // a regular file never takes 0 bytes
    return n == len;
}

// Calls `f(slice, bytes)` for each slice of [offset, offset + len) of `piece` that lies in a real file,
// `bytes` pointing at its part of `buf`; pad files read as zeros (when `zeroPads`) and are skipped. Stops at
// the first false.
template <class Byte, class F>
bool eachSlice(const lt::file_storage& files, lt::piece_index_t piece, int offset, Byte* buf, int len, bool zeroPads, F f)
{
    std::int64_t at = 0;
    for (const lt::file_slice& s : files.map_block(piece, offset, len)) {
        Byte* bytes = buf + at;
        at += s.size;
        if (files.pad_file_at(s.file_index)) {
            if constexpr (!std::is_const_v<Byte>)
                if (zeroPads)
                    std::memset(bytes, 0, size_t(s.size));
            continue;
        }
        if (!f(s, bytes))
            return false;
    }
    return true;
}

} // namespace

PieceFiles::PieceFiles(
    const lt::file_storage& geometry, const lt::file_storage* names, std::string savePath, lt::storage_mode_t mode)
    : m_files(geometry)
    , m_savePath(std::move(savePath))
    , m_mode(mode)
    , m_handles(std::size_t(geometry.num_files()))
{
    const lt::file_storage& n = names ? *names : geometry;
    m_relativePaths.reserve(std::size_t(geometry.num_files()));
    for (const lt::file_index_t i : geometry.file_range())
        m_relativePaths.push_back(n.file_path(i));
}

PieceFiles::~PieceFiles()
{
    std::unique_lock lock(m_ioLock);
    closeAllLocked();
}

std::string PieceFiles::pathOf(lt::file_index_t file) const
{
    const std::string& rel = m_relativePaths[std::size_t(static_cast<int>(file))];
    if (fs::path(rel).is_absolute())
        return rel;
    return (fs::path(m_savePath) / rel).string();
}

bool PieceFiles::openHandle(lt::file_index_t file, bool forWrite, Handle& h, lt::storage_error& error)
{
    const std::string path = pathOf(file);
    int fd = -1;
    if (forWrite) {
        std::error_code ec;
        fs::create_directories(fs::path(path).parent_path(), ec);
        if (ec) {
            error = lt::storage_error(fsError(ec), file, lt::operation_t::mkdir);
            return false;
        }
        fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (fd >= 0 && m_mode == lt::storage_mode_allocate) {
            const int rc = ::posix_fallocate(fd, 0, off_t(m_files.file_size(file)));
            if (rc != 0 && rc != EOPNOTSUPP && rc != EINVAL) {
                ::close(fd);
                errno = rc;
                fd = -1;
            }
        }
    } else {
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    }
    if (fd < 0) {
        error = lt::storage_error(lastError(), file, lt::operation_t::file_open);
        return false;
    }
    if (h.fd >= 0)
        ::close(h.fd);
    h.fd = fd;
    h.writable = forWrite;
    return true;
}

int PieceFiles::descriptor(
    lt::file_index_t file, bool forWrite, std::shared_lock<std::shared_mutex>& io, lt::storage_error& error)
{
    Handle& h = m_handles[std::size_t(static_cast<int>(file))];
    if (h.fd >= 0 && (h.writable || !forWrite))
        return h.fd;

    // (Re)open under the exclusive lock, then go back to shared for the I/O. The shared lock is taken again
    // only after the exclusive one is released, on the error paths too (taking it inside deadlocked).
    io.unlock();
    bool opened = true;
    {
        std::unique_lock excl(m_ioLock);
        if (!(h.fd >= 0 && (h.writable || !forWrite)))
            opened = openHandle(file, forWrite, h, error);
    }
    io.lock();
    if (!opened)
        return -1;
    // Another thread may have closed it between the two locks (release_files): the caller retries.
    return (h.fd >= 0 && (h.writable || !forWrite)) ? h.fd : descriptor(file, forWrite, io, error);
}

bool PieceFiles::read(lt::piece_index_t piece, int offset, char* buf, int len, bool zeroFillMissing,
    lt::storage_error& error)
{
    std::shared_lock io(m_ioLock);
    return eachSlice(m_files, piece, offset, buf, len, true, [&](const lt::file_slice& s, char* dst) {
        lt::storage_error openError;
        const int fd = descriptor(s.file_index, false, io, openError);
        if (fd < 0) {
            if (zeroFillMissing && openError.ec.value() == ENOENT) {
                std::memset(dst, 0, size_t(s.size));
                return true;
            }
            error = openError;
            return false;
        }
        std::int64_t got = 0;
        if (!preadAll(fd, dst, s.size, s.offset, &got)) {
            error = lt::storage_error(lastError(), s.file_index, lt::operation_t::file_read);
            return false;
        }
        if (got < s.size) {
            if (!zeroFillMissing) {
                error = lt::storage_error(
                    lt::errors::make_error_code(lt::errors::file_too_short), s.file_index, lt::operation_t::file_read);
                return false;
            }
            std::memset(dst + got, 0, size_t(s.size - got));
        }
        return true;
    });
}

bool PieceFiles::tryReadCached(lt::piece_index_t piece, int offset, char* buf, int len)
{
    std::shared_lock io(m_ioLock, std::try_to_lock);
    if (!io.owns_lock())
        return false;
    return eachSlice(m_files, piece, offset, buf, len, true, [&](const lt::file_slice& s, char* dst) {
        const int fd = m_handles[std::size_t(static_cast<int>(s.file_index))].fd;
        iovec v { dst, size_t(s.size) };
        // Not open yet, not cached (EAGAIN), short, or an error the worker will report.
        return fd >= 0 && ::preadv2(fd, &v, 1, off_t(s.offset), RWF_NOWAIT) == ssize_t(s.size);
    });
}

bool PieceFiles::write(lt::piece_index_t piece, int offset, const char* buf, int len, lt::storage_error& error)
{
    std::shared_lock io(m_ioLock);
    return eachSlice(m_files, piece, offset, buf, len, false, [&](const lt::file_slice& s, const char* src) {
        const int fd = descriptor(s.file_index, true, io, error);
        if (fd < 0)
            return false;
        std::lock_guard serial(m_writeLock);
        if (!pwriteAll(fd, src, s.size, s.offset)) {
            error = lt::storage_error(lastError(), s.file_index, lt::operation_t::file_write);
            return false;
        }
        return true;
    });
}

bool PieceFiles::matchesResumeData(const lt::add_torrent_params& rd, lt::storage_error& error)
{
    std::shared_lock io(m_ioLock);
    const bool seedMode = bool(rd.flags & lt::torrent_flags::seed_mode);
    // The size each file must have at least for the pieces the resume data says we have.
    std::vector<std::int64_t> needed(std::size_t(m_files.num_files()), 0);
    for (const lt::piece_index_t p : m_files.piece_range()) {
        const bool have = seedMode || (p < rd.have_pieces.end_index() && rd.have_pieces[p]);
        if (!have)
            continue;
        for (const lt::file_slice& s : m_files.map_block(p, 0, m_files.piece_size(p)))
            needed[std::size_t(static_cast<int>(s.file_index))]
                = std::max(needed[std::size_t(static_cast<int>(s.file_index))], s.offset + s.size);
    }
    for (const lt::file_index_t f : m_files.file_range()) {
        const std::int64_t want = needed[std::size_t(static_cast<int>(f))];
        if (want == 0 || m_files.pad_file_at(f))
            continue;
        struct stat st {};
        if (::stat(pathOf(f).c_str(), &st) != 0) {
            error = lt::storage_error(lastError(), f, lt::operation_t::file_stat);
            return false;
        }
        if (std::int64_t(st.st_size) < want || (seedMode && std::int64_t(st.st_size) != m_files.file_size(f))) {
            error = lt::storage_error(
                lt::errors::make_error_code(lt::errors::mismatching_file_size), f, lt::operation_t::check_resume);
            return false;
        }
    }
    return true;
}

bool PieceFiles::hasAnyFile() const
{
    std::shared_lock io(m_ioLock);
    for (const lt::file_index_t f : m_files.file_range()) {
        std::error_code ec;
        if (!m_files.pad_file_at(f) && fs::exists(pathOf(f), ec))
            return true;
    }
    return false;
}

void PieceFiles::closeAllLocked()
{
    for (Handle& h : m_handles) {
        if (h.fd >= 0)
            ::close(h.fd);
        h = Handle {};
    }
}

void PieceFiles::closeAll()
{
    std::unique_lock lock(m_ioLock);
    closeAllLocked();
}

bool PieceFiles::rename(lt::file_index_t file, const std::string& newName, lt::storage_error& error)
{
    std::unique_lock lock(m_ioLock);
    Handle& h = m_handles[std::size_t(static_cast<int>(file))];
    if (h.fd >= 0)
        ::close(h.fd);
    h = Handle {};
    const std::string from = pathOf(file);
    std::string& rel = m_relativePaths[std::size_t(static_cast<int>(file))];
    const std::string old = rel;
    rel = newName;
    const std::string to = pathOf(file);
    std::error_code ec;
    if (fs::exists(from, ec)) {
        fs::create_directories(fs::path(to).parent_path(), ec);
        if (!ec)
            fs::rename(from, to, ec);
        if (ec) {
            rel = old;
            error = lt::storage_error(fsError(ec), file, lt::operation_t::file_rename);
            return false;
        }
    }
    return true;
}

bool PieceFiles::remove(lt::remove_flags_t options, lt::storage_error& error)
{
    std::unique_lock lock(m_ioLock);
    closeAllLocked();
    if (!(options & lt::session_handle::delete_files))
        return true; // no part file to delete: pieces of unwanted files are not kept aside
    std::vector<fs::path> folders;
    for (const lt::file_index_t f : m_files.file_range()) {
        if (m_files.pad_file_at(f))
            continue;
        const fs::path p = pathOf(f);
        std::error_code ec;
        if (!fs::remove(p, ec) && ec && ec != std::errc::no_such_file_or_directory) {
            error = lt::storage_error(fsError(ec), f, lt::operation_t::file_remove);
            return false;
        }
        // The torrent's own folders (multi-file torrents), deepest first, if they are now empty.
        for (fs::path d = p.parent_path(); d.string().size() > m_savePath.size() && d != d.parent_path();
             d = d.parent_path())
            folders.push_back(d);
    }
    std::sort(folders.begin(), folders.end(), [](const fs::path& a, const fs::path& b) {
        return a.string().size() > b.string().size();
    });
    for (const fs::path& d : folders) {
        std::error_code ec;
        fs::remove(d, ec); // only succeeds when empty
    }
    return true;
}

std::pair<lt::status_t, std::string> PieceFiles::move(
    const std::string& newSavePath, lt::move_flags_t flags, lt::storage_error& error)
{
    std::unique_lock lock(m_ioLock);
    closeAllLocked();
    const fs::path target = fs::absolute(newSavePath);
    auto destination = [&](lt::file_index_t f) {
        const std::string& rel = m_relativePaths[std::size_t(static_cast<int>(f))];
        return fs::path(rel).is_absolute() ? fs::path(rel) : target / rel;
    };
    if (flags == lt::move_flags_t::fail_if_exist) {
        for (const lt::file_index_t f : m_files.file_range()) {
            std::error_code ec;
            if (!m_files.pad_file_at(f) && fs::exists(destination(f), ec)) {
                error = lt::storage_error(
                    lt::error_code(EEXIST, lt::system_category()), f, lt::operation_t::file_rename);
                return { lt::status_t::file_exist, m_savePath };
            }
        }
    }
    for (const lt::file_index_t f : m_files.file_range()) {
        if (m_files.pad_file_at(f))
            continue;
        const fs::path from = pathOf(f);
        const fs::path to = destination(f);
        std::error_code ec;
        if (!fs::exists(from, ec) || from == to)
            continue;
        if (fs::exists(to, ec) && flags == lt::move_flags_t::dont_replace)
            continue;
        fs::create_directories(to.parent_path(), ec);
        if (!ec)
            fs::rename(from, to, ec);
        if (ec == std::errc::cross_device_link) { // another file system: copy, then remove the original
            ec.clear();
            fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
            if (!ec)
                fs::remove(from, ec);
        }
        if (ec) {
            error = lt::storage_error(fsError(ec), f, lt::operation_t::file_rename);
            return { lt::status_t::fatal_disk_error, m_savePath };
        }
    }
    m_savePath = target.string();
    return { lt::status_t::no_error, m_savePath };
}

std::vector<lt::open_file_state> PieceFiles::openFiles() const
{
    std::shared_lock lock(m_ioLock);
    std::vector<lt::open_file_state> out;
    for (const lt::file_index_t f : m_files.file_range()) {
        const Handle& h = m_handles[std::size_t(static_cast<int>(f))];
        if (h.fd >= 0)
            out.push_back({ f, h.writable ? lt::file_open_mode::read_write : lt::file_open_mode::read_only,
                lt::clock_type::now() });
    }
    return out;
}

} // namespace as::transfer
