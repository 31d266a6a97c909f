#include "core/link/ShareLink.h"

#include "core/util/Encoding.h"
#include "core/util/Ids.h"

namespace as::link {

namespace {

constexpr qsizetype kMaxLinkSize = 2048;
constexpr qsizetype kKeyChars = 43; // 32 bytes, unpadded base64url

Error bad(const QString& why)
{
    return makeError(ErrorCode::InvalidArgument, QStringLiteral("invalid share link: ") + why);
}

// Validates host[:port] (no userinfo) and builds the DC base URL with `scheme`.
Result<QUrl> parseAuthority(const QString& authority, const QString& scheme)
{
    if (authority.isEmpty())
        return bad(QStringLiteral("the DC host is missing"));
    if (authority.contains(u'@'))
        return bad(QStringLiteral("user names or passwords (user@host) are not allowed"));
    QString host = authority;
    QString port;
    if (authority.startsWith(u'[')) {
        const qsizetype close = authority.indexOf(u']');
        if (close < 0)
            return bad(QStringLiteral("unterminated IPv6 address in the host"));
        host = authority.left(close + 1);
        const QString rest = authority.mid(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(u':'))
            return bad(QStringLiteral("unexpected text after the IPv6 address: '%1'").arg(rest));
        port = rest.mid(1);
        if (rest.startsWith(u':') && port.isEmpty())
            return bad(QStringLiteral("the port after ':' is empty"));
    } else if (const qsizetype colon = authority.lastIndexOf(u':'); colon >= 0) {
        host = authority.left(colon);
        port = authority.mid(colon + 1);
        if (port.isEmpty())
            return bad(QStringLiteral("the port after ':' is empty"));
    }
    if (host.isEmpty() || host == u"[]")
        return bad(QStringLiteral("the DC host is missing"));
    if (!host.startsWith(u'[') && host.contains(u':'))
        return bad(QStringLiteral("an IPv6 host must be written in brackets, e.g. [::1]"));
    const bool bracketed = host.startsWith(u'[');
    for (QChar c : bracketed ? QStringView(host).sliced(1, host.size() - 2) : QStringView(host)) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'.'
            || u == u'-' || (bracketed && u == u':');
        if (!ok)
            return bad(QStringLiteral("the DC host '%1' contains '%2'").arg(host, c));
    }
    QUrl url;
    url.setScheme(scheme);
    url.setHost(host.startsWith(u'[') ? host.mid(1, host.size() - 2) : host, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return bad(QStringLiteral("'%1' is not a valid host name or address").arg(host));
    if (!port.isEmpty()) {
        bool ok = true;
        for (QChar c : port)
            ok = ok && c.isDigit() && c.unicode() < 128;
        const int p = ok && port.size() <= 5 ? port.toInt(&ok) : 0;
        if (!ok || p < 1 || p > 65535)
            return bad(QStringLiteral("the port '%1' is not a number from 1 to 65535").arg(port));
        url.setPort(p);
    }
    return url;
}

bool isLinkIdText(QStringView id)
{
    if (id.size() != kLinkIdHexLength)
        return false;
    for (QChar c : id)
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    return true;
}

// The id after /s/: a 64-hex object id or a 32-hex link id (docs/sharing.md).
Result<QString> parseLinkPath(const QString& path)
{
    if (path.isEmpty() || path == u"/")
        return bad(QStringLiteral("the /s/OBJECT-ID path is missing"));
    if (!path.startsWith(u"/s/"))
        return bad(QStringLiteral("the path must be /s/OBJECT-ID, got '%1'").arg(path));
    const QString rest = path.mid(3);
    const qsizetype slash = rest.indexOf(u'/');
    const QString id = slash < 0 ? rest : rest.left(slash);
    if (id.isEmpty())
        return bad(QStringLiteral("the object id after /s/ is missing"));
    if (id.size() != kIdHexLength && id.size() != kLinkIdHexLength)
        return bad(QStringLiteral("the object id must be %1 hex characters (or a link id %2), got %3")
                       .arg(kIdHexLength)
                       .arg(kLinkIdHexLength)
                       .arg(id.size()));
    if (id.size() == kIdHexLength ? !isValidId(id) : !isLinkIdText(id))
        return bad(QStringLiteral("the object id must be lowercase hex (0-9, a-f)"));
    if (slash >= 0)
        return bad(QStringLiteral("unexpected path after the object id: '%1'").arg(rest.mid(slash)));
    return id;
}

Result<QByteArray> parseKeyFragment(const QString& fragment)
{
    if (!fragment.startsWith(u"k="))
        return bad(QStringLiteral("the fragment must be #k=KEY, got '#%1'").arg(fragment.left(16)));
    const QString key = fragment.mid(2);
    if (key.isEmpty())
        return bad(QStringLiteral("the key after #k= is empty"));
    if (key.contains(u'&') || key.contains(u'='))
        return bad(QStringLiteral("unexpected text after the key (padding or another parameter)"));
    if (key.size() != kKeyChars)
        return bad(QStringLiteral("the key must be %1 base64url characters (%2 bytes), got %3 characters%4")
                       .arg(kKeyChars)
                       .arg(kFileKeySize)
                       .arg(key.size())
                       .arg(key.size() < kKeyChars ? QStringLiteral(" (truncated link?)") : QString()));
    const auto bytes = fromBase64Url(key);
    if (!bytes)
        return bad(QStringLiteral("the key is not base64url (only A-Z a-z 0-9 - _ are allowed)"));
    // One key, one spelling: unused trailing bits must be zero, so a link cannot be altered unnoticed.
    if (bytes->size() != kFileKeySize || toBase64Url(*bytes) != key)
        return bad(QStringLiteral("the key is not a canonical base64url encoding of %1 bytes").arg(kFileKeySize));
    return *bytes;
}

Result<QUrl> checkBaseUrl(const QUrl& base)
{
    const QString scheme = base.scheme();
    if (!base.isValid() || (scheme != u"https" && scheme != u"http"))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("the DC base URL must be http:// or https://"));
    if (base.host().isEmpty() || !base.userInfo().isEmpty() || base.hasQuery() || base.hasFragment()
        || !(base.path().isEmpty() || base.path() == u"/"))
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("the DC base URL must be scheme://host[:port] only, got '%1'").arg(base.toDisplayString()));
    QUrl clean;
    clean.setScheme(scheme);
    clean.setHost(base.host());
    clean.setPort(base.port());
    return clean;
}

