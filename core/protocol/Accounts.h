#pragma once
// Accounts and sessions (docs/design.md §3, §4). Byte fields travel as unpadded base64url strings. The client derives
// `auth_secret` from the password (separately from the key that wraps the master key); the DC stores only a
// scrypt hash of it and never sees the password or an unwrapped key.
//
// POST /api/v1/accounts                      AccountCreate → 201 AccountCreated   (409 already-exists)
//   {"username", "auth_secret", "salt", "kdf", "wrapped_master_key", "public_key"}
//   → {"username", "created_at"}
// GET  /api/v1/accounts/{username}/salt       (no auth) → 200 AccountSalt {"username", "salt", "kdf"}
//   What a new machine needs before it can derive auth_secret. Unknown users get a stable fake salt, so the
//   route does not reveal which usernames exist.
// POST /api/v1/sessions                      LoginRequest {"username", "auth_secret"} → 201 LoginReply
//   {"token", "expires_at", "username", "salt", "kdf", "wrapped_master_key", "public_key"}
//   Bad username or secret: 401 unauthorized (same answer for both).
// DELETE /api/v1/sessions                    (Bearer token) → 204; the token stops working at once.

#include "core/protocol/Json.h"

namespace as::protocol {

// Usernames: 3..64 characters of [A-Za-z0-9._-], starting with a letter or digit. Case-sensitive.
bool isValidUsername(QStringView name);

inline constexpr int kMaxKeyBlob = 4096; // wrapped keys, public keys, salts, secrets: decoded bytes

struct AccountCreate {
    QString username;
    QByteArray authSecret; // 16..128 bytes
    QByteArray salt; // the client's KDF salt, 8..64 bytes
    QString kdf; // opaque to the DC: the client's KDF name and parameters, e.g. "scrypt:N=2^17,r=8,p=1"
    QByteArray wrappedMasterKey; // 1..4096 bytes
    QByteArray publicKey; // 1..4096 bytes

    QJsonObject toJson() const;
    static Result<AccountCreate> fromJson(const QJsonObject& json);
};

struct AccountCreated {
    QString username;
    qint64 createdAt = 0; // unix seconds

    QJsonObject toJson() const;
    static Result<AccountCreated> fromJson(const QJsonObject& json);
};

struct AccountSalt {
    QString username;
    QByteArray salt;
    QString kdf;

    QJsonObject toJson() const;
    static Result<AccountSalt> fromJson(const QJsonObject& json);
};

struct LoginRequest {
    QString username;
    QByteArray authSecret;

    QJsonObject toJson() const;
    static Result<LoginRequest> fromJson(const QJsonObject& json);
};

struct LoginReply {
    QString token; // 32 random bytes, base64url (43 chars); send as "Authorization: Bearer <token>"
    qint64 expiresAt = 0; // unix seconds
    QString username;
    QByteArray salt;
    QString kdf;
    QByteArray wrappedMasterKey;
    QByteArray publicKey;

    QJsonObject toJson() const;
    static Result<LoginReply> fromJson(const QJsonObject& json);
};

} // namespace as::protocol
