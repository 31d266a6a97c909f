#pragma once
// Sharing to a named user (docs/sharing.md "Sharing to a named user", docs/api.md "Sharing to a user"). Each
// account has an X25519 key pair: the DC holds its public half and its private half wrapped under the
// account's master key. A grant gives one object to one user: the object's file key sealed to the user's
// public key (core/crypto/AccountKey.h), which the DC stores but cannot open.
//
// GET    /api/v1/account/keys                    (auth) → 200 AccountKeys; 404 none yet
// POST   /api/v1/account/keys                    (auth) AccountKeys → 201; 200 the same again; 409 other keys
// GET    /api/v1/users/{name}/key                (auth) → 200 UserKey; 404 no such user; 409 no key yet
// POST   /api/v1/objects/{id}/recipients         (auth, owner) GrantCreate → 201 GrantInfo (replaces a grant)
// GET    /api/v1/objects/{id}/recipients         (auth, owner) → 200 GrantList
// DELETE /api/v1/objects/{id}/recipients/{name}  (auth, owner) → 204; 404 not shared with that user
// GET    /api/v1/shared-with-me                  (auth) → 200 GrantList, newest first
// GET    /api/v1/shared-with-me/{id}             (auth) → 200 GrantInfo; 403 not (or no longer) shared with me

#include "core/protocol/Json.h"

#include <QList>

namespace as::protocol {

inline constexpr int kAccountPublicKeyBytes = 32;
inline constexpr int kWrappedAccountKeyBytes = 61; // as a wrapped master key (docs/crypto.md)
inline constexpr int kSealedFileKeyBytes = 93; // version || ephemeral public || nonce || key || tag
inline constexpr int kMaxRecipientsPerObject = 256;
inline constexpr int kMaxGrantsListed = 10000;

struct AccountKeys {
    QByteArray publicKey;
    QByteArray wrappedPrivateKey;

    QJsonObject toJson() const;
    static Result<AccountKeys> fromJson(const QJsonObject& json);
};

struct UserKey {
    QString username; // as the DC stores it (case-folded)
    QByteArray publicKey;

    QJsonObject toJson() const;
    static Result<UserKey> fromJson(const QJsonObject& json);
};

struct GrantCreate {
    QString username; // the recipient
    QByteArray sealedKey;

    QJsonObject toJson() const;
    static Result<GrantCreate> fromJson(const QJsonObject& json);
};

struct GrantInfo {
    QString objectId;
    QString owner;
    QString recipient;
    QByteArray sealedKey;
    qint64 createdAt = 0;
    qint64 size = 0; // ciphertext bytes
    QString state; // the object's: kStateUploading / kStateAvailable
    QByteArray sealedMetadata; // opened by the recipient with the unsealed file key

    QJsonObject toJson() const;
    static Result<GrantInfo> fromJson(const QJsonObject& json);
};

struct GrantList {
    QList<GrantInfo> grants;

    QJsonObject toJson() const;
    static Result<GrantList> fromJson(const QJsonObject& json);
};

} // namespace as::protocol
