#pragma once
// Revocable share links (docs/sharing.md, docs/api.md "Share links"). A link id names one grant of one object:
// 32 lowercase hex (128 random bits, made by the DC), distinct in form from a 64-hex object id. The DC answers
// for a link only while it is neither expired nor revoked; the object id behind it is given out only then.
//
// POST   /api/v1/objects/{id}/links   (auth, owner) LinkCreate → 201 LinkInfo
// GET    /api/v1/links                (auth) → 200 LinkList, the caller's links, newest first
// DELETE /api/v1/links/{link}         (auth, owner) → 204; the link is dead at once (kept, marked revoked)
// DELETE /api/v1/objects/{id}/links   (auth, owner) → 204; every link of the object is revoked
// GET    /api/v1/links/{link}         (no auth) → 200 LinkResolution (counts one use); 404 unknown,
//                                     410 expired or revoked (problem type "not-found", detail says which)
// GET    /s/{link}                    the share page; /s/{link}/data the ciphertext with Range, while valid

#include "core/protocol/Json.h"

#include <QList>

namespace as::protocol {

inline constexpr int kLinkIdLength = 32;
inline constexpr qint64 kMaxLinkLifetime = qint64(10) * 366 * 24 * 3600; // ten years
inline constexpr int kMaxLinksPerObject = 256;

bool isLinkId(QStringView s); // 32 lowercase hex

struct LinkCreate {
    qint64 expiresIn = 0; // seconds from now; 0: until revoked

    QJsonObject toJson() const;
    static Result<LinkCreate> fromJson(const QJsonObject& json);
};

struct LinkInfo {
    QString linkId;
    QString objectId;
    qint64 createdAt = 0; // unix seconds
    qint64 expiresAt = 0; // 0: never
    qint64 revokedAt = 0; // 0: not revoked
    qint64 uses = 0; // resolutions by the app plus downloads started from the page
    qint64 lastUsedAt = 0;

    // "active", "expired" or "revoked" as of `now`.
    QString stateAt(qint64 now) const;

    QJsonObject toJson() const;
    static Result<LinkInfo> fromJson(const QJsonObject& json);
};

struct LinkList {
    QList<LinkInfo> links;

    QJsonObject toJson() const;
    static Result<LinkList> fromJson(const QJsonObject& json);
};

// What anyone holding a valid link learns: the object behind it, its ciphertext size, when the link ends.
struct LinkResolution {
    QString linkId;
    QString objectId;
    qint64 size = 0;
    qint64 expiresAt = 0;

    QJsonObject toJson() const;
    static Result<LinkResolution> fromJson(const QJsonObject& json);
};

} // namespace as::protocol
