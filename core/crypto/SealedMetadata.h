#pragma once
// The file's name, size, MIME type and mtime, sealed with its file key so that neither the DC nor a peer
// learns them. Layout: version u8 (1) || nonce 12 B || AES-256-GCM(JSON) || tag 16 B, with its own AAD
// label so a sealed metadata blob can never be confused with a content chunk or a wrapped key.
// Transport: as::toBase64Url() of the bytes.

#include "core/crypto/SecretKey.h"
#include "core/util/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QString>

namespace as::crypto {

constexpr qsizetype kMaxSealedMetadataSize = 16 * 1024;
constexpr int kMaxFileNameBytes = 255; // UTF-8 bytes, the limit of ext4, btrfs, NTFS (in UTF-16 units) ...

struct FileMetadata {
    QString name; // a bare file name, no folders
    qint64 size = 0; // plaintext size in bytes
    QString mimeType; // may be empty
    QDateTime mtime; // may be invalid (unknown); stored in UTC, millisecond precision
};

// InvalidArgument for an empty name, a negative size or oversize fields.
Result<QByteArray> sealMetadata(const FileMetadata& metadata, const SecretKey& fileKey);

// Verifies, decrypts and validates. The returned name has passed sanitizeFileName(), so it is safe to
// join to a download folder. IntegrityFailure on tampering or a wrong key, InvalidArgument on bad content.
Result<FileMetadata> openMetadata(QByteArrayView sealed, const SecretKey& fileKey);

// Makes a name from outside (a peer, a link, the DC) safe to use as one file name inside a folder:
//  - rejects (InvalidArgument): empty or whitespace-only, ".", "..", a name made only of dots, separators
//    and control characters;
//  - cleans: '/', '\\', NUL, control characters (C0, DEL, C1), Unicode bidi/format controls and the
//    characters Windows forbids (<>:"|?*) become '_'; leading/trailing spaces and trailing dots are
//    stripped; Windows device names (CON, NUL, COM1, ...) get a '_' prefix; the name is NFC-normalised;
//    a name over kMaxFileNameBytes UTF-8 bytes is shortened, keeping a short extension.
// The same input always gives the same output, and sanitizeFileName(x) is a fixed point.
Result<QString> sanitizeFileName(QStringView name);

} // namespace as::crypto