Status checkIdAndKey(QStringView objectId, const QByteArray& key)
{
    if (!isValidId(objectId) && !isLinkIdText(objectId))
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("object id must be 64 lowercase hex characters (a link id 32)"));
    if (key.size() != kFileKeySize)
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("file key must be %1 bytes, got %2").arg(kFileKeySize).arg(key.size()));
    return Status::success();
}

QString assemble(const QString& scheme, const QUrl& base, const QString& query, QStringView id, const QByteArray& key)
{
    return scheme + QStringLiteral("://") + base.authority(QUrl::FullyEncoded) + QStringLiteral("/s/") + id.toString()
        + query + QStringLiteral("#k=") + toBase64Url(key);
}

} // namespace

bool isLoopbackHost(const QString& hostIn)
{
    QString host = hostIn.toLower();
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    if (host == u"localhost" || host == u"::1" || host == u"0:0:0:0:0:0:0:1")
        return true;
    if (host.startsWith(u"::ffff:"))
        host = host.mid(7);
    const auto parts = host.split(u'.');
    if (parts.size() != 4 || parts[0] != u"127")
        return false;
    for (const QString& p : parts) {
        bool ok = false;
        const int v = p.toInt(&ok);
        if (!ok || v < 0 || v > 255 || p.isEmpty() || p.size() > 3)
            return false;
    }
    return true;
}

