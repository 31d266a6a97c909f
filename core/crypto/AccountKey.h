#pragma once
// Account key pairs and file keys sealed to a user (docs/crypto.md "Sharing to a named user").
//
//   account key pair: X25519, made once per account; the private half is wrapped under the master key
//                     (AAD "AmazingStore account key v1"), the public half is published at the DC.
//   shared file key:  version (1) || ephemeral X25519 public (32) || nonce (12) || GCM(file key) (32) || tag (16)
//                     key = HKDF-SHA256(X25519(ephemeral, recipient), salt = eph pub || recipient pub,
//                                       info "AmazingStore share to user v1"),
//                     AAD = "AmazingStore shared file key v1|" || object id || "|" || recipient (lower case)
//
// The DC stores the wrapped private key, the public key and the sealed file keys; it can unwrap none of them.

#include "core/crypto/SecretKey.h"
#include "core/util/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>

namespace as::crypto {

constexpr qsizetype kAccountPublicKeySize = 32;
constexpr qsizetype kSharedFileKeySize = 1 + 32 + 12 + 32 + 16;

struct AccountKeyPair {
    SecretKey privateKey; // raw X25519 private key
    QByteArray publicKey; // raw X25519 public key, 32 bytes
};

Result<AccountKeyPair> generateAccountKeyPair();

// What two friends compare out of band (docs/sharing.md "Key fingerprints"): the first 128 bits of
// SHA-256("AmazingStore account key fingerprint v1" || public key) as 8 groups of 4 upper-case hex digits.
// Empty for a public key that is not 32 bytes.
QString accountKeyFingerprint(QByteArrayView publicKey);

// The private half under the master key (kWrappedKeySize bytes), and back: unwrapping also recomputes the
// public half, so a pair from the DC whose halves do not match is refused (IntegrityFailure).
Result<QByteArray> wrapAccountPrivateKey(const AccountKeyPair& pair, const SecretKey& masterKey);
Result<AccountKeyPair> unwrapAccountKeyPair(
    QByteArrayView wrapped, QByteArrayView expectedPublicKey, const SecretKey& masterKey);

// Seals `fileKey` so that only the holder of the private key of `recipientPublicKey` opens it, bound to the
// object and the recipient's user name. InvalidArgument for a malformed id, name or public key.
Result<QByteArray> sealFileKeyTo(const SecretKey& fileKey, QByteArrayView recipientPublicKey, QStringView objectId,
    QStringView recipient);
// IntegrityFailure when the sealed key is not for this pair, object and user, or was altered.
Result<SecretKey> openSharedFileKey(
    QByteArrayView sealed, const AccountKeyPair& mine, QStringView objectId, QStringView recipient);

} // namespace as::crypto
