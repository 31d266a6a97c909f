// DirectFetch: the DC's /data/{id} in one stream, each piece checked against the torrent's v1 hashes and
// handed over in memory. libtorrent TU (torrent parsing and SHA-1 only; the transfer itself is Qt's).
#include "core/transfer/DirectFetch.h"

#include "core/transfer/LtConvert.h"
#include "core/transfer/PlainHttpGet.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <cstring>
#include <libtorrent/hasher.hpp>
#include <malloc.h>
#include <mutex>
#include <libtorrent/torrent_info.hpp>

namespace lt = libtorrent;

namespace as::transfer {

namespace {
// Bytes Qt may hold for us beyond what we read: with the queue below, what a slow reader costs in memory.
constexpr qint64 kReadBuffer = 8 * 1024 * 1024;
// Verified bytes waiting for the reader (at least two pieces, so the fetch never waits for a whole piece).
constexpr qint64 kQueueBytes = 16 * 1024 * 1024;
// Bytes read in one go before the event loop gets a turn.
constexpr qint64 kReadSlice = 4 * 1024 * 1024;
// Qt's network buffers are large and freed and allocated again all through a fetch; glibc's defaults hand
// such memory back to the kernel and fault fresh pages in every time (a third of the system time of a
// 200 MB get). Keep up to 64 MiB of freed heap for reuse, once per process (docs/transfer.md).
void keepFreedBuffers()
{
    static std::once_flag once;
    std::call_once(once, [] {
        mallopt(M_MMAP_THRESHOLD, 16 * 1024 * 1024);
        mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
    });
}
} // namespace

VerifiedStream::VerifiedStream(qint64 capacity)
    : m_capacity(capacity)
{ }

void VerifiedStream::push(QByteArray piece)
{
    {
        const std::lock_guard lock(m_mutex);
        m_queued += piece.size();
        m_pieces.push_back(std::move(piece));
    }
    m_changed.notify_all();
}

QByteArray VerifiedStream::takeBuffer(qint64 size)
{
    {
        const std::lock_guard lock(m_mutex);
        while (!m_spare.empty()) {
            QByteArray b = std::move(m_spare.front());
            m_spare.pop_front();
            if (b.size() == size && b.isDetached())
                return b;
        }
    }
    return QByteArray(size, Qt::Uninitialized);
}

bool VerifiedStream::hasRoom() const
{
    const std::lock_guard lock(m_mutex);
    return m_queued < m_capacity;
}

void VerifiedStream::finish(State s)
{
    {
        const std::lock_guard lock(m_mutex);
        if (m_state != State::Running)
            return;
        m_state = s;
        if (s == State::Failed) { // nothing more will be read: free the memory now
            m_pieces.clear();
            m_queued = 0;
        }
    }
    m_changed.notify_all();
}

void VerifiedStream::setOnRoom(std::function<void()> wake)
{
    const std::lock_guard lock(m_mutex);
    m_onRoom = std::move(wake);
}

qint64 VerifiedStream::read(char* data, qint64 maxSize)
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_queued > 0 || m_state != State::Running; });
    if (m_state == State::Failed)
        return -1;
    const bool wasFull = m_queued >= m_capacity;
    qint64 copied = 0;
    while (copied < maxSize && !m_pieces.empty()) {
        const QByteArray& front = m_pieces.front();
        const qint64 n = std::min(maxSize - copied, front.size() - m_frontUsed);
        std::memcpy(data + copied, front.constData() + m_frontUsed, size_t(n));
        copied += n;
        m_frontUsed += n;
        if (m_frontUsed == front.size()) {
            if (m_spare.size() < 4)
                m_spare.push_back(std::move(m_pieces.front()));
            m_pieces.pop_front();
            m_frontUsed = 0;
        }
    }
    m_queued -= copied;
    // Under the lock: the fetch clears m_onRoom under it before it goes away.
    if (wasFull && m_queued < m_capacity && m_onRoom)
        m_onRoom();
    return copied; // 0: done, the end of the object
}

