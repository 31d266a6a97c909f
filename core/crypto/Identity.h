#pragma once
// A node's Ed25519 identity (docs/design.md §3 "Identities"). Peer id = SHA-256 of the raw 32-byte public key,
// as 64 lowercase hex (the same space as object ids, so XOR distance applies).

#include "core/util/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <memory>

namespace as::crypto {

constexpr qsizetype kEd25519PublicKeySize = 32;
constexpr qsizetype kEd25519SignatureSize = 64;

class Identity {
public:
    static Result<Identity> generate();
    // From a raw 32-byte private key (seed), e.g. RFC 8032 test vectors.
    static Result<Identity> fromPrivateKey(QByteArrayView seed);
    // Unencrypted PKCS#8 PEM. Refuses a file that group or others can read (Forbidden), like ssh does.
    static Result<Identity> load(const QString& path);
    // load() if the file exists, else generate() and save().
    static Result<Identity> loadOrCreate(const QString& path);

    // Writes PKCS#8 PEM atomically (temp file created 0600, fsync, rename); the file is mode 0600.
    Status save(const QString& path) const;

    QByteArray publicKey() const; // raw 32 bytes
    QByteArray peerIdBytes() const; // raw 32 bytes
    QString peerId() const; // 64 lowercase hex

    // 64-byte signature (pure Ed25519, no prehash).
    Result<QByteArray> sign(QByteArrayView message) const;

private:
    struct Key;
    friend struct IdentityAccess;
    explicit Identity(std::shared_ptr<Key> key);
    std::shared_ptr<Key> m_key;
};

// True only for a valid 64-byte signature of `message` by the raw 32-byte `publicKey`.
bool verifySignature(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature);

// SHA-256 of a raw public key as 64 lowercase hex; empty if it is not 32 bytes.
QString peerIdFromPublicKey(QByteArrayView publicKey);

} // namespace as::crypto
