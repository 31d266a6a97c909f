#include "core/api/ShareCommands.h"

#include "core/api/JsonFields.h"

#include <array>

#include <QJsonArray>

#include <utility>

namespace as::api {
using json::fromArray;
using json::jsonArray;
using json::num;
using json::str;

QJsonObject LinkEntry::toJson() const
{
    return { { QStringLiteral("link_id"), linkId }, { QStringLiteral("object_id"), objectId },
        { QStringLiteral("name"), name }, { QStringLiteral("link"), link }, { QStringLiteral("state"), state },
        { QStringLiteral("created_at"), createdAt }, { QStringLiteral("expires_at"), expiresAt },
        { QStringLiteral("revoked_at"), revokedAt }, { QStringLiteral("uses"), uses },
        { QStringLiteral("last_used_at"), lastUsedAt } };
}

LinkEntry LinkEntry::fromJson(const QJsonObject& j)
{
    return { str(j, "link_id"), str(j, "object_id"), str(j, "name"), str(j, "link"), str(j, "state"),
        num(j, "created_at"), num(j, "expires_at"), num(j, "revoked_at"), num(j, "uses"), num(j, "last_used_at") };
}

QJsonObject ShareLinkRequest::toJson() const
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("expires_in"), expiresIn } };
}

Result<ShareLinkRequest> ShareLinkRequest::fromJson(const QJsonObject& j)
{
    const qint64 expires = num(j, "expires_in");
    if (expires < 0 || expires > qint64(10) * 366 * 24 * 3600)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("share: --expires must be between 1 second and 10 years"));
    return ShareLinkRequest { str(j, "id"), expires };
}

QJsonObject UnshareReply::toJson() const
{
    return { { QStringLiteral("link_id"), linkId }, { QStringLiteral("object_id"), objectId } };
}
UnshareReply UnshareReply::fromJson(const QJsonObject& j) { return { str(j, "link_id"), str(j, "object_id") }; }
QJsonObject UnshareRequest::toJson() const { return { { QStringLiteral("target"), target } }; }
Result<UnshareRequest> UnshareRequest::fromJson(const QJsonObject& j) { return UnshareRequest { str(j, "target") }; }

QJsonObject SharesReply::toJson() const
{
    return { { QStringLiteral("links"), jsonArray(links) } };
}

SharesReply SharesReply::fromJson(const QJsonObject& j)
{
    return SharesReply { fromArray<LinkEntry>(j.value(QStringLiteral("links"))) };
}

QJsonObject SharesRequest::toJson() const { return { { QStringLiteral("all"), all } }; }
Result<SharesRequest> SharesRequest::fromJson(const QJsonObject& j)
{
    return SharesRequest { j.value(QStringLiteral("all")).toBool() };
}

QJsonObject RekeyReply::toJson() const
{
    return { { QStringLiteral("old_id"), oldId }, { QStringLiteral("id"), id }, { QStringLiteral("name"), name },
        { QStringLiteral("link"), link } };
}
RekeyReply RekeyReply::fromJson(const QJsonObject& j)
{
    return { str(j, "old_id"), str(j, "id"), str(j, "name"), str(j, "link") };
}
QJsonObject RekeyRequest::toJson() const { return { { QStringLiteral("id"), id } }; }
Result<RekeyRequest> RekeyRequest::fromJson(const QJsonObject& j) { return RekeyRequest { str(j, "id") }; }

QJsonObject SharedItem::toJson() const
{
    return { { QStringLiteral("object_id"), objectId }, { QStringLiteral("name"), name }, { QStringLiteral("size"), size },
        { QStringLiteral("owner"), owner }, { QStringLiteral("recipient"), recipient },
        { QStringLiteral("shared_at"), sharedAt }, { QStringLiteral("ready"), ready },
        { QStringLiteral("fingerprint"), fingerprint }, { QStringLiteral("key_first_seen"), keyFirstSeen } };
}
SharedItem SharedItem::fromJson(const QJsonObject& j)
{
    return { str(j, "object_id"), str(j, "name"), num(j, "size"), str(j, "owner"), str(j, "recipient"),
        num(j, "shared_at"), j.value(QStringLiteral("ready")).toBool(true), str(j, "fingerprint"),
        j.value(QStringLiteral("key_first_seen")).toBool() };
}

QJsonObject SharedListReply::toJson() const
{
    return { { QStringLiteral("items"), jsonArray(items) } };
}
SharedListReply SharedListReply::fromJson(const QJsonObject& j)
{
    return SharedListReply { fromArray<SharedItem>(j.value(QStringLiteral("items"))) };
}

namespace {
Result<std::pair<QString, QString>> idAndUser(const QJsonObject& j, const char* command)
{
    const QString id = str(j, "id").trimmed(), user = str(j, "user").trimmed();
    if (id.isEmpty() || user.isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("%1: needs an object id and a user name").arg(QLatin1String(command)));
    return std::pair { id, user };
}
} // namespace

QJsonObject ShareToUserRequest::toJson() const
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("user"), user }, { QStringLiteral("accept_new_key"), acceptNewKey } };
}
Result<ShareToUserRequest> ShareToUserRequest::fromJson(const QJsonObject& j)
{
    auto v = idAndUser(j, "share --to");
    if (!v)
        return v.error();
    return ShareToUserRequest { v->first, v->second, j.value(QStringLiteral("accept_new_key")).toBool() };
}
QJsonObject UnshareUserRequest::toJson() const { return { { QStringLiteral("id"), id }, { QStringLiteral("user"), user } }; }
Result<UnshareUserRequest> UnshareUserRequest::fromJson(const QJsonObject& j)
{
    auto v = idAndUser(j, "unshare --to");
    if (!v)
        return v.error();
    return UnshareUserRequest { v->first, v->second };
}
QJsonObject RecipientsRequest::toJson() const { return { { QStringLiteral("id"), id } }; }
Result<RecipientsRequest> RecipientsRequest::fromJson(const QJsonObject& j) { return RecipientsRequest { str(j, "id") }; }

namespace {
const std::array<std::pair<KeyTrust, const char*>, 4> kTrustNames { {
    { KeyTrust::Mine, "mine" }, { KeyTrust::FirstSeen, "first-seen" }, { KeyTrust::Pinned, "pinned" },
    { KeyTrust::Changed, "changed" } } };
} // namespace

QString keyTrustName(KeyTrust trust)
{
    for (const auto& [t, name] : kTrustNames)
        if (t == trust)
            return QString::fromLatin1(name);
    return {};
}

QJsonObject AccountKeyReply::toJson() const
{
    return { { QStringLiteral("user"), user }, { QStringLiteral("fingerprint"), fingerprint },
        { QStringLiteral("pinned_fingerprint"), pinnedFingerprint }, { QStringLiteral("trust"), keyTrustName(trust) } };
}
AccountKeyReply AccountKeyReply::fromJson(const QJsonObject& j)
{
    AccountKeyReply r { str(j, "user"), str(j, "fingerprint"), str(j, "pinned_fingerprint"), KeyTrust::Mine };
    for (const auto& [t, name] : kTrustNames)
        if (str(j, "trust") == QLatin1String(name))
            r.trust = t;
    return r;
}

QJsonObject AccountKeyRequest::toJson() const { return { { QStringLiteral("user"), user } }; }
Result<AccountKeyRequest> AccountKeyRequest::fromJson(const QJsonObject& j) { return AccountKeyRequest { str(j, "user").trimmed() }; }

} // namespace as::api
