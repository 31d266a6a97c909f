#include "core/crypto/StreamCipher.h"

#include "core/crypto/Aead.h"
#include "core/crypto/Hash.h"
#include "core/crypto/Random.h"

#include <QIODevice>
#include <QtEndian>
#include <cstring>
#include <openssl/crypto.h>

namespace as::crypto {

using detail::GcmContext;

namespace {

constexpr char kMagic[4] = { 'A', 'S', 'E', '1' };
constexpr quint8 kVersion = 1;
constexpr int kPrefixOffset = 12; // magic 4 | version 1 | reserved 3 | chunk size 4
constexpr int kPrefixSize = 8;
constexpr int kCommitOffset = 20;
constexpr quint64 kMaxChunks = quint64(1) << 32; // the nonce carries a 32-bit index
constexpr qsizetype kAadSize = kStreamHeaderSize + 8 + 1;

const QString& cancelledMessage()
{
    static const QString msg = QStringLiteral("cancelled");
    return msg;
}

Error cancelledError()
{
    return makeError(ErrorCode::Internal, cancelledMessage());
}

bool validChunkSize(qint64 c)
{
    return c >= kMinChunkSize && c <= kMaxChunkSize;
}

// Binds the key to the header, so a wrong key is recognised at once and a ciphertext cannot be made to
// open under two different keys (GCM alone is not key-committing).
QByteArray keyCommitment(const SecretKey& key, const unsigned char* headerStart)
{
    Sha256 h;
    static constexpr char label[] = "AmazingStore ASE1 key commitment";
    h.update(label, sizeof label - 1);
    h.update(key.data(), SecretKey::kSize);
    h.update(headerStart, kCommitOffset);
    return h.finish();
}

struct Layout {
    quint64 chunks = 0;
    qint64 plaintext = 0;
    qint64 lastSealed = 0;
};

Result<Layout> layoutFor(qint64 ctSize, qint64 chunkSize)
{
    const qint64 body = ctSize - kStreamHeaderSize;
    if (!validChunkSize(chunkSize))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("invalid chunk size %1").arg(chunkSize));
    if (body < kTagSize)
        return makeError(ErrorCode::IntegrityFailure,
            QStringLiteral("ciphertext of %1 bytes is too short to hold a chunk (truncated)").arg(ctSize));
    const qint64 full = chunkSize + kTagSize;
    Layout l;
    l.chunks = quint64((body + full - 1) / full);
    l.lastSealed = body - qint64(l.chunks - 1) * full;
    if (l.chunks > kMaxChunks || (l.chunks > 1 && l.lastSealed <= kTagSize))
        return makeError(ErrorCode::IntegrityFailure,
            QStringLiteral("ciphertext size %1 is not a valid ASE1 size (truncated or extended)").arg(ctSize));
    l.plaintext = body - qint64(l.chunks) * kTagSize;
    return l;
}

void putAadIndex(QByteArray& aad, quint64 index, bool final)
{
    auto* p = reinterpret_cast<uchar*>(aad.data()) + kStreamHeaderSize;
    qToBigEndian<quint64>(index, p);
    p[8] = final ? 1 : 0;
}

void makeNonce(unsigned char* nonce, const unsigned char* prefix, quint64 index)
{
    std::memcpy(nonce, prefix, kPrefixSize);
    qToBigEndian<quint32>(quint32(index), nonce + kPrefixSize);
}

// Reads until `want` bytes or end of input. -1 on a read error.
qint64 readFull(QIODevice& in, char* buf, qint64 want)
{
    qint64 got = 0;
    while (got < want) {
        const qint64 n = in.read(buf + got, want - got);
        // Sockets and pipes report their end as -1; only a file's -1 is an error.
        if (n < 0 && in.isSequential() && in.atEnd())
            break;
        if (n < 0)
            return -1;
        if (n == 0) {
            // A pipe or socket may simply have nothing yet; a file at 0 is at its end.
            if (in.isSequential() && in.waitForReadyRead(30000))
                continue;
            break;
        }
        got += n;
    }
    return got;
}

Status writeAll(QIODevice& out, const char* buf, qint64 size)
{
    qint64 done = 0;
    while (done < size) {
        const qint64 n = out.write(buf + done, size - done);
        if (n <= 0)
            return makeError(ErrorCode::Io, QStringLiteral("write failed (disk full?): %1").arg(out.errorString()));
        done += n;
    }
    return Status::success();
}

Error readError(QIODevice& in)
{
    return makeError(ErrorCode::Io, QStringLiteral("read failed: %1").arg(in.errorString()));
}

// Plaintext must not linger in freed memory, on error paths too.
struct WipeOnExit {
    QByteArray (&bufs)[2];
    ~WipeOnExit()
    {
        for (QByteArray& b : bufs)
            OPENSSL_cleanse(b.data(), std::size_t(b.size()));
    }
};

bool cancelled(const StreamOptions& o)
{
    return o.cancel && o.cancel->load(std::memory_order_relaxed);
}

} // namespace

