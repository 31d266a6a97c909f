#pragma once
// Account keys (docs/design.md §3 "Keys"):
//
//   password + salt --scrypt--> 64 bytes = KEK (first 32) || auth secret (last 32)
//   master key (random)      --AES-256-GCM under KEK, AAD "AmazingStore master key v1"--> wrapped master key
//   file key (random)        --AES-256-GCM under master key, AAD label || object id--> wrapped file key
//
// The DC stores the salt, the wrapped master key and a hash of the auth secret; it never sees the KEK
// or the master key, so it can check logins but never unwrap a key. See docs/crypto.md.

#include "core/crypto/SecretKey.h"
#include "core/util/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace as::crypto {

constexpr qsizetype kSaltSize = 16;
constexpr qsizetype kWrappedKeySize = 1 + 12 + 32 + 16; // version || nonce || key || tag

// scrypt cost. Defaults: N = 2^16, r = 8, p = 1 (64 MiB, ~0.2 s on this machine; docs/crypto.md). The
// params travel with the salt (protocol field "kdf" = toString()), so the default can rise later.
struct KdfParams {
    int logN = 16;
    int r = 8;
    int p = 1;

    // Bounds accepted from outside, so a hostile DC can neither downgrade the cost nor exhaust memory.
    bool isAcceptable() const;
    // Compact text for storage next to the salt: "scrypt:16:8:1".
    QString toString() const;
    static Result<KdfParams> fromString(QStringView text);
};

// Raw scrypt (EVP_KDF "SCRYPT"); no bounds checks beyond OpenSSL's own. Used by the KATs.
Result<QByteArray> scrypt(
    QByteArrayView password, QByteArrayView salt, quint64 n, quint32 r, quint32 p, qsizetype outputSize);

struct PasswordKeys {
    SecretKey kek; // wraps the master key; never leaves the client
    SecretKey authSecret; // what the client sends to the DC to log in
};

// The password is NFC-normalised and UTF-8 encoded first, so the same password typed on another system
// gives the same keys. InvalidArgument for an empty password, a salt that is not 16 bytes or unacceptable
// params.
Result<PasswordKeys> derivePasswordKeys(QStringView password, QByteArrayView salt, const KdfParams& params = {});

// Everything registration needs. `masterKey` stays on the client; the rest goes to the DC.
struct AccountSecrets {
    SecretKey masterKey;
    QByteArray salt; // 16 random bytes
    KdfParams params;
    QByteArray wrappedMasterKey; // kWrappedKeySize bytes
    SecretKey authSecret;
};

// New account: random master key and salt, keys derived from `password`, master key wrapped.
Result<AccountSecrets> createAccount(QStringView password, const KdfParams& params = {});

// Log-in on any machine: derive from password + salt and unwrap. Unauthorized ("wrong password") when the
// wrapped key does not open under the derived KEK.
Result<SecretKey> unlockMasterKey(
    QStringView password, QByteArrayView salt, QByteArrayView wrappedMasterKey, const KdfParams& params = {});

// Password change: the same master key wrapped under a new password and a new salt.
Result<AccountSecrets> rewrapMasterKey(
    const SecretKey& masterKey, QStringView newPassword, const KdfParams& params = {});

Result<QByteArray> wrapMasterKey(const SecretKey& masterKey, const SecretKey& kek);
Result<SecretKey> unwrapMasterKey(QByteArrayView wrapped, const SecretKey& kek);

// File keys are bound to their object id (64 lowercase hex): a wrapped key moved to another object does
// not unwrap (IntegrityFailure). InvalidArgument for a malformed id.
Result<QByteArray> wrapFileKey(const SecretKey& fileKey, const SecretKey& masterKey, QStringView objectId);
Result<SecretKey> unwrapFileKey(QByteArrayView wrapped, const SecretKey& masterKey, QStringView objectId);

} // namespace as::crypto
