#include "core/protocol/Accounts.h"

#include "core/util/Encoding.h"

namespace as::protocol {
using namespace Qt::Literals::StringLiterals;

bool isValidUsername(QStringView name)
{
    if (name.size() < 3 || name.size() > 64)
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char16_t c = name[i].unicode();
        const bool alnum = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
        if (!alnum && (i == 0 || (c != u'.' && c != u'_' && c != u'-')))
            return false;
    }
    return true;
}

namespace {

QString readUsername(JsonReader& r)
{
    QString name = r.string("username", 64);
    if (r.ok() && !isValidUsername(name))
        r.fail(u"field 'username': 3 to 64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit"_s);
    return name;
}

QByteArray readBlob(JsonReader& r, const char* key, int min, int max)
{
    QByteArray b = r.bytes(key, max);
    if (r.ok() && (b.size() < min || b.size() > max))
        r.fail(u"field '%1': must decode to %2..%3 bytes"_s.arg(QLatin1StringView(key)).arg(min).arg(max));
    return b;
}

} // namespace

QJsonObject AccountCreate::toJson() const
{
    return { { u"username"_s, username }, { u"auth_secret"_s, toBase64Url(authSecret) },
        { u"salt"_s, toBase64Url(salt) }, { u"kdf"_s, kdf }, { u"wrapped_master_key"_s, toBase64Url(wrappedMasterKey) },
        { u"public_key"_s, toBase64Url(publicKey) } };
}

Result<AccountCreate> AccountCreate::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    AccountCreate a;
    a.username = readUsername(r);
    a.authSecret = readBlob(r, "auth_secret", 16, 128);
    a.salt = readBlob(r, "salt", 8, 64);
    a.kdf = r.optString("kdf", 256).value_or(QString());
    a.wrappedMasterKey = readBlob(r, "wrapped_master_key", 1, kMaxKeyBlob);
    a.publicKey = readBlob(r, "public_key", 1, kMaxKeyBlob);
    if (!r.ok())
        return r.error();
    return a;
}

QJsonObject AccountCreated::toJson() const
{
    return { { u"username"_s, username }, { u"created_at"_s, createdAt } };
}

Result<AccountCreated> AccountCreated::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    AccountCreated a;
    a.username = r.string("username", 64);
    a.createdAt = r.integer("created_at");
    if (!r.ok())
        return r.error();
    return a;
}

QJsonObject AccountSalt::toJson() const
{
    return { { u"username"_s, username }, { u"salt"_s, toBase64Url(salt) }, { u"kdf"_s, kdf } };
}

Result<AccountSalt> AccountSalt::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    AccountSalt a;
    a.username = r.string("username", 64);
    a.salt = r.bytes("salt", kMaxKeyBlob);
    a.kdf = r.optString("kdf", 256).value_or(QString());
    if (!r.ok())
        return r.error();
    return a;
}

QJsonObject LoginRequest::toJson() const
{
    return { { u"username"_s, username }, { u"auth_secret"_s, toBase64Url(authSecret) } };
}

Result<LoginRequest> LoginRequest::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    LoginRequest l;
    l.username = readUsername(r);
    l.authSecret = readBlob(r, "auth_secret", 16, 128);
    if (!r.ok())
        return r.error();
    return l;
}

QJsonObject LoginReply::toJson() const
{
    return { { u"token"_s, token }, { u"expires_at"_s, expiresAt }, { u"username"_s, username },
        { u"salt"_s, toBase64Url(salt) }, { u"kdf"_s, kdf }, { u"wrapped_master_key"_s, toBase64Url(wrappedMasterKey) },
        { u"public_key"_s, toBase64Url(publicKey) } };
}

Result<LoginReply> LoginReply::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    LoginReply l;
    l.token = r.string("token", 256);
    l.expiresAt = r.integer("expires_at");
    l.username = r.string("username", 64);
    l.salt = r.bytes("salt", kMaxKeyBlob);
    l.kdf = r.optString("kdf", 256).value_or(QString());
    l.wrappedMasterKey = r.bytes("wrapped_master_key", kMaxKeyBlob);
    l.publicKey = r.bytes("public_key", kMaxKeyBlob);
    if (!r.ok())
        return r.error();
    return l;
}

} // namespace as::protocol
