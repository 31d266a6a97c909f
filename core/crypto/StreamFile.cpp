// File-path front ends of the stream cipher. Reading, sealing/opening and writing run as a three-stage
// pipeline (reader thread, calling thread, writer thread) over a small fixed pool of chunk buffers, so
// disk I/O overlaps the cipher and memory stays constant. The output is published atomically. An
// optional fourth stage (the tap thread) sees every output chunk beside the writer, e.g. to hash it.

#include "core/crypto/StreamCipher.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStorageInfo>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <mutex>
#include <openssl/crypto.h>
#include <optional>
#include <thread>
#include <unistd.h>
#include <vector>

namespace as::crypto {

namespace {

constexpr int kBuffers = 4;
// With a tap, a slot is held by the writer and the tapper at once; more slots keep the reader ahead.
constexpr int kBuffersWithTap = 8;

// A closable queue of buffer slots. abort() wakes everyone and makes pop() return nothing.
class SlotQueue {
public:
    void push(int slot)
    {
        {
            std::lock_guard lock(m_mutex);
            m_slots.push_back(slot);
        }
        m_cv.notify_one();
    }
    std::optional<int> pop()
    {
        std::unique_lock lock(m_mutex);
        m_cv.wait(lock, [&] { return m_aborted || m_closed || !m_slots.empty(); });
        if (m_aborted || m_slots.empty())
            return std::nullopt;
        const int s = m_slots.front();
        m_slots.pop_front();
        return s;
    }
    void close() { set(m_closed); }
    void abort() { set(m_aborted); }

private:
    void set(bool& flag)
    {
        {
            std::lock_guard lock(m_mutex);
            flag = true;
        }
        m_cv.notify_all();
    }
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<int> m_slots;
    bool m_closed = false;
    bool m_aborted = false;
};

struct Slot {
    QByteArray data;
    quint64 index = 0;
    qint64 inLen = 0;
    qint64 outLen = 0;
};

QString errnoText(int e)
{
    return QString::fromLocal8Bit(std::strerror(e));
}

class Pipeline {
public:
    // inLen(i): bytes of input chunk i at offset inOffset(i); transform seals/opens slot in place and
    // sets outLen.
    std::function<qint64(quint64)> inLen;
    std::function<qint64(quint64)> inOffset;
    std::function<Status(Slot&)> transform;
    std::function<Status()> afterRead; // e.g. "did the input grow?"
    CiphertextTap tap; // optional: gets each output chunk, in order, on its own thread
    quint64 chunks = 0;
    qint64 bufferSize = 0;
    qint64 progressBase = 0; // input bytes consumed before the chunks (the header)
    int inFd = -1;
    int outFd = -1;
    QString inPath, outPath;

    Status run(const StreamOptions& options, qint64 progressTotal)
    {
        const int buffers = tap ? kBuffersWithTap : kBuffers;
        m_slots.resize(buffers);
        m_holders = std::make_unique<std::atomic<int>[]>(std::size_t(buffers));
        for (int i = 0; i < buffers; ++i) {
            m_slots[i].data = QByteArray(bufferSize, Qt::Uninitialized);
            m_free.push(i);
        }
        // Tell the kernel we read front to back: larger readahead on real disks (a no-op on tmpfs).
        ::posix_fadvise(inFd, 0, 0, POSIX_FADV_SEQUENTIAL);
        std::thread reader([this] { readLoop(); });
        std::thread writer([this] { writeLoop(); });
        std::thread tapper;
        if (tap)
            tapper = std::thread([this] { tapLoop(); });
        qint64 done = progressBase;
        quint64 processed = 0;
        while (auto slot = m_filled.pop()) {
            Slot& s = m_slots[*slot];
            if (options.cancel && options.cancel->load(std::memory_order_relaxed)) {
                fail(makeError(ErrorCode::Internal, QStringLiteral("cancelled")));
                break;
            }
            if (auto st = transform(s); !st) {
                fail(st.error());
                break;
            }
            done += s.inLen;
            ++processed;
            if (tap) {
                m_holders[*slot].store(2);
                m_tapped.push(*slot);
            }
            m_written.push(*slot);
            // The last progress call waits until everything is on disk (below).
            if (options.progress && processed < chunks)
                options.progress(done, progressTotal);
        }
        m_written.close();
        m_tapped.close();
        reader.join();
        writer.join();
        if (tapper.joinable())
            tapper.join();
        for (Slot& s : m_slots)
            OPENSSL_cleanse(s.data.data(), std::size_t(s.data.size()));
        if (m_error)
            return *m_error;
        if (processed != chunks)
            return makeError(ErrorCode::Internal, QStringLiteral("pipeline stopped early"));
        if (options.progress)
            options.progress(done, progressTotal);
        return Status::success();
    }

private:
    void fail(Error e)
    {
        {
            std::lock_guard lock(m_errorMutex);
            if (!m_error)
                m_error = std::move(e);
        }
        m_free.abort();
        m_filled.abort();
        m_written.abort();
        m_tapped.abort();
    }