qint64 ciphertextSize(qint64 plaintextSize, qint64 chunkSize)
{
    if (plaintextSize < 0 || !validChunkSize(chunkSize))
        return -1;
    const quint64 chunks = plaintextSize == 0 ? 1 : quint64((plaintextSize + chunkSize - 1) / chunkSize);
    if (chunks > kMaxChunks)
        return -1;
    return kStreamHeaderSize + plaintextSize + qint64(chunks) * kTagSize;
}

Result<qint64> plaintextSizeFor(qint64 ctSize, qint64 chunkSize)
{
    auto l = layoutFor(ctSize, chunkSize);
    if (!l)
        return l.error();
    return l->plaintext;
}

bool isCancelled(const Error& error)
{
    return error.code == ErrorCode::Internal && error.message == cancelledMessage();
}

// ---- ChunkEncryptor ----

struct ChunkEncryptor::State {
    SecretKey key;
    GcmContext gcm;
    QByteArray aad; // header || index || final flag
    qint64 chunkSize = 0;
    quint64 next = 0;
    bool finished = false;
};

ChunkEncryptor::ChunkEncryptor(std::unique_ptr<State> state)
    : m_state(std::move(state))
{ }
ChunkEncryptor::~ChunkEncryptor() = default;
ChunkEncryptor::ChunkEncryptor(ChunkEncryptor&&) noexcept = default;
ChunkEncryptor& ChunkEncryptor::operator=(ChunkEncryptor&&) noexcept = default;

Result<ChunkEncryptor> ChunkEncryptor::create(const SecretKey& key, qint64 chunkSize)
{
    if (!validChunkSize(chunkSize))
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("chunk size must be between %1 and %2 bytes, got %3")
                .arg(kMinChunkSize)
                .arg(kMaxChunkSize)
                .arg(chunkSize));
    auto s = std::unique_ptr<State>(new State { key, {}, QByteArray(kAadSize, '\0'), chunkSize, 0, false });
    auto* h = reinterpret_cast<uchar*>(s->aad.data());
    std::memcpy(h, kMagic, 4);
    h[4] = kVersion;
    qToBigEndian<quint32>(quint32(chunkSize), h + 8);
    if (auto st = fillRandom(h + kPrefixOffset, kPrefixSize); !st)
        return st.error();
    const QByteArray commit = keyCommitment(key, h);
    std::memcpy(h + kCommitOffset, commit.constData(), kSha256Size);
    if (auto st = s->gcm.init(key, true); !st)
        return st.error();
    return ChunkEncryptor(std::move(s));
}

QByteArray ChunkEncryptor::header() const
{
    return m_state->aad.left(kStreamHeaderSize);
}
qint64 ChunkEncryptor::chunkSize() const
{
    return m_state->chunkSize;
}

