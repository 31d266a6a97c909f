#pragma once
// Streaming file encryption, format "ASE1" (see docs/crypto.md for the byte layout and the reasoning).
//
//   file   = header || chunk_0 || ... || chunk_{n-1}          n >= 1 (an empty file has one empty chunk)
//   header = "ASE1" | version u8 | 3 zero bytes | chunk size u32 BE | nonce prefix 8 B | key commitment 32 B
//   chunk  = AES-256-GCM(plaintext of chunkSize bytes, the last one 0..chunkSize) || tag 16 B
//   nonce  = nonce prefix || chunk index u32 BE
//   AAD    = header || chunk index u64 BE || final flag u8 (1 on the last chunk only)
//
// Reordered, dropped, appended or altered chunks and a changed header all fail authentication; a wrong
// key is recognised from the key commitment before any chunk is tried. Memory stays constant (one or
// two chunks), and any chunk can be decrypted alone with ChunkDecryptor.

#include "core/crypto/SecretKey.h"
#include "core/util/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>

class QIODevice;
class QFileDevice;

namespace as::crypto {

constexpr qint64 kDefaultChunkSize = 1 << 20; // 1 MiB: tag overhead 0.0015 %, big enough to amortise setup
constexpr qint64 kMinChunkSize = 4 << 10;
constexpr qint64 kMaxChunkSize = 64 << 20;
constexpr qint64 kStreamHeaderSize = 52;
constexpr qint64 kTagSize = 16;

// Exact ciphertext size for a plaintext of `plaintextSize` bytes; -1 if the size is negative or needs
// more than 2^32 chunks.
qint64 ciphertextSize(qint64 plaintextSize, qint64 chunkSize = kDefaultChunkSize);

// Inverse of ciphertextSize(): the plaintext size, or IntegrityFailure when no plaintext size gives
// exactly this ciphertext size (truncated or extended file).
Result<qint64> plaintextSizeFor(qint64 ciphertextSize, qint64 chunkSize = kDefaultChunkSize);

// Progress: bytes of input processed so far and the total (-1 if unknown).
using ProgressFn = std::function<void(qint64 done, qint64 total)>;

struct StreamOptions {
    qint64 chunkSize = kDefaultChunkSize; // encryption only; decryption reads it from the header
    ProgressFn progress; // called after each chunk, on the calling thread
    const std::atomic<bool>* cancel = nullptr; // checked before each chunk; set it to stop early
};

// The error returned when StreamOptions::cancel was set (code Internal, this message).
bool isCancelled(const Error& error);

// Encrypts `inPath` into `outPath`. The output appears atomically (temp file in the same folder, flushed
// to disk, renamed); on any error or cancel no output file is left behind. Io on read/write/disk-full.
Status encryptFile(
    const QString& inPath, const QString& outPath, const SecretKey& key, const StreamOptions& options = {});

// Decrypts and verifies `inPath` into `outPath`. The output is renamed into place only after the final
// chunk has been verified, so a tampered or truncated file never yields an output file.
// IntegrityFailure on tampering or a wrong key, Io on disk problems.
Status decryptFile(
    const QString& inPath, const QString& outPath, const SecretKey& key, const StreamOptions& options = {});

// Receives every ciphertext byte in order, in pieces of any size (see encryptFileInto).
using CiphertextTap = std::function<void(const char* data, qint64 size)>;

// encryptFile's pipeline for a caller that embeds the stream in a container file: encrypts `in` from its
// current position to its end and writes the stream at `out`'s current position. Both must be open
// regular files; `out` is neither committed nor closed. Free space is checked up front. `tap`, when set,
// gets every byte written (stream header first) on a thread of its own while the writer writes, so
// hashing the output costs no second pass over the file and runs beside the cipher.
Status encryptFileInto(QFileDevice& in, QFileDevice& out, const SecretKey& key, const StreamOptions& options = {},
    const CiphertextTap& tap = {});

// Device variants: `in` must be open for reading and `out` for writing; neither is closed. Sequential
// devices work (the final chunk is found by reading ahead). `totalHint` only feeds progress (-1 unknown).
// decryptDevice writes plaintext as it verifies each chunk: a caller writing to a final destination must
// discard the output unless the call succeeded.
Status encryptDevice(
    QIODevice& in, QIODevice& out, const SecretKey& key, const StreamOptions& options = {}, qint64 totalHint = -1);
Status decryptDevice(
    QIODevice& in, QIODevice& out, const SecretKey& key, const StreamOptions& options = {}, qint64 totalHint = -1);

// Chunk-level encryption, for callers that produce the ciphertext piece by piece (e.g. hashing a torrent
// on the fly). Chunks must be sealed in order 0, 1, ...; exactly the last one with `final` = true, and
// every chunk but the last must be exactly chunkSize() bytes.
class ChunkEncryptor {
public:
    static Result<ChunkEncryptor> create(const SecretKey& key, qint64 chunkSize = kDefaultChunkSize);
    ~ChunkEncryptor();
    ChunkEncryptor(ChunkEncryptor&&) noexcept;
    ChunkEncryptor& operator=(ChunkEncryptor&&) noexcept;

