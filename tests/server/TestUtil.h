#pragma once
// Small shared bits of the DC integration suites.

#include "tests/server/DcProcess.h"
#include "tests/server/TestTorrent.h"

#include <QJsonArray>
#include <QJsonObject>

namespace as::test {

inline QString b64(const QByteArray& b)
{
    return QString::fromLatin1(b.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

inline QJsonObject registerBody(const TestObject& o)
{
    return { { QStringLiteral("id"), o.id }, { QStringLiteral("torrent"), b64(o.torrent) },
        { QStringLiteral("sealed_metadata"), b64(QByteArray("sealed-name-and-size")) },
        { QStringLiteral("wrapped_file_key"), b64(QByteArray(48, 'k')) } };
}

inline HttpReply putPart(const DcHttp& http, const TestObject& o, qint64 offset, qint64 length)
{
    const QByteArray range = "bytes " + QByteArray::number(offset) + '-' + QByteArray::number(offset + length - 1) + '/'
        + QByteArray::number(o.content.size());
    return http.request("PUT", "/api/v1/objects/" + o.id.toLatin1() + "/content", o.content.mid(offset, length),
        { { "Content-Range", range }, { "Content-Type", "application/octet-stream" } });
}

inline HttpReply uploadAll(const DcHttp& http, const TestObject& o, qint64 partSize)
{
    HttpReply last;
    for (qint64 off = 0; off < o.content.size(); off += partSize)
        last = putPart(http, o, off, std::min<qint64>(partSize, o.content.size() - off));
    return last;
}

inline bool isProblem(const HttpReply& r)
{
    return r.header("content-type").startsWith("application/problem+json")
        && r.json().value(QStringLiteral("type")).toString().startsWith(QStringLiteral("urn:amazingstore:problem:"))
        && r.json().value(QStringLiteral("status")).toInt() == r.status;
}

} // namespace as::test
