#include "core/protocol/Master.h"

#include "core/protocol/Json.h"
#include "core/util/Encoding.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace as::protocol {
using namespace Qt::Literals::StringLiterals;

QByteArray logSigningBytes(qint64 seq, const QString& kind, const QJsonObject& body)
{
    return QByteArrayLiteral("amazingstore log v1\n") + QByteArray::number(seq) + '\n' + kind.toUtf8() + '\n'
        + QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QJsonObject LogEntry::toJson() const
{
    return { { u"seq"_s, seq }, { u"kind"_s, kind }, { u"body"_s, body }, { u"signature"_s, toBase64Url(signature) } };
}

Result<LogEntry> LogEntry::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    LogEntry e;
    e.seq = r.integer("seq", 1);
    e.kind = r.string("kind", 16);
    e.body = r.object("body");
    e.signature = r.bytes("signature", 64);
    if (!r.ok())
        return r.error();
    if (e.signature.size() != 64)
        return makeError(ErrorCode::InvalidArgument, u"field 'signature': expected 64 bytes"_s);
    return e;
}

QJsonObject LogPage::toJson() const
{
    return { { u"server_id"_s, serverId }, { u"public_key"_s, toBase64Url(publicKey) }, { u"last_seq"_s, lastSeq },
        { u"more"_s, more }, { u"entries"_s, writeList(entries) } };
}

Result<LogPage> LogPage::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    LogPage p;
    p.serverId = r.id("server_id");
    p.publicKey = r.bytes("public_key", 32);
    p.lastSeq = r.integer("last_seq");
    p.more = r.boolean("more");
    const QJsonArray list = r.array("entries", kMaxLogPage);
    if (!r.ok())
        return r.error();
    if (p.publicKey.size() != 32)
        return makeError(ErrorCode::InvalidArgument, u"field 'public_key': expected 32 bytes"_s);
    if (Status st = readList(list, p.entries); !st)
        return st.error();
    return p;
}

QByteArray requestSigningBytes(const QByteArray& method, const QByteArray& target, const QString& account,
    qint64 timeMs, const QByteArray& nonce, const QByteArray& body)
{
    return QByteArrayLiteral("amazingstore request v1\n") + method + '\n' + target + '\n' + account.toUtf8() + '\n'
        + QByteArray::number(timeMs) + '\n' + nonce + '\n'
        + QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex();
}

bool SignedChange::verify() const
{
    // Ed25519 verification lives in core/crypto; protocol stays free of it: the caller checks the signature
    // (server/master/OutageChanges.cpp). This only checks the shape.
    return publicKey.size() == 32 && signature.size() == 64 && !method.isEmpty() && target.startsWith('/');
}

QJsonObject SignedChange::toJson() const
{
    return { { u"method"_s, QString::fromLatin1(method) }, { u"target"_s, QString::fromLatin1(target) },
        { u"account"_s, account }, { u"public_key"_s, toBase64Url(publicKey) }, { u"time_ms"_s, timeMs },
        { u"nonce"_s, QString::fromLatin1(nonce) }, { u"signature"_s, toBase64Url(signature) },
        { u"body"_s, toBase64Url(body) } };
}

Result<SignedChange> SignedChange::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    SignedChange c;
    c.method = r.string("method", 8).toLatin1();
    c.target = r.string("target", 512).toLatin1();
    c.account = r.string("account", 256);
    c.publicKey = r.bytes("public_key", 32);
    c.timeMs = r.integer("time_ms");
    c.nonce = r.string("nonce", 64).toLatin1();
    c.signature = r.bytes("signature", 64);
    c.body = r.bytes("body", 8 << 20);
    if (!r.ok())
        return r.error();
    if (!c.verify())
        return makeError(ErrorCode::InvalidArgument, u"malformed signed change"_s);
    return c;
}

QJsonObject MergeRequest::toJson() const
{
    return { { u"server_id"_s, serverId }, { u"changes"_s, writeList(changes) } };
}

Result<MergeRequest> MergeRequest::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    MergeRequest m;
    m.serverId = r.optString("server_id", 64).value_or(QString());
    const QJsonArray list = r.array("changes", kMaxMergeChanges);
    if (!r.ok())
        return r.error();
    if (Status st = readList(list, m.changes); !st)
        return st.error();
    return m;
}

QJsonObject MergeReply::toJson() const
{
    return { { u"applied"_s, applied }, { u"unchanged"_s, unchanged },
        { u"rejected"_s, QJsonArray::fromStringList(rejected) } };
}

Result<MergeReply> MergeReply::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    MergeReply m;
    m.applied = int(r.integer("applied", 0, kMaxMergeChanges));
    m.unchanged = int(r.integer("unchanged", 0, kMaxMergeChanges));
    const QJsonArray rejected = r.optArray("rejected", kMaxMergeChanges).value_or(QJsonArray());
    if (!r.ok())
        return r.error();
    for (const QJsonValue& v : rejected)
        m.rejected.append(v.toString().left(512));
    return m;
}

} // namespace as::protocol
