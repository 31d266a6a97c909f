#include "core/engine/ObjectFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStorageInfo>
#include <QtEndian>

namespace as::engine {
namespace {
const QByteArray kMagic = QByteArrayLiteral("ASO1");

Error ioError(const QString& what, const QFileDevice& f)
{
    return makeError(ErrorCode::Io, QStringLiteral("%1: %2").arg(what, f.errorString()));
}

// Reads magic + sealed metadata; leaves `in` positioned at the stream.
Result<QByteArray> readHeader(QIODevice& in)
{
    const QByteArray fixed = in.read(kObjectHeaderFixed);
    if (fixed.size() != kObjectHeaderFixed || !fixed.startsWith(kMagic))
        return makeError(ErrorCode::IntegrityFailure, QStringLiteral("the object is not an AmazingStore object"));
    const quint32 len = qFromBigEndian<quint32>(fixed.constData() + 4);
    if (len == 0 || len > quint32(crypto::kMaxSealedMetadataSize))
        return makeError(ErrorCode::IntegrityFailure, QStringLiteral("the object's metadata is malformed"));
    const QByteArray sealed = in.read(len);
    if (sealed.size() != qsizetype(len))
        return makeError(ErrorCode::IntegrityFailure, QStringLiteral("the object is truncated"));
    return sealed;
}
} // namespace

qint64 objectSize(qint64 plainSize, const QByteArray& sealedMetadata, qint64 chunkSize)
{
    const qint64 stream = crypto::ciphertextSize(plainSize, chunkSize);
    return stream < 0 ? -1 : kObjectHeaderFixed + sealedMetadata.size() + stream; // stream: header included
}

Status encryptObject(const QString& plainPath, const QString& outPath, const crypto::SecretKey& key,
    const QByteArray& sealed, const crypto::StreamOptions& options, const crypto::CiphertextTap& tap)
{
    QFile in(plainPath);
    if (!in.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return ioError(QStringLiteral("cannot read %1").arg(plainPath), in);
    if (in.isSequential())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("%1: not a regular file").arg(plainPath));
    QSaveFile out(outPath);
    if (!out.open(QIODevice::WriteOnly))
        return ioError(QStringLiteral("cannot write %1").arg(outPath), out);
    QByteArray prefix = kMagic;
    char len[4];
    qToBigEndian<quint32>(quint32(sealed.size()), len);
    prefix.append(len, 4).append(sealed);
    if (out.write(prefix) != prefix.size())
        return ioError(QStringLiteral("cannot write %1").arg(outPath), out);
    if (tap)
        tap(prefix.constData(), prefix.size());
    if (Status s = crypto::encryptFileInto(in, out, key, options, tap); !s) {
        out.cancelWriting();
        return s;
    }
    if (!out.commit())
        return ioError(QStringLiteral("cannot write %1").arg(outPath), out);
    return Status::success();
}

Result<crypto::FileMetadata> readObjectMetadata(const QString& objectPath, const crypto::SecretKey& key)
{
    QFile in(objectPath);
    if (!in.open(QIODevice::ReadOnly))
        return ioError(QStringLiteral("cannot read %1").arg(objectPath), in);
    auto sealed = readHeader(in);
    if (!sealed)
        return sealed.error();
    return crypto::openMetadata(*sealed, key);
}

QString freeFileName(const QString& dir, const QString& name)
{
    const QDir d(dir);
    if (!QFileInfo::exists(d.filePath(name)))
        return name;
    const QFileInfo fi(name);
    const QString suffix = fi.completeSuffix();
    const QString stem = suffix.isEmpty() ? name : name.left(name.size() - suffix.size() - 1);
    for (int i = 1;; ++i) {
        const QString candidate = suffix.isEmpty() ? QStringLiteral("%1 (%2)").arg(stem).arg(i)
                                                   : QStringLiteral("%1 (%2).%3").arg(stem).arg(i).arg(suffix);
        if (!QFileInfo::exists(d.filePath(candidate)))
            return candidate;
    }
}

Result<QString> decryptObject(
    const QString& objectPath, const QString& dir, const crypto::SecretKey& key, const crypto::StreamOptions& options)
{
    QFile in(objectPath);
    if (!in.open(QIODevice::ReadOnly))
        return ioError(QStringLiteral("cannot read %1").arg(objectPath), in);
    return decryptObject(in, dir, key, options);
}

Result<QString> decryptObject(
    QIODevice& in, const QString& dir, const crypto::SecretKey& key, const crypto::StreamOptions& options)
{
    auto sealed = readHeader(in);
    if (!sealed)
        return sealed.error();
    auto meta = crypto::openMetadata(*sealed, key);
    if (!meta) {
        if (meta.error().code == ErrorCode::IntegrityFailure)
            return makeError(
                ErrorCode::IntegrityFailure, QStringLiteral("wrong key: the link's key does not open this object"));
        return meta.error();
    }
    // A folder that cannot take the file fails before any work, naming the cause (a disk that fills
    // anyway meanwhile fails at the write, and QSaveFile drops its temp file).
    const QStorageInfo storage(dir);
    if (storage.isValid() && storage.bytesAvailable() >= 0 && storage.bytesAvailable() < meta->size)
        return makeError(ErrorCode::Io,
            QStringLiteral("not enough disk space in %1: %2 bytes needed, %3 free")
                .arg(dir)
                .arg(meta->size)
                .arg(storage.bytesAvailable()));
    const QString path = QDir(dir).filePath(freeFileName(dir, meta->name));
    QSaveFile out(path);
    // QSaveFile writes a temp file beside the target and renames it only on commit().
    if (!out.open(QIODevice::WriteOnly))
        return ioError(QStringLiteral("cannot write into %1").arg(dir), out);
    const qint64 streamSize = in.isSequential() ? -1 : in.size() - in.pos();
    if (Status s = crypto::decryptDevice(in, out, key, options, streamSize); !s) {
        out.cancelWriting();
        return s.error();
    }
    if (out.size() != meta->size) {
        out.cancelWriting();
        return makeError(
            ErrorCode::IntegrityFailure, QStringLiteral("the decrypted size does not match the sealed size"));
    }
    if (!out.commit())
        return ioError(QStringLiteral("cannot write %1").arg(path), out);
    if (meta->mtime.isValid()) {
        QFile f(path);
        if (f.open(QIODevice::ReadWrite))
            f.setFileTime(meta->mtime, QFileDevice::FileModificationTime);
    }
    return path;
}

} // namespace as::engine
