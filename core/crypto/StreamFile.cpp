// File-path front ends of the stream cipher: open, stream, and publish the output atomically.

#include "core/crypto/StreamCipher.h"

#include <QFile>
#include <QSaveFile>

namespace as::crypto {

namespace {

using DeviceFn = Status (*)(QIODevice&, QIODevice&, const SecretKey&, const StreamOptions&, qint64);

Status runToFile(DeviceFn fn, const QString& inPath, const QString& outPath, const SecretKey& key,
                 const StreamOptions& options)
{
    QFile in(inPath);
    // Unbuffered: reads go straight into our chunk buffers instead of through QIODevice's buffer.
    if (!in.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return makeError(ErrorCode::Io, QStringLiteral("cannot open %1: %2").arg(inPath, in.errorString()));
    // QSaveFile writes a temp file beside the target and renames it on commit (after fsync), so readers
    // never see a partial file and a failure leaves nothing behind.
    QSaveFile out(outPath);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create %1: %2").arg(outPath, out.errorString()));
    Status st = fn(in, out, key, options, in.size());
    if (!st) {
        out.cancelWriting();
        if (st.error().code == ErrorCode::Io)
            return makeError(ErrorCode::Io, QStringLiteral("%1 -> %2: %3").arg(inPath, outPath, st.error().message));
        return st;
    }
    if (!out.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(outPath, out.errorString()));
    return Status::success();
}

} // namespace

Status encryptFile(const QString& inPath, const QString& outPath, const SecretKey& key, const StreamOptions& options)
{
    return runToFile(&encryptDevice, inPath, outPath, key, options);
}

Status decryptFile(const QString& inPath, const QString& outPath, const SecretKey& key, const StreamOptions& options)
{
    return runToFile(&decryptDevice, inPath, outPath, key, options);
}

} // namespace as::crypto
