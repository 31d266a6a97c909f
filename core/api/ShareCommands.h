#pragma once
// The sharing commands as types (docs/sharing.md), in the pattern of core/api/Commands.h: a revocable link
// (`share ID --expires/--revocable` on the CLI), unshare, shares and rekey.

#include "core/util/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace as::api {

// One revocable link as the owner sees it: what the DC keeps plus the name and the full link made here.
struct LinkEntry {
    QString linkId;
    QString objectId;
    QString name; // empty when this profile does not know the object
    QString link; // the https link with the key; empty when this profile lacks the key
    QString state; // "active", "expired" or "revoked"
    qint64 createdAt = 0;
    qint64 expiresAt = 0; // 0: never
    qint64 revokedAt = 0;
    qint64 uses = 0;
    qint64 lastUsedAt = 0;
    QJsonObject toJson() const;
    static LinkEntry fromJson(const QJsonObject& json);
};

struct ShareLinkRequest {
    static constexpr const char* kName = "share-link";
    using Reply = LinkEntry;
    QString id; // an object id or a unique prefix of at least 4 hex characters
    qint64 expiresIn = 0; // seconds; 0: until revoked
    QJsonObject toJson() const;
    static Result<ShareLinkRequest> fromJson(const QJsonObject& json);
};

struct UnshareReply {
    QString linkId; // the link revoked, or empty when every link of objectId was
    QString objectId;
    QJsonObject toJson() const;
    static UnshareReply fromJson(const QJsonObject& json);
};
struct UnshareRequest {
    static constexpr const char* kName = "unshare";
    using Reply = UnshareReply;
    QString target; // a link id, a share link, or one of my objects (id or prefix)
    QJsonObject toJson() const;
    static Result<UnshareRequest> fromJson(const QJsonObject& json);
};

struct SharesReply {
    QList<LinkEntry> links;
    QJsonObject toJson() const;
    static SharesReply fromJson(const QJsonObject& json);
};
struct SharesRequest {
    static constexpr const char* kName = "shares";
    using Reply = SharesReply;
    bool all = false; // also expired and revoked links
    QJsonObject toJson() const;
    static Result<SharesRequest> fromJson(const QJsonObject& json);
};

struct RekeyReply {
    QString oldId;
    QString id;
    QString name;
    QString link; // the new permanent link
    QJsonObject toJson() const;
    static RekeyReply fromJson(const QJsonObject& json);
};
struct RekeyRequest {
    static constexpr const char* kName = "rekey";
    using Reply = RekeyReply;
    QString id;
    QJsonObject toJson() const;
    static Result<RekeyRequest> fromJson(const QJsonObject& json);
};

} // namespace as::api