    // The writer and the tapper each give a slot back; the last one returns it to the reader.
    void release(int slot)
    {
        if (!tap || m_holders[slot].fetch_sub(1) == 1)
            m_free.push(slot);
    }

    void tapLoop()
    {
        while (const auto slot = m_tapped.pop()) {
            const Slot& s = m_slots[*slot];
            tap(s.data.constData(), s.outLen);
            release(*slot);
        }
    }

    void readLoop()
    {
        for (quint64 i = 0; i < chunks; ++i) {
            const auto slot = m_free.pop();
            if (!slot)
                return;
            Slot& s = m_slots[*slot];
            s.index = i;
            s.inLen = inLen(i);
            qint64 got = 0;
            while (got < s.inLen) {
                const ssize_t n = ::pread(inFd, s.data.data() + got, std::size_t(s.inLen - got), inOffset(i) + got);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n < 0)
                    return fail(
                        makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(inPath, errnoText(errno))));
                if (n == 0)
                    return fail(makeError(
                        ErrorCode::Io, QStringLiteral("%1 became shorter while it was being read").arg(inPath)));
                got += n;
            }
            m_filled.push(*slot);
        }
        if (afterRead) {
            if (auto st = afterRead(); !st)
                return fail(st.error());
        }
        m_filled.close();
    }

    void writeLoop()
    {
        while (const auto slot = m_written.pop()) {
            const Slot& s = m_slots[*slot];
            qint64 put = 0;
            while (put < s.outLen) {
                const ssize_t n = ::write(outFd, s.data.constData() + put, std::size_t(s.outLen - put));
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0) {
                    const int e = n < 0 ? errno : ENOSPC;
                    return fail(
                        makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(outPath, errnoText(e))));
                }
                put += n;
            }
            release(*slot);
        }
    }

    std::vector<Slot> m_slots;
    std::unique_ptr<std::atomic<int>[]> m_holders; // per slot: stages still using it (writer, tapper)
    SlotQueue m_free, m_filled, m_written, m_tapped;
    std::mutex m_errorMutex;
    std::optional<Error> m_error;
};

// "Not enough space" before any work, rather than a disk filled to the last byte and a failed write.
Status checkSpace(const QString& outPath, qint64 outSize)
{
    const QStorageInfo storage(QFileInfo(outPath).absolutePath());
    if (storage.isValid() && storage.bytesAvailable() >= 0 && storage.bytesAvailable() < outSize)
        return makeError(ErrorCode::Io,
            QStringLiteral("not enough disk space for %1: %2 bytes needed, %3 free")
                .arg(outPath)
                .arg(outSize)
                .arg(storage.bytesAvailable()));
    return Status::success();
}

Status writeFd(int fd, const char* data, qint64 size, const QString& path)
{
    qint64 put = 0;
    while (put < size) {
        const ssize_t n = ::write(fd, data + put, std::size_t(size - put));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return makeError(
                ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, errnoText(n < 0 ? errno : ENOSPC)));
        put += n;
    }
    return Status::success();
}

// Opens input and output for the path front ends.
struct Files {
    QFile in;
    QSaveFile out;
    Status open(const QString& inPath, const QString& outPath)
    {
        in.setFileName(inPath);
        if (!in.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
            return makeError(ErrorCode::Io, QStringLiteral("cannot open %1: %2").arg(inPath, in.errorString()));
        // QSaveFile writes a temp file beside the target and renames it on commit (after fsync), so readers
        // never see a partial file and a failure leaves nothing behind.
        out.setFileName(outPath);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
            return makeError(ErrorCode::Io, QStringLiteral("cannot create %1: %2").arg(outPath, out.errorString()));
        return Status::success();
    }
    Status finish(Status st)
    {
        if (!st) {
            out.cancelWriting();
            return st;
        }
        if (!out.commit())
            return makeError(
                ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(out.fileName(), out.errorString()));
        return Status::success();
    }
};

// Seals `in` from `inStart` to its end into `out` at out's position: header, then the chunk pipeline.
Status encryptPipelined(QFileDevice& in, qint64 inStart, QFileDevice& out, const SecretKey& key,
    const StreamOptions& options, const CiphertextTap& tap)
{
    const QString inPath = in.fileName();
    const QString outPath = out.fileName();
    const qint64 size = in.size() - inStart;
    const qint64 c = options.chunkSize;
    const qint64 outSize = ciphertextSize(size, c);
    if (size < 0 || outSize < 0)
        return makeError(
            ErrorCode::InvalidArgument, QStringLiteral("cannot encrypt %1: invalid size or chunk size").arg(inPath));
    if (auto st = checkSpace(outPath, outSize); !st)
        return st;
    auto enc = ChunkEncryptor::create(key, c);
    if (!enc)
        return enc.error();
    // Whatever the caller wrote through Qt's buffer goes first; from here on the fd is written directly.
    if (!out.flush())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(outPath, out.errorString()));
    const QByteArray header = enc->header();
    if (auto st = writeFd(out.handle(), header.constData(), header.size(), outPath); !st)
        return st;
    if (tap)
        tap(header.constData(), header.size()); // before the tap thread starts: stays first

