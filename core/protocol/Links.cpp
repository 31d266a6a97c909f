#include "core/protocol/Links.h"

namespace as::protocol {
using namespace Qt::Literals::StringLiterals;

bool isLinkId(QStringView s)
{
    if (s.size() != kLinkIdLength)
        return false;
    for (QChar c : s)
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    return true;
}

namespace {
QString readLinkId(JsonReader& r, const char* key)
{
    const QString id = r.string(key, kLinkIdLength);
    if (r.ok() && !isLinkId(id))
        r.fail(u"field '%1': not a link id (32 lowercase hex)"_s.arg(QLatin1StringView(key)));
    return id;
}
} // namespace

QJsonObject LinkCreate::toJson() const
{
    return { { u"expires_in"_s, expiresIn } };
}

Result<LinkCreate> LinkCreate::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    LinkCreate c;
    c.expiresIn = r.optInteger("expires_in", 0, kMaxLinkLifetime).value_or(0);
    if (!r.ok())
        return r.error();
    return c;
}

QString LinkInfo::stateAt(qint64 now) const
{
    if (revokedAt > 0)
        return u"revoked"_s;
    if (expiresAt > 0 && now >= expiresAt)
        return u"expired"_s;
    return u"active"_s;
}

QJsonObject LinkInfo::toJson() const
{
    return { { u"link_id"_s, linkId }, { u"object_id"_s, objectId }, { u"created_at"_s, createdAt },
        { u"expires_at"_s, expiresAt }, { u"revoked_at"_s, revokedAt }, { u"uses"_s, uses },
        { u"last_used_at"_s, lastUsedAt } };
}

Result<LinkInfo> LinkInfo::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    LinkInfo l;
    l.linkId = readLinkId(r, "link_id");
    l.objectId = r.id("object_id");
    l.createdAt = r.integer("created_at");
    l.expiresAt = r.integer("expires_at");
    l.revokedAt = r.integer("revoked_at");
    l.uses = r.integer("uses");
    l.lastUsedAt = r.integer("last_used_at");
    if (!r.ok())
        return r.error();
    return l;
}

QJsonObject LinkList::toJson() const
{
    return { { u"links"_s, writeList(links) } };
}

Result<LinkList> LinkList::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    const QJsonArray a = r.array("links", 100000);
    if (!r.ok())
        return r.error();
    LinkList out;
    if (Status st = readList(a, out.links); !st)
        return st.error();
    return out;
}

QJsonObject LinkResolution::toJson() const
{
    return { { u"link_id"_s, linkId }, { u"object_id"_s, objectId }, { u"size"_s, size },
        { u"expires_at"_s, expiresAt } };
}

Result<LinkResolution> LinkResolution::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    LinkResolution l;
    l.linkId = readLinkId(r, "link_id");
    l.objectId = r.id("object_id");
    l.size = r.integer("size");
    l.expiresAt = r.integer("expires_at");
    if (!r.ok())
        return r.error();
    return l;
}

} // namespace as::protocol