Result<ShareLink> parseShareLink(QStringView input)
{
    if (input.isEmpty())
        return bad(QStringLiteral("it is empty"));
    if (input.size() > kMaxLinkSize)
        return bad(QStringLiteral("it is longer than %1 characters").arg(kMaxLinkSize));
    for (QChar c : input) {
        const char16_t u = c.unicode();
        if (u == u' ' || u == u'\t' || u == u'\n' || u == u'\r')
            return bad(QStringLiteral("it contains whitespace"));
        if (u < 0x20 || u == 0x7f)
            return bad(QStringLiteral("it contains control characters"));
        if (u > 0x7e)
            return bad(QStringLiteral("it contains non-ASCII characters"));
    }
    const QString text = input.toString();
    const qsizetype sep = text.indexOf(u"://");
    if (sep <= 0)
        return bad(QStringLiteral("it must start with https://, http:// or amazingstore://"));
    const QString scheme = text.left(sep).toLower();
    if (scheme != u"https" && scheme != u"http" && scheme != u"amazingstore")
        return bad(
            QStringLiteral("unsupported scheme '%1:' (expected https, http or amazingstore)").arg(text.left(sep)));

    QString rest = text.mid(sep + 3);
    const qsizetype hash = rest.indexOf(u'#');
    if (hash < 0)
        return bad(QStringLiteral("the #k=KEY fragment with the decryption key is missing (truncated link?)"));
    const QString fragment = rest.mid(hash + 1);
    rest.truncate(hash);
    QString query;
    bool hasQuery = false;
    if (const qsizetype q = rest.indexOf(u'?'); q >= 0) {
        hasQuery = true;
        query = rest.mid(q + 1);
        rest.truncate(q);
    }
    const qsizetype slash = rest.indexOf(u'/');
    const QString authority = slash < 0 ? rest : rest.left(slash);
    const QString path = slash < 0 ? QString() : rest.mid(slash);

    // amazingstore:// names the host only; https unless loopback, or as ?tls= says.
    QString dcScheme = scheme;
    if (scheme == u"amazingstore") {
        dcScheme = QStringLiteral("https");
        if (hasQuery) {
            if (query == u"tls=0")
                dcScheme = QStringLiteral("http");
            else if (query != u"tls=1")
                return bad(QStringLiteral("unknown query '?%1' (only ?tls=0 or ?tls=1 is allowed)").arg(query));
        }
    } else if (hasQuery) {
        return bad(QStringLiteral("a query ('?%1') is not allowed in a %2:// link").arg(query, scheme));
    }

    auto base = parseAuthority(authority, dcScheme);
    if (!base)
        return base.error();
    if (scheme == u"amazingstore" && !hasQuery && isLoopbackHost(base->host()))
        base->setScheme(QStringLiteral("http"));
    auto id = parseLinkPath(path);
    if (!id)
        return id.error();
    auto key = parseKeyFragment(fragment);
    if (!key)
        return key.error();
    if (id->size() == kLinkIdHexLength)
        return ShareLink { *base, QString(), *key, *id };
    return ShareLink { *base, *id, *key, QString() };
}

Result<QString> formatShareLink(const QUrl& dcBaseUrl, QStringView objectId, const QByteArray& fileKey)
{
    auto base = checkBaseUrl(dcBaseUrl);
    if (!base)
        return base.error();
    if (auto st = checkIdAndKey(objectId, fileKey); !st)
        return st.error();
    return assemble(base->scheme(), *base, QString(), objectId, fileKey);
}

Result<QString> formatShareLink(const ShareLink& link)
{
    return formatShareLink(link.dcBaseUrl, link.pathId(), link.fileKey);
}

Result<QString> formatAppLink(const QUrl& dcBaseUrl, QStringView objectId, const QByteArray& fileKey)
{
    auto base = checkBaseUrl(dcBaseUrl);
    if (!base)
        return base.error();
    if (auto st = checkIdAndKey(objectId, fileKey); !st)
        return st.error();
    const bool https = base->scheme() == u"https";
    const bool defaultHttps = !isLoopbackHost(base->host());
    QString query;
    if (https != defaultHttps)
        query = https ? QStringLiteral("?tls=1") : QStringLiteral("?tls=0");
    return assemble(QStringLiteral("amazingstore"), *base, query, objectId, fileKey);
}

Result<QString> formatAppLink(const ShareLink& link)
{
    return formatAppLink(link.dcBaseUrl, link.pathId(), link.fileKey);
}

} // namespace as::link
