#include "core/util/Encoding.h"

namespace as {

QString toHex(const QByteArray& bytes) { return QString::fromLatin1(bytes.toHex()); }

std::optional<QByteArray> fromHex(QStringView text)
{
    if (text.size() % 2 != 0)
        return std::nullopt;
    for (QChar c : text) {
        const char16_t u = c.unicode();
        const bool hex = (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
        if (!hex)
            return std::nullopt;
    }
    return QByteArray::fromHex(text.toLatin1());
}

QString toBase64Url(const QByteArray& bytes)
{
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<QByteArray> fromBase64Url(QStringView text)
{
    for (QChar c : text) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'-'
                        || u == u'_';
        if (!ok)
            return std::nullopt;
    }
    if (text.size() % 4 == 1)
        return std::nullopt;
    auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::Base64UrlEncoding
                                                                        | QByteArray::OmitTrailingEquals
                                                                        | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return decoded.decoded;
}

} // namespace as