qint64 VerifiedStream::available() const
{
    const std::lock_guard lock(m_mutex);
    return m_queued;
}

VerifiedReader::VerifiedReader(std::shared_ptr<VerifiedStream> stream)
    : m_stream(std::move(stream))
{ }

bool VerifiedReader::open(OpenMode mode)
{
    if (mode != ReadOnly && mode != (ReadOnly | Unbuffered))
        return false;
    // Unbuffered: QIODevice's own buffer would ask for more than is verified and hide the wait.
    return QIODevice::open(ReadOnly | Unbuffered);
}

qint64 VerifiedReader::bytesAvailable() const
{
    return m_stream->available() + QIODevice::bytesAvailable();
}

qint64 VerifiedReader::readData(char* data, qint64 maxSize)
{
    const qint64 n = m_stream->read(data, maxSize);
    if (n < 0)
        setErrorString(QStringLiteral("the object's download from the data center stopped"));
    return n;
}

DirectFetch::DirectFetch(QObject* parent)
    : QObject(parent)
{ }

DirectFetch::~DirectFetch()
{
    abort();
    detachStream();
}

Status DirectFetch::start(const Params& params)
{
    auto ti = parseTorrent(params.torrent);
    if (!ti)
        return ti.error();
    const lt::torrent_info& info = **ti;
    if (!info.v1() || info.num_files() < 1)
        return makeError(
            ErrorCode::InvalidArgument, QStringLiteral("the torrent has no v1 piece hashes to check against"));
    m_pieceLength = info.piece_length();
    m_pieces = info.num_pieces();
    m_size = info.files().file_size(lt::file_index_t(0));
    m_v1Total = info.total_size(); // with a tail pad file, more than the object's size
    m_hashes.reserve(m_pieces * 20);
    for (int i = 0; i < m_pieces; ++i)
        m_hashes.append(info.hash_for_piece_ptr(lt::piece_index_t(i)), 20);
    keepFreedBuffers();
    m_piece.resize(m_pieceLength);
    m_stream = std::make_shared<VerifiedStream>(std::max(kQueueBytes, 2 * m_pieceLength));
    // The reader made room: continue on this object's thread (Qt drops the call if we are gone by then).
    m_stream->setOnRoom([self = QPointer<DirectFetch>(this), raw = this]() {
        QMetaObject::invokeMethod(raw, [self]() {
            if (self) {
                if (self->m_plain)
                    self->m_plain->setPaused(false);
                self->onReadyRead();
                if (self && self->m_finishPending)
                    self->onDone();
            }
        }, Qt::QueuedConnection);
    });

    if (PlainHttpGet::handles(params.url)) {
        m_plain = new PlainHttpGet(this);
        m_body = m_plain;
        connect(m_plain, &QIODevice::readyRead, this, &DirectFetch::onReadyRead);
        connect(m_plain, &PlainHttpGet::finished, this, &DirectFetch::onDone);
        m_plain->start(params.url, params.transferTimeoutMs);
        return Status::success();
    }
    m_nam = new QNetworkAccessManager(this);
    QNetworkRequest req(params.url);
    req.setTransferTimeout(params.transferTimeoutMs);
    // The object is random-looking ciphertext: compression would only cost CPU on both ends.
    req.setRawHeader("Accept-Encoding", "identity");
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    m_reply = m_nam->get(req);
    m_body = m_reply;
    m_reply->setReadBufferSize(kReadBuffer);
    connect(m_reply, &QNetworkReply::readyRead, this, &DirectFetch::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &DirectFetch::onDone);
    return Status::success();
}

void DirectFetch::detachStream()
{
    if (m_stream)
        m_stream->setOnRoom({}); // after this, the reader never calls into this object
}

void DirectFetch::abort()
{
    if (!m_done) { // stopped from outside: a reader waiting for more bytes must stop too
        m_done = true;
        if (m_stream)
            m_stream->finish(VerifiedStream::State::Failed);
    }
    m_body = nullptr;
    if (PlainHttpGet* p = std::exchange(m_plain, nullptr)) {
        p->disconnect(this);
        p->abort();
        p->deleteLater();
    }
    if (QNetworkReply* r = std::exchange(m_reply, nullptr)) {
        r->disconnect(this);
        r->abort();
        r->deleteLater();
    }
}