Status ChunkEncryptor::sealChunkInPlace(quint64 index, unsigned char* buffer, qint64 size, bool final)
{
    State& s = *m_state;
    if (s.finished || index != s.next || index >= kMaxChunks || size < 0 || size > s.chunkSize
        || (!final && size != s.chunkSize) || (final && index > 0 && size == 0))
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("chunk %1 (%2 bytes, final=%3) breaks the chunk sequence").arg(index).arg(size).arg(final));
    unsigned char nonce[detail::kGcmNonceSize];
    makeNonce(nonce, reinterpret_cast<const uchar*>(s.aad.constData()) + kPrefixOffset, index);
    putAadIndex(s.aad, index, final);
    if (auto st = s.gcm.seal(nonce, s.aad, buffer, size, buffer, buffer + size); !st)
        return st;
    s.next = index + 1;
    s.finished = final;
    return Status::success();
}

Status ChunkEncryptor::sealChunk(quint64 index, QByteArrayView plaintext, bool final, QByteArray& out)
{
    const qsizetype at = out.size();
    out.resize(at + plaintext.size() + kTagSize);
    auto* p = reinterpret_cast<unsigned char*>(out.data()) + at;
    if (!plaintext.isEmpty())
        std::memcpy(p, plaintext.data(), std::size_t(plaintext.size()));
    auto st = sealChunkInPlace(index, p, plaintext.size(), final);
    if (!st)
        out.truncate(at);
    return st;
}

// ---- ChunkDecryptor ----

struct ChunkDecryptor::State {
    SecretKey key;
    GcmContext gcm;
    QByteArray aad;
    qint64 chunkSize = 0;
    Layout layout;
};

ChunkDecryptor::ChunkDecryptor(std::unique_ptr<State> state)
    : m_state(std::move(state))
{ }
ChunkDecryptor::~ChunkDecryptor() = default;
ChunkDecryptor::ChunkDecryptor(ChunkDecryptor&&) noexcept = default;
ChunkDecryptor& ChunkDecryptor::operator=(ChunkDecryptor&&) noexcept = default;

Result<ChunkDecryptor> ChunkDecryptor::open(QByteArrayView header, const SecretKey& key, qint64 ctSize)
{
    if (header.size() < kStreamHeaderSize || std::memcmp(header.data(), kMagic, 4) != 0)
        return makeError(
            ErrorCode::IntegrityFailure, QStringLiteral("not an AmazingStore encrypted file (no ASE1 header)"));
    const auto* h = reinterpret_cast<const uchar*>(header.data());
    if (h[4] != kVersion)
        return makeError(ErrorCode::IntegrityFailure,
            QStringLiteral("unsupported ASE1 format version %1 (damaged, or made by a newer version)").arg(int(h[4])));
    if (h[5] || h[6] || h[7])
        return makeError(ErrorCode::IntegrityFailure, QStringLiteral("ASE1 header: reserved bytes are not zero"));
    const qint64 chunkSize = qFromBigEndian<quint32>(h + 8);
    if (!validChunkSize(chunkSize))
        return makeError(
            ErrorCode::IntegrityFailure, QStringLiteral("ASE1 header: invalid chunk size %1").arg(chunkSize));
    const QByteArray commit = keyCommitment(key, h);
    if (CRYPTO_memcmp(commit.constData(), h + kCommitOffset, kSha256Size) != 0)
        return makeError(ErrorCode::IntegrityFailure,
            QStringLiteral("wrong key for this file, or its header was altered (key commitment mismatch)"));
    Layout layout;
    if (ctSize >= 0) {
        auto l = layoutFor(ctSize, chunkSize);
        if (!l)
            return l.error();
        layout = *l;
    }
    auto s = std::unique_ptr<State>(new State { key, {}, QByteArray(kAadSize, '\0'), chunkSize, layout });
    std::memcpy(s->aad.data(), header.data(), kStreamHeaderSize);
    if (auto st = s->gcm.init(key, false); !st)
        return st.error();
    return ChunkDecryptor(std::move(s));
}