    Pipeline p;
    p.chunks = size == 0 ? 1 : quint64((size + c - 1) / c);
    p.bufferSize = c + kTagSize;
    p.inFd = in.handle();
    p.outFd = out.handle();
    p.inPath = inPath;
    p.outPath = outPath;
    p.tap = tap;
    p.inOffset = [c, inStart](quint64 i) { return inStart + qint64(i) * c; };
    p.inLen = [c, size](quint64 i) { return std::min(c, size - qint64(i) * c); };
    p.afterRead = [&]() -> Status {
        char probe;
        if (::pread(p.inFd, &probe, 1, inStart + size) > 0)
            return makeError(ErrorCode::Io, QStringLiteral("%1 grew while it was being encrypted").arg(inPath));
        return Status::success();
    };
    const quint64 last = p.chunks - 1;
    p.transform = [&](Slot& s) {
        s.outLen = s.inLen + kTagSize;
        return enc->sealChunkInPlace(
            s.index, reinterpret_cast<unsigned char*>(s.data.data()), s.inLen, s.index == last);
    };
    return p.run(options, size);
}

} // namespace

Status encryptFile(const QString& inPath, const QString& outPath, const SecretKey& key, const StreamOptions& options)
{
    Files f;
    if (auto st = f.open(inPath, outPath); !st)
        return st;
    // A pipe or device has no size to plan chunks by: stream it instead.
    if (f.in.isSequential())
        return f.finish(encryptDevice(f.in, f.out, key, options));
    return f.finish(encryptPipelined(f.in, 0, f.out, key, options, {}));
}

Status encryptFileInto(
    QFileDevice& in, QFileDevice& out, const SecretKey& key, const StreamOptions& options, const CiphertextTap& tap)
{
    if (in.isSequential() || out.isSequential() || in.handle() < 0 || out.handle() < 0)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("encryptFileInto needs two open regular files"));
    return encryptPipelined(in, in.pos(), out, key, options, tap);
}

Status decryptFile(const QString& inPath, const QString& outPath, const SecretKey& key, const StreamOptions& options)
{
    Files f;
    if (auto st = f.open(inPath, outPath); !st)
        return st;
    if (f.in.isSequential())
        return f.finish(decryptDevice(f.in, f.out, key, options));
    const qint64 size = f.in.size();
    const QByteArray header = f.in.read(kStreamHeaderSize);
    if (header.size() < 4 || (header.size() < kStreamHeaderSize && header.startsWith("ASE1")))
        return f.finish(makeError(
            ErrorCode::IntegrityFailure, QStringLiteral("%1 is truncated: shorter than its header").arg(inPath)));
    auto dec = ChunkDecryptor::open(header, key, size);
    if (!dec)
        return f.finish(dec.error());
    if (auto st = checkSpace(outPath, dec->plaintextSize()); !st)
        return f.finish(st);

    Pipeline p;
    p.chunks = dec->chunkCount();
    p.bufferSize = dec->chunkSize() + kTagSize;
    p.inFd = f.in.handle();
    p.outFd = f.out.handle();
    p.inPath = inPath;
    p.outPath = outPath;
    p.progressBase = kStreamHeaderSize;
    p.inOffset = [&](quint64 i) { return dec->sealedChunkOffset(i); };
    p.inLen = [&](quint64 i) { return dec->sealedChunkSize(i); };
    p.afterRead = [&]() -> Status {
        char probe;
        if (::pread(p.inFd, &probe, 1, size) > 0)
            return makeError(ErrorCode::Io, QStringLiteral("%1 grew while it was being decrypted").arg(inPath));
        return Status::success();
    };
    // The chunk count comes from the file size, so the last chunk present is opened as final: a file cut
    // at a chunk boundary fails there.
    p.transform = [&](Slot& s) {
        s.outLen = s.inLen - kTagSize;
        return dec->openChunkInPlace(s.index, reinterpret_cast<unsigned char*>(s.data.data()), s.inLen);
    };
    return f.finish(p.run(options, size));
}

} // namespace as::crypto