void DirectFetch::onReadyRead()
{
    if (!m_body || m_done)
        return;
    const int status
        = m_plain ? m_plain->status() : m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0)
        return; // no answer (yet): onDone says why, e.g. the DC is not listening
    if (status != 200)
        return fail(QStringLiteral("the data center answered HTTP %1 for the object's bytes").arg(status));
    // Loopback can deliver faster than we hash: yield to the event loop now and then, so progress ticks and
    // the reader's wake-ups are not held up behind a long read loop.
    qint64 budget = kReadSlice;
    for (;;) {
        if (budget <= 0) {
            QMetaObject::invokeMethod(this, &DirectFetch::onReadyRead, Qt::QueuedConnection);
            return;
        }
        if (m_next >= m_pieces) {
            if (m_body->bytesAvailable() > 0)
                return fail(QStringLiteral("the data center sent more bytes than the object has"));
            return;
        }
        // The piece's share of the file (the last one is shorter).
        const qint64 want = std::min(m_pieceLength, m_size - qint64(m_next) * m_pieceLength);
        if (m_filled < want) {
            const qint64 got = m_body->read(m_piece.data() + m_filled, want - m_filled);
            if (got <= 0)
                return;
            m_filled += got;
            budget -= got;
        }
        if (m_filled < want)
            return;
        if (!m_stream->hasRoom()) { // paused: the reader's wake-up continues here, the socket waits meanwhile
            if (m_plain)
                m_plain->setPaused(true);
            return;
        }
        if (!takePiece())
            return;
    }
}

bool DirectFetch::takePiece()
{
    const qint64 len = m_filled;
    lt::hasher h(m_piece.constData(), int(len));
    // A v1 piece past the file's end (a hybrid's tail padding) is hashed with zeros in place of the pad.
    const qint64 padded = std::min(m_pieceLength, m_v1Total - qint64(m_next) * m_pieceLength);
    if (padded > len) {
        const QByteArray zeros(padded - len, '\0');
        h.update(zeros.constData(), int(zeros.size()));
    }
    const lt::sha1_hash digest = h.final();
    if (std::memcmp(digest.data(), m_hashes.constData() + qsizetype(m_next) * 20, 20) != 0) {
        fail(QStringLiteral("the data center sent piece %1 that does not match the torrent").arg(m_next));
        return false;
    }
    // The buffer goes to the reader as it is; the next piece gets a fresh one.
    QByteArray verified = std::exchange(m_piece, m_stream->takeBuffer(m_pieceLength));
    verified.truncate(len);
    m_stream->push(std::move(verified));
    m_verified += len;
    m_filled = 0;
    ++m_next;
    return true;
}

void DirectFetch::onDone()
{
    if (!m_body || m_done)
        return;
    m_finishPending = false;
    onReadyRead(); // what arrived with the last notification
    if (m_done || !m_body)
        return;
    if (m_plain ? m_plain->failed() : m_reply->error() != QNetworkReply::NoError)
        return fail(QStringLiteral("fetching the object from the data center failed: %1")
                        .arg(m_plain ? m_plain->failure() : m_reply->errorString()));
    if (m_verified != m_size && (m_filled > 0 || m_body->bytesAvailable() > 0) && !m_stream->hasRoom()) {
        m_finishPending = true; // the rest is here but waits for room in the queue
        return;
    }
    if (m_verified != m_size)
        return fail(QStringLiteral("the data center sent %1 of the object's %2 bytes").arg(m_verified).arg(m_size));
    m_done = true;
    abort();
    m_stream->finish(VerifiedStream::State::Done);
    emit finished(true, {});
}

void DirectFetch::fail(const QString& message)
{
    if (m_done)
        return;
    m_done = true;
    abort();
    m_stream->finish(VerifiedStream::State::Failed);
    emit finished(false, message);
}

} // namespace as::transfer