qint64 ChunkDecryptor::chunkSize() const
{
    return m_state->chunkSize;
}
quint64 ChunkDecryptor::chunkCount() const
{
    return m_state->layout.chunks;
}
qint64 ChunkDecryptor::plaintextSize() const
{
    return m_state->layout.plaintext;
}

qint64 ChunkDecryptor::sealedChunkOffset(quint64 index) const
{
    return kStreamHeaderSize + qint64(index) * (m_state->chunkSize + kTagSize);
}

qint64 ChunkDecryptor::sealedChunkSize(quint64 index) const
{
    const Layout& l = m_state->layout;
    if (index >= l.chunks)
        return -1;
    return index + 1 == l.chunks ? l.lastSealed : m_state->chunkSize + kTagSize;
}

Status ChunkDecryptor::openChunk(quint64 index, unsigned char* buf, qint64 sealedSize, bool final)
{
    State& s = *m_state;
    if (index >= kMaxChunks || sealedSize < kTagSize || sealedSize > s.chunkSize + kTagSize)
        return makeError(ErrorCode::IntegrityFailure,
            QStringLiteral("chunk %1 has an impossible size of %2 bytes (truncated?)").arg(index).arg(sealedSize));
    const qint64 size = sealedSize - kTagSize;
    unsigned char nonce[detail::kGcmNonceSize];
    makeNonce(nonce, reinterpret_cast<const uchar*>(s.aad.constData()) + kPrefixOffset, index);
    putAadIndex(s.aad, index, final);
    auto ok = s.gcm.open(nonce, s.aad, buf, size, buf, buf + size);
    if (!ok)
        return ok.error();
    if (!*ok) {
        OPENSSL_cleanse(buf, std::size_t(size));
        return makeError(ErrorCode::IntegrityFailure,
            QStringLiteral("chunk %1 failed authentication: the data was altered, reordered, truncated "
                           "or extended")
                .arg(index));
    }
    return Status::success();
}

Status ChunkDecryptor::openChunkInPlace(quint64 index, unsigned char* buffer, qint64 sealedSize)
{
    const Layout& l = m_state->layout;
    if (index >= l.chunks)
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("chunk %1 is out of range (%2 chunks)").arg(index).arg(l.chunks));
    if (sealedSize != sealedChunkSize(index))
        return makeError(ErrorCode::IntegrityFailure,
            QStringLiteral("chunk %1 is %2 bytes, expected %3").arg(index).arg(sealedSize).arg(sealedChunkSize(index)));
    return openChunk(index, buffer, sealedSize, index + 1 == l.chunks);
}

Result<QByteArray> ChunkDecryptor::decryptChunk(quint64 index, QByteArrayView sealed)
{
    QByteArray buf(sealed.data(), sealed.size());
    if (auto st = openChunkInPlace(index, reinterpret_cast<unsigned char*>(buf.data()), buf.size()); !st)
        return st.error();
    buf.truncate(buf.size() - kTagSize);
    return buf;
}

Result<QByteArray> ChunkDecryptor::decryptChunk(quint64 index, QIODevice& ciphertext)
{
    const qint64 size = sealedChunkSize(index);
    if (size < 0)
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("chunk %1 is out of range (%2 chunks)").arg(index).arg(chunkCount()));
    if (!ciphertext.seek(sealedChunkOffset(index)))
        return makeError(
            ErrorCode::Io, QStringLiteral("cannot seek to chunk %1: %2").arg(index).arg(ciphertext.errorString()));
    QByteArray buf(size, Qt::Uninitialized);
    const qint64 n = readFull(ciphertext, buf.data(), size);
    if (n < 0)
        return readError(ciphertext);
    if (n != size)
        return makeError(ErrorCode::IntegrityFailure,
            QStringLiteral("chunk %1 is cut short: %2 of %3 bytes").arg(index).arg(n).arg(size));
    if (auto st = openChunkInPlace(index, reinterpret_cast<unsigned char*>(buf.data()), size); !st)
        return st.error();
    buf.truncate(size - kTagSize);
    return buf;
}

