// DirectFetch: the DC's /data/{id} in one stream, each piece checked against the torrent's v1 hashes.
// libtorrent TU (torrent parsing and SHA-1 only; the transfer itself is Qt's).
#include "core/transfer/DirectFetch.h"

#include "core/transfer/LtConvert.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <libtorrent/hasher.hpp>
#include <libtorrent/torrent_info.hpp>
#include <unistd.h>

namespace lt = libtorrent;

namespace as::transfer {

namespace {
// Pieces are written in segments of this size: the kernel sizes page-cache folios after the write, and
// small ones were much cheaper here than 1 MiB and up (docs/transfer.md, "Why 256 KiB writes").
constexpr qint64 kWriteSegment = 256 * 1024;
// Bytes Qt may hold for us beyond what we read: bounds memory when the disk is slower than the network.
constexpr qint64 kReadBuffer = 8 * 1024 * 1024;
} // namespace

void VerifiedPrefix::set(qint64 bytes, State s)
{
    {
        const std::lock_guard lock(mutex);
        verified = bytes;
        state = s;
    }
    changed.notify_all();
}

VerifiedReader::VerifiedReader(QString path, std::shared_ptr<VerifiedPrefix> prefix)
    : m_path(std::move(path))
    , m_prefix(std::move(prefix))
{ }

bool VerifiedReader::open(OpenMode mode)
{
    if (mode != ReadOnly && mode != (ReadOnly | Unbuffered))
        return false;
    m_fd = ::open(QFile::encodeName(m_path).constData(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0) {
        setErrorString(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    // Unbuffered: QIODevice's own buffer would ask for more than is verified and hide the wait.
    return QIODevice::open(ReadOnly | Unbuffered);
}

void VerifiedReader::close()
{
    if (m_fd >= 0)
        ::close(std::exchange(m_fd, -1));
    QIODevice::close();
}

qint64 VerifiedReader::bytesAvailable() const
{
    const std::lock_guard lock(m_prefix->mutex);
    return std::max<qint64>(0, m_prefix->verified - m_pos) + QIODevice::bytesAvailable();
}

qint64 VerifiedReader::readData(char* data, qint64 maxSize)
{
    qint64 ready = 0;
    {
        std::unique_lock lock(m_prefix->mutex);
        m_prefix->changed.wait(
            lock, [this] { return m_prefix->verified > m_pos || m_prefix->state != VerifiedPrefix::State::Running; });
        if (m_prefix->state == VerifiedPrefix::State::Failed)
            return -1;
        ready = std::min(maxSize, m_prefix->verified - m_pos);
    }
    if (ready <= 0)
        return 0; // done: the end of the object
    const ssize_t n = ::pread(m_fd, data, size_t(ready), m_pos);
    if (n < 0) {
        setErrorString(QString::fromLocal8Bit(std::strerror(errno)));
        return -1;
    }
    m_pos += n;
    return n;
}

DirectFetch::DirectFetch(QObject* parent)
    : QObject(parent)
{ }

DirectFetch::~DirectFetch()
{
    abort();
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
    m_piece.resize(m_pieceLength);

    m_file = std::make_unique<QFile>(params.filePath);
    if (!m_file->open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered))
        return makeError(
            ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(params.filePath, m_file->errorString()));

    m_nam = new QNetworkAccessManager(this);
    QNetworkRequest req(params.url);
    req.setTransferTimeout(params.transferTimeoutMs);
    // The object is random-looking ciphertext: compression would only cost CPU on both ends.
    req.setRawHeader("Accept-Encoding", "identity");
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    m_reply = m_nam->get(req);
    m_reply->setReadBufferSize(kReadBuffer);
    connect(m_reply, &QNetworkReply::readyRead, this, &DirectFetch::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &DirectFetch::onDone);
    return Status::success();
}

void DirectFetch::abort()
{
    if (!m_done) { // stopped from outside: a reader waiting for more bytes must stop too
        m_done = true;
        m_prefix->set(m_verified, VerifiedPrefix::State::Failed);
    }
    if (!m_reply)
        return;
    QNetworkReply* r = std::exchange(m_reply, nullptr);
    r->disconnect(this);
    r->abort();
    r->deleteLater();
}

void DirectFetch::onReadyRead()
{
    if (!m_reply || m_done)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return fail(QStringLiteral("the data center answered HTTP %1 for the object's bytes").arg(status));
    while (m_reply && m_reply->bytesAvailable() > 0) {
        if (m_next >= m_pieces)
            return fail(QStringLiteral("the data center sent more bytes than the object has"));
        // The piece's share of the file (the last one is shorter).
        const qint64 want = std::min(m_pieceLength, m_size - qint64(m_next) * m_pieceLength);
        const qint64 got = m_reply->read(m_piece.data() + m_filled, want - m_filled);
        if (got <= 0)
            break;
        m_filled += got;
        if (m_filled == want && !takePiece())
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
    for (qint64 off = 0; off < len;) {
        // write(2) itself: the errno (ENOSPC above all) is the message the user needs, and QFile's
        // unbuffered write reports "Unknown error" for it.
        const ssize_t n
            = ::write(m_file->handle(), m_piece.constData() + off, size_t(std::min(kWriteSegment, len - off)));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int err = n < 0 ? errno : ENOSPC;
            fail(QStringLiteral("cannot write %1: %2")
                     .arg(m_file->fileName(), QString::fromLocal8Bit(std::strerror(err))));
            return false;
        }
        off += n;
    }
    m_verified += len;
    m_prefix->set(m_verified, VerifiedPrefix::State::Running);
    m_filled = 0;
    ++m_next;
    return true;
}

void DirectFetch::onDone()
{
    if (!m_reply || m_done)
        return;
    onReadyRead(); // what arrived with the last notification
    if (m_done || !m_reply)
        return;
    if (m_reply->error() != QNetworkReply::NoError)
        return fail(QStringLiteral("fetching the object from the data center failed: %1").arg(m_reply->errorString()));
    if (m_verified != m_size)
        return fail(QStringLiteral("the data center sent %1 of the object's %2 bytes").arg(m_verified).arg(m_size));
    m_done = true;
    abort();
    m_file->close();
    m_prefix->set(m_verified, VerifiedPrefix::State::Done);
    emit finished(true, {});
}

void DirectFetch::fail(const QString& message)
{
    if (m_done)
        return;
    m_done = true;
    abort();
    if (m_file)
        m_file->close();
    m_prefix->set(m_verified, VerifiedPrefix::State::Failed);
    emit finished(false, message);
}

} // namespace as::transfer
