#include "core/crypto/SealedMetadata.h"

#include "core/crypto/Aead.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

namespace as::crypto {

namespace {

constexpr quint8 kVersion = 1;
constexpr qsizetype kMaxNameChars = 4096;
constexpr qsizetype kMaxMimeChars = 255;
// Distinct from every other AAD in core/crypto, so no sealed blob can be replayed as another kind.
const QByteArray& aad()
{
    static const QByteArray label = QByteArrayLiteral("AmazingStore sealed metadata v1");
    return label;
}

// Printable ASCII only (parameters such as "; charset=utf-8" allowed): the UI shows it and may pass it on.
bool validMime(const QString& mime)
{
    if (mime.size() > kMaxMimeChars)
        return false;
    for (QChar c : mime)
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return false;
    return true;
}

Error bad(const QString& what)
{
    return makeError(ErrorCode::InvalidArgument, QStringLiteral("sealed metadata: ") + what);
}

} // namespace

Result<QByteArray> sealMetadata(const FileMetadata& m, const SecretKey& fileKey)
{
    if (m.name.isEmpty())
        return bad(QStringLiteral("the file name is empty"));
    if (m.name.size() > kMaxNameChars)
        return bad(QStringLiteral("the file name is too long"));
    if (m.size < 0)
        return bad(QStringLiteral("negative file size"));
    if (!validMime(m.mimeType))
        return bad(QStringLiteral("the MIME type is too long or not printable ASCII"));
    QJsonObject o;
    o.insert(u"v", 1);
    o.insert(u"name", m.name);
    // Sizes are integers; JSON numbers are exact up to 2^53, far above any file.
    o.insert(u"size", double(m.size));
    if (!m.mimeType.isEmpty())
        o.insert(u"mime", m.mimeType);
    if (m.mtime.isValid())
        o.insert(u"mtime", double(m.mtime.toMSecsSinceEpoch()));
    const QByteArray json = QJsonDocument(o).toJson(QJsonDocument::Compact);
    if (json.size() > kMaxSealedMetadataSize - 64)
        return bad(QStringLiteral("metadata too large"));
    return detail::sealBlob(fileKey, kVersion, aad(), json);
}

Result<FileMetadata> openMetadata(QByteArrayView sealed, const SecretKey& fileKey)
{
    if (sealed.size() > kMaxSealedMetadataSize)
        return makeError(
            ErrorCode::TooLarge, QStringLiteral("sealed metadata: %1 bytes is too large").arg(sealed.size()));
    auto plain = detail::openBlob(fileKey, kVersion, aad(), sealed, QStringLiteral("sealed metadata"));
    if (!plain)
        return plain.error();
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(*plain, &perr);
    if (perr.error != QJsonParseError::NoError || !doc.isObject())
        return bad(QStringLiteral("content is not a JSON object"));
    const QJsonObject o = doc.object();
    if (o.value(u"v").toInt(-1) != 1)
        return bad(QStringLiteral("unsupported content version"));
    const QJsonValue name = o.value(u"name"), size = o.value(u"size"), mime = o.value(u"mime"),
                     mtime = o.value(u"mtime");
    if (!name.isString())
        return bad(QStringLiteral("missing file name"));
    const double sz = size.toDouble(-1);
    if (!size.isDouble() || sz < 0 || sz > 9007199254740992.0 || sz != double(qint64(sz)))
        return bad(QStringLiteral("missing or invalid size"));
    if (!mime.isUndefined() && (!mime.isString() || !validMime(mime.toString())))
        return bad(QStringLiteral("invalid MIME type"));
    if (!mtime.isUndefined() && (!mtime.isDouble() || mtime.toDouble() != double(qint64(mtime.toDouble()))))
        return bad(QStringLiteral("invalid mtime"));
    auto safeName = sanitizeFileName(name.toString());
    if (!safeName)
        return bad(safeName.error().message);
    FileMetadata m;
    m.name = *safeName;
    m.size = qint64(sz);
    m.mimeType = mime.toString();
    if (!mtime.isUndefined())
        m.mtime = QDateTime::fromMSecsSinceEpoch(qint64(mtime.toDouble()), QTimeZone::utc());
    return m;
}

} // namespace as::crypto