// ---- streaming ----

namespace {

// Reads `in` a chunk of `chunkBytes` at a time, one chunk ahead so that each knows whether it is the last,
// into wiped buffers of `bufferBytes`, and hands each to `each(index, data, length, final)`; progress counts
// from `doneBefore`.
template <class Each>
Status forEachChunk(QIODevice& in, qint64 chunkBytes, qint64 bufferBytes, const StreamOptions& options,
    qint64 totalHint, qint64 doneBefore, Each each)
{
    QByteArray bufs[2] = { QByteArray(bufferBytes, Qt::Uninitialized), QByteArray(bufferBytes, Qt::Uninitialized) };
    const WipeOnExit wipe { bufs };
    int cur = 0;
    qint64 n = readFull(in, bufs[cur].data(), chunkBytes);
    qint64 done = doneBefore;
    for (quint64 index = 0;; ++index) {
        if (n < 0)
            return readError(in);
        if (cancelled(options))
            return cancelledError();
        qint64 next = 0;
        if (n == chunkBytes) {
            next = readFull(in, bufs[1 - cur].data(), chunkBytes);
            if (next < 0)
                return readError(in);
        }
        const bool final = next == 0;
        if (auto st = each(index, bufs[cur].data(), n, final); !st)
            return st;
        done += n;
        if (options.progress)
            options.progress(done, totalHint);
        if (final)
            break;
        cur = 1 - cur;
        n = next;
    }
    return Status::success();
}

} // namespace

Status encryptDevice(
    QIODevice& in, QIODevice& out, const SecretKey& key, const StreamOptions& options, qint64 totalHint)
{
    auto enc = ChunkEncryptor::create(key, options.chunkSize);
    if (!enc)
        return enc.error();
    const QByteArray header = enc->header();
    if (auto st = writeAll(out, header.constData(), header.size()); !st)
        return st;
    const qint64 c = options.chunkSize;
    return forEachChunk(
        in, c, c + kTagSize, options, totalHint, 0, [&](quint64 index, char* data, qint64 n, bool final) -> Status {
            if (auto st = enc->sealChunkInPlace(index, reinterpret_cast<unsigned char*>(data), n, final); !st)
                return st;
            return writeAll(out, data, n + kTagSize);
        });
}

Status decryptDevice(
    QIODevice& in, QIODevice& out, const SecretKey& key, const StreamOptions& options, qint64 totalHint)
{
    char header[kStreamHeaderSize];
    const qint64 hn = readFull(in, header, kStreamHeaderSize);
    if (hn < 0)
        return readError(in);
    if (hn < 4 || (hn < kStreamHeaderSize && std::memcmp(header, kMagic, 4) == 0))
        return makeError(ErrorCode::IntegrityFailure,
            QStringLiteral("encrypted file is truncated: %1 bytes, shorter than its header").arg(hn));
    auto dec = ChunkDecryptor::open(QByteArrayView(header, hn), key, -1);
    if (!dec)
        return dec.error();
    const qint64 full = dec->chunkSize() + kTagSize;
    return forEachChunk(in, full, full, options, totalHint, kStreamHeaderSize,
        [&](quint64 index, char* data, qint64 n, bool final) -> Status {
            if (n < kTagSize)
                return makeError(ErrorCode::IntegrityFailure,
                    QStringLiteral("encrypted file is truncated: chunk %1 has only %2 bytes").arg(index).arg(n));
            if (final && index > 0 && n == kTagSize)
                return makeError(ErrorCode::IntegrityFailure,
                    QStringLiteral("encrypted file has an empty chunk %1 after full ones (extended)").arg(index));
            if (auto st = dec->openChunk(index, reinterpret_cast<unsigned char*>(data), n, final); !st)
                return st;
            return writeAll(out, data, n - kTagSize);
        });
}

} // namespace as::crypto
