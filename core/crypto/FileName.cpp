// sanitizeFileName(): a name from outside becomes one safe file name, or is refused.

#include "core/crypto/SealedMetadata.h"

#include <QStringList>

namespace as::crypto {

namespace {

constexpr qsizetype kMaxInputChars = 4096;
constexpr qsizetype kMaxExtensionBytes = 16;

bool isBad(char32_t c)
{
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
        return true; // C0, DEL, C1 (includes NUL)
    switch (c) {
    case u'/':
    case u'\\':
    case u'<':
    case u'>':
    case u':':
    case u'"':
    case u'|':
    case u'?':
    case u'*':
        return true; // separators and what Windows forbids
    case 0x061c:
    case 0x200e:
    case 0x200f:
    case 0x2028:
    case 0x2029:
        return true; // bidi marks, line/paragraph separators
    default:
        break;
    }
    // Bidi embeddings/overrides/isolates ("exe.txt" spoofing with U+202E), and non-characters.
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff || c == 0xfffe || c == 0xffff;
}

bool isWindowsDeviceName(const QString& name)
{
    static const QStringList devices
        = { QStringLiteral("CON"), QStringLiteral("PRN"), QStringLiteral("AUX"), QStringLiteral("NUL") };
    const QString stem = name.section(u'.', 0, 0).trimmed().toUpper();
    if (devices.contains(stem))
        return true;
    return stem.size() == 4 && (stem.startsWith(u"COM") || stem.startsWith(u"LPT")) && stem[3] >= u'1'
        && stem[3] <= u'9';
}

// Windows drops trailing dots and spaces; Unix shells trip over leading/trailing blanks.
QString trimEnds(QString s)
{
    while (!s.isEmpty() && (s.back().isSpace() || s.back() == u'.'))
        s.chop(1);
    qsizetype i = 0;
    while (i < s.size() && s[i].isSpace())
        ++i;
    return s.mid(i);
}

qsizetype utf8Size(QStringView s)
{
    return s.toUtf8().size();
}

// Drops whole code points from the end until `s` fits in `maxBytes` UTF-8 bytes.
QString cutToBytes(QString s, qsizetype maxBytes)
{
    while (!s.isEmpty() && utf8Size(s) > maxBytes)
        s.chop(s.size() >= 2 && s.back().isLowSurrogate() && s[s.size() - 2].isHighSurrogate() ? 2 : 1);
    return s;
}

} // namespace

Result<QString> sanitizeFileName(QStringView input)
{
    auto reject = [](const QString& why) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("unusable file name: ") + why);
    };
    if (input.isEmpty())
        return reject(QStringLiteral("it is empty"));
    if (input.size() > kMaxInputChars)
        return reject(QStringLiteral("it is longer than %1 characters").arg(kMaxInputChars));

    QString cleaned;
    cleaned.reserve(input.size());
    const QString normal = input.toString().normalized(QString::NormalizationForm_C);
    for (qsizetype i = 0; i < normal.size(); ++i) {
        char32_t c = normal[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < normal.size() && normal[i + 1].isLowSurrogate()) {
            cleaned.append(normal[i]);
            cleaned.append(normal[++i]);
            continue;
        }
        if (QChar::isSurrogate(c) || isBad(c))
            cleaned.append(u'_'); // lone surrogates cannot be encoded as UTF-8 file names
        else
            cleaned.append(normal[i]);
    }

    QString name = trimEnds(cleaned);
    if (name.isEmpty())
        return reject(QStringLiteral("nothing is left once dots and blanks are removed"));
    // A leading dot would hide the download (and "." / ".." are handled above: they trim to nothing).
    if (name.front() == u'.')
        name.front() = u'_';
    if (isWindowsDeviceName(name))
        name.prepend(u'_');

    if (utf8Size(name) > kMaxFileNameBytes) {
        const qsizetype dot = name.lastIndexOf(u'.');
        QString ext = dot > 0 ? name.mid(dot) : QString();
        if (utf8Size(ext) > kMaxExtensionBytes)
            ext.clear();
        QString stem = ext.isEmpty() ? name : name.left(dot);
        stem = trimEnds(cutToBytes(stem, kMaxFileNameBytes - utf8Size(ext)));
        name = stem + ext;
        if (stem.isEmpty() || trimEnds(name).isEmpty())
            return reject(QStringLiteral("it is too long"));
        name = trimEnds(name);
    }
    return name;
}

} // namespace as::crypto
