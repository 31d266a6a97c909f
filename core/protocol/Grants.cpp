#include "core/protocol/Grants.h"

#include "core/protocol/Accounts.h"
#include "core/protocol/Objects.h"
#include "core/util/Encoding.h"

namespace as::protocol {
using namespace Qt::Literals::StringLiterals;

namespace {

QByteArray readExact(JsonReader& r, const char* key, int size)
{
    QByteArray b = r.bytes(key, size);
    if (r.ok() && b.size() != size)
        r.fail(u"field '%1': must decode to %2 bytes"_s.arg(QLatin1StringView(key)).arg(size));
    return b;
}

QString readUser(JsonReader& r, const char* key)
{
    QString name = r.string(key, 64);
    if (r.ok() && !isValidUsername(name))
        r.fail(u"field '%1': not a user name"_s.arg(QLatin1StringView(key)));
    return name;
}

} // namespace

QJsonObject AccountKeys::toJson() const
{
    return { { u"public_key"_s, toBase64Url(publicKey) }, { u"wrapped_private_key"_s, toBase64Url(wrappedPrivateKey) } };
}

Result<AccountKeys> AccountKeys::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    AccountKeys k;
    k.publicKey = readExact(r, "public_key", kAccountPublicKeyBytes);
    k.wrappedPrivateKey = readExact(r, "wrapped_private_key", kWrappedAccountKeyBytes);
    if (!r.ok())
        return r.error();
    return k;
}

QJsonObject UserKey::toJson() const
{
    return { { u"username"_s, username }, { u"public_key"_s, toBase64Url(publicKey) } };
}

Result<UserKey> UserKey::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    UserKey k;
    k.username = readUser(r, "username");
    k.publicKey = readExact(r, "public_key", kAccountPublicKeyBytes);
    if (!r.ok())
        return r.error();
    return k;
}

QJsonObject GrantCreate::toJson() const
{
    return { { u"username"_s, username }, { u"sealed_key"_s, toBase64Url(sealedKey) } };
}

Result<GrantCreate> GrantCreate::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    GrantCreate g;
    g.username = readUser(r, "username");
    g.sealedKey = readExact(r, "sealed_key", kSealedFileKeyBytes);
    if (!r.ok())
        return r.error();
    return g;
}

QJsonObject GrantInfo::toJson() const
{
    return { { u"object_id"_s, objectId }, { u"owner"_s, owner }, { u"recipient"_s, recipient },
        { u"sealed_key"_s, toBase64Url(sealedKey) }, { u"created_at"_s, createdAt }, { u"size"_s, size },
        { u"state"_s, state }, { u"sealed_metadata"_s, toBase64Url(sealedMetadata) } };
}

Result<GrantInfo> GrantInfo::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    GrantInfo g;
    g.objectId = r.id("object_id");
    g.owner = r.string("owner", 256);
    g.recipient = r.string("recipient", 256);
    g.sealedKey = readExact(r, "sealed_key", kSealedFileKeyBytes);
    g.createdAt = r.integer("created_at");
    g.size = r.integer("size");
    g.state = r.string("state", 32);
    g.sealedMetadata = r.bytes("sealed_metadata", kMaxSealedMetadataBytes);
    if (!r.ok())
        return r.error();
    return g;
}

QJsonObject GrantList::toJson() const
{
    return { { u"grants"_s, writeList(grants) } };
}

Result<GrantList> GrantList::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    const QJsonArray a = r.array("grants", kMaxGrantsListed);
    if (!r.ok())
        return r.error();
    GrantList list;
    if (Status st = readList(a, list.grants); !st)
        return st.error();
    return list;
}

} // namespace as::protocol
