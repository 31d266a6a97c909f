#include "core/engine/ObjectFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QtEndian>

namespace as::engine {
namespace {
const QByteArray kMagic = QByteArrayLiteral("ASO1");

Error ioError(const QString& what, const QFileDevice& f)
{
    return makeError(ErrorCode::Io, QStringLiteral("%1: %2").arg(what, f.errorString()));
}

// Reads magic + sealed metadata; leaves `in` positioned at the stream.
Result<QByteArray> readHeader(QFile& in)
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

Status encryptObject(const QString& plainPath, const QString& outPath, const crypto::SecretKey& key,
                     const QByteArray& sealed, const crypto::StreamOptions& options)
{
    QFile in(plainPath);
    if (!in.open(QIODevice::ReadOnly))
        return ioError(QStringLiteral("cannot read %1").arg(plainPath), in);
    QSaveFile out(outPath);
    if (!out.open(QIODevice::WriteOnly))
        return ioError(QStringLiteral("cannot write %1").arg(outPath), out);
    char len[4];
    qToBigEndian<quint32>(quint32(sealed.size()), len);
    if (out.write(kMagic) != 4 || out.write(len, 4) != 4 || out.write(sealed) != sealed.size())
        return ioError(QStringLiteral("cannot write %1").arg(outPath), out);
    if (Status s = crypto::encryptDevice(in, out, key, options, in.size()); !s) {
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

Result<QString> decryptObject(const QString& objectPath, const QString& dir, const crypto::SecretKey& key,
                              const crypto::StreamOptions& options)
{
    QFile in(objectPath);
    if (!in.open(QIODevice::ReadOnly))
        return ioError(QStringLiteral("cannot read %1").arg(objectPath), in);
    auto sealed = readHeader(in);
    if (!sealed)
        return sealed.error();
    auto meta = crypto::openMetadata(*sealed, key);
    if (!meta) {
        if (meta.error().code == ErrorCode::IntegrityFailure)
            return makeError(ErrorCode::IntegrityFailure, QStringLiteral("wrong key: the link's key does not open this object"));
        return meta.error();
    }
    const QString path = QDir(dir).filePath(freeFileName(dir, meta->name));
    QSaveFile out(path);
    // QSaveFile writes a temp file beside the target and renames it only on commit().
    if (!out.open(QIODevice::WriteOnly))
        return ioError(QStringLiteral("cannot write into %1").arg(dir), out);
    const qint64 streamSize = in.size() - in.pos();
    if (Status s = crypto::decryptDevice(in, out, key, options, streamSize); !s) {
        out.cancelWriting();
        return s.error();
    }
    if (out.size() != meta->size) {
        out.cancelWriting();
        return makeError(ErrorCode::IntegrityFailure, QStringLiteral("the decrypted size does not match the sealed size"));
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