    QByteArray header() const;
    qint64 chunkSize() const;
    // Appends plaintext's ciphertext and tag to `out` (plaintext.size() + 16 bytes).
    Status sealChunk(quint64 index, QByteArrayView plaintext, bool final, QByteArray& out);
    // In place: `buffer` holds `size` plaintext bytes and room for 16 more; the tag is written after them.
    Status sealChunkInPlace(quint64 index, unsigned char* buffer, qint64 size, bool final);

private:
    struct State;
    explicit ChunkEncryptor(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

// Random access: decrypt any chunk alone, given the header and the total ciphertext size (from the
// torrent or the file). The size decides which chunk is final, so a truncated file fails to verify.
class ChunkDecryptor {
public:
    // `header` is the first kStreamHeaderSize bytes. IntegrityFailure for a foreign format or version, a
    // wrong key (commitment mismatch) or an impossible ciphertext size: content problems are always
    // IntegrityFailure; InvalidArgument is kept for caller mistakes (bad chunk size, index out of range).
    static Result<ChunkDecryptor> open(QByteArrayView header, const SecretKey& key, qint64 ciphertextSize);
    ~ChunkDecryptor();
    ChunkDecryptor(ChunkDecryptor&&) noexcept;
    ChunkDecryptor& operator=(ChunkDecryptor&&) noexcept;

    qint64 chunkSize() const;
    quint64 chunkCount() const;
    qint64 plaintextSize() const;
    // Where sealed chunk `index` lies in the ciphertext file, and its size with the tag.
    qint64 sealedChunkOffset(quint64 index) const;
    qint64 sealedChunkSize(quint64 index) const;
    // Plaintext offset of chunk `index` in the original file.
    qint64 plaintextChunkOffset(quint64 index) const { return qint64(index) * chunkSize(); }

    // Verifies and decrypts sealed chunk `index` (ciphertext || tag).
    Result<QByteArray> decryptChunk(quint64 index, QByteArrayView sealed);
    // Reads chunk `index` from a random-access device holding the whole ciphertext, then decrypts it.
    Result<QByteArray> decryptChunk(quint64 index, QIODevice& ciphertext);
    // In place: `buffer` holds the sealed chunk (size + 16 bytes); on success its first size bytes are
    // the plaintext.
    Status openChunkInPlace(quint64 index, unsigned char* buffer, qint64 sealedSize);

private:
    friend Status decryptDevice(QIODevice&, QIODevice&, const SecretKey&, const StreamOptions&, qint64);
    // The streaming decoder does not know the total size, so it says which chunk is final.
    Status openChunk(quint64 index, unsigned char* buffer, qint64 sealedSize, bool final);

    struct State;
    explicit ChunkDecryptor(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

} // namespace as::crypto
