#pragma once
// The bytes an object id stands for (the "ciphertext" the torrent, the DC and the peers carry):
//
//   "ASO1" | sealed-metadata length u32 BE | sealed metadata | crypto::StreamCipher "ASE1" stream
//
// The sealed metadata travels inside the object so that a share link alone is enough to name the file:
// a node that fetched the object from peers, with no DC reachable, still learns its name, size and type.
// Everything after the magic is opaque without the file key. See docs/node.md.

#include "core/crypto/SealedMetadata.h"
#include "core/crypto/StreamCipher.h"
#include "core/util/Result.h"

#include <QString>

namespace as::engine {

constexpr qint64 kObjectHeaderFixed = 8;

// Size of the object made of a plaintext of `plainSize` bytes (-1 if the size is impossible).
qint64 objectSize(qint64 plainSize, const QByteArray& sealedMetadata, qint64 chunkSize = crypto::kDefaultChunkSize);

// Encrypts `plainPath` into `outPath` (atomic: temp + rename, nothing left on failure). Pipelined (reader,
// cipher, writer threads); `tap`, when set, sees every byte of the object in order on a thread of its own
// while it is written (the upload hashes its torrent there). Fails rather than encrypt a file that grows or
// shrinks meanwhile, and before any work when the target's disk lacks the space.
Status encryptObject(const QString& plainPath, const QString& outPath, const crypto::SecretKey& key,
    const QByteArray& sealedMetadata, const crypto::StreamOptions& options = {}, const crypto::CiphertextTap& tap = {});

// Reads and opens the sealed metadata at the start of an object file.
Result<crypto::FileMetadata> readObjectMetadata(const QString& objectPath, const crypto::SecretKey& key);

// Verifies and decrypts an object into `dir`, named from its sealed metadata (sanitized; " (n)" added
// rather than replacing a file that exists). The file appears only once every chunk verified. Returns
// the path written.
Result<QString> decryptObject(const QString& objectPath, const QString& dir, const crypto::SecretKey& key,
    const crypto::StreamOptions& options = {});

// The same from a device open for reading at the object's start; a sequential one (an object still
// arriving) works: decryption ends with the device's end.
Result<QString> decryptObject(QIODevice& in, const QString& dir, const crypto::SecretKey& key,
    const crypto::StreamOptions& options = {});

// A name in `dir` that does not exist yet: name, "stem (1).ext", "stem (2).ext", ...
QString freeFileName(const QString& dir, const QString& name);

} // namespace as::engine
