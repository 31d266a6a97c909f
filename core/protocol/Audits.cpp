#include "core/protocol/Audits.h"

#include "core/protocol/Json.h"
#include "core/util/Encoding.h"
#include "core/util/Ids.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace as::protocol {
using namespace Qt::Literals::StringLiterals;

namespace {
bool validAuditId(const QString& id)
{
    static const QRegularExpression re(u"^[0-9a-z]{16,64}$"_s);
    return re.match(id).hasMatch();
}
} // namespace

QJsonObject AuditChallenge::toJson() const
{
    return { { u"id"_s, id }, { u"object_id"_s, objectId }, { u"block"_s, block } };
}

Result<AuditChallenge> AuditChallenge::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    AuditChallenge c { r.string("id", 64), r.id("object_id"), r.integer("block") };
    if (!r.ok())
        return r.error();
    if (!validAuditId(c.id))
        return makeError(ErrorCode::InvalidArgument, u"field 'id': 16-64 characters of 0-9 a-z"_s);
    return c;
}

QJsonObject AuditAnswer::toJson() const
{
    QJsonObject o { { u"id"_s, id }, { u"object_id"_s, objectId }, { u"block"_s, block } };
    if (!error.isEmpty()) {
        o.insert(u"error"_s, error.left(200));
        return o;
    }
    QJsonArray hashes;
    for (const QByteArray& h : siblings)
        hashes.append(QString::fromLatin1(h.toHex()));
    o.insert(u"data"_s, toBase64Url(data));
    o.insert(u"siblings"_s, hashes);
    return o;
}

Result<AuditAnswer> AuditAnswer::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    AuditAnswer a;
    a.id = r.string("id", 64);
    a.objectId = r.id("object_id");
    a.block = r.integer("block");
    if (json.contains(u"error"_s)) {
        a.error = r.string("error", 200);
        if (!r.ok())
            return r.error();
        if (a.error.isEmpty())
            a.error = u"no reason given"_s;
        return a;
    }
    a.data = r.bytes("data", kAuditBlockSize);
    const QJsonArray hashes = r.array("siblings", kMaxAuditSiblings);
    if (!r.ok())
        return r.error();
    if (!validAuditId(a.id))
        return makeError(ErrorCode::InvalidArgument, u"field 'id': 16-64 characters of 0-9 a-z"_s);
    if (a.data.isEmpty())
        return makeError(ErrorCode::InvalidArgument, u"field 'data': the block is empty"_s);
    for (const QJsonValue& v : hashes) {
        if (!v.isString() || !isValidId(v.toString()))
            return makeError(ErrorCode::InvalidArgument, u"field 'siblings': items must be 64 lowercase hex"_s);
        a.siblings.append(QByteArray::fromHex(v.toString().toLatin1()));
    }
    return a;
}

QByteArray heartbeatSigningBytes(QJsonObject body)
{
    body.remove(u"signature"_s);
    return QByteArrayLiteral("amazingstore heartbeat v1\n") + QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace as::protocol
