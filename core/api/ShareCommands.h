#pragma once
// The sharing commands as types (docs/sharing.md), in the pattern of core/api/Commands.h: a revocable link
// (`share ID --expires/--revocable` on the CLI), unshare, shares and rekey;
// sharing to a named user: share-to, unshare-to, shared-with-me, recipients.

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

// Sharing to a named user (docs/sharing.md "Sharing to a named user"): one object given to one account.
struct SharedItem {
    QString objectId;
    QString name; // opened from the sealed metadata with the unsealed key; empty if it did not open
    qint64 size = 0; // plaintext bytes
    QString owner;
    QString recipient;
    qint64 sharedAt = 0;
    bool ready = true; // false while the owner still uploads it
    // share-to only: the recipient's account key fingerprint (crypto::accountKeyFingerprint) and whether this
    // profile saw that key for the first time now (docs/sharing.md "Key fingerprints").
    QString fingerprint;
    bool keyFirstSeen = false;
    QJsonObject toJson() const;
    static SharedItem fromJson(const QJsonObject& json);
};
struct SharedListReply {
    QList<SharedItem> items;
    QJsonObject toJson() const;
    static SharedListReply fromJson(const QJsonObject& json);
};

struct ShareToUserRequest { // CLI: share ID --to USER
    static constexpr const char* kName = "share-to";
    using Reply = SharedItem;
    QString id; // one of my objects (id or prefix)
    QString user;
    bool acceptNewKey = false; // the user's key differs from the one pinned here: trust the new one (--accept-new-key)
    QJsonObject toJson() const;
    static Result<ShareToUserRequest> fromJson(const QJsonObject& json);
};
struct UnshareUserRequest { // CLI: unshare ID --to USER
    static constexpr const char* kName = "unshare-to";
    using Reply = SharedItem;
    QString id;
    QString user;
    QJsonObject toJson() const;
    static Result<UnshareUserRequest> fromJson(const QJsonObject& json);
};
struct SharedWithMeRequest { // CLI: ls --shared
    static constexpr const char* kName = "shared-with-me";
    using Reply = SharedListReply;
    QJsonObject toJson() const { return {}; }
    static Result<SharedWithMeRequest> fromJson(const QJsonObject&) { return SharedWithMeRequest {}; }
};
struct RecipientsRequest { // who one of my objects is shared with (the tray's share dialog)
    static constexpr const char* kName = "recipients";
    using Reply = SharedListReply;
    QString id;
    QJsonObject toJson() const;
    static Result<RecipientsRequest> fromJson(const QJsonObject& json);
};

// An account key fingerprint to compare out of band (CLI: key [USER]; docs/sharing.md "Key fingerprints").
enum class KeyTrust { Mine, FirstSeen, Pinned, Changed };
QString keyTrustName(KeyTrust trust);
struct AccountKeyReply {
    QString user;
    QString fingerprint; // the key the DC hands out now
    QString pinnedFingerprint; // the key pinned in this profile (empty: none; differs when Changed)
    KeyTrust trust = KeyTrust::Mine;
    QJsonObject toJson() const;
    static AccountKeyReply fromJson(const QJsonObject& json);
};
struct AccountKeyRequest {
    static constexpr const char* kName = "key";
    using Reply = AccountKeyReply;
    QString user; // empty: my own key
    QJsonObject toJson() const;
    static Result<AccountKeyRequest> fromJson(const QJsonObject& json);
};

} // namespace as::api
