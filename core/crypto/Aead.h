#pragma once
// Internal to core/crypto: AES-256-GCM through OpenSSL EVP, and the small sealed blob used for wrapped
// keys and metadata (version u8 || nonce 12 B || ciphertext || tag 16 B). Not a public API.

#include "core/crypto/SecretKey.h"
#include "core/util/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <openssl/evp.h>

namespace as::crypto::detail {

constexpr int kGcmNonceSize = 12;
constexpr int kGcmTagSize = 16;

// The AES-256-GCM implementation, fetched once per process.
const EVP_CIPHER* aes256gcm();

// An EVP context keyed once; each seal/open sets a new nonce, so the key schedule is not redone per call.
class GcmContext {
public:
    GcmContext() = default;
    ~GcmContext();
    GcmContext(const GcmContext&) = delete;
    GcmContext& operator=(const GcmContext&) = delete;

    Status init(const SecretKey& key, bool encrypt);
    // out may equal in (in place). tag receives 16 bytes.
    Status seal(const unsigned char* nonce, QByteArrayView aad, const unsigned char* in, qsizetype size,
        unsigned char* out, unsigned char* tag);
    // false when the tag does not verify (out then holds unverified bytes the caller must discard).
    Result<bool> open(const unsigned char* nonce, QByteArrayView aad, const unsigned char* in, qsizetype size,
        unsigned char* out, const unsigned char* tag);

private:
    EVP_CIPHER_CTX* m_ctx = nullptr;
    bool m_encrypt = true;
};

// version || random nonce || GCM(plaintext) || tag.
Result<QByteArray> sealBlob(const SecretKey& key, quint8 version, QByteArrayView aad, QByteArrayView plaintext);
// IntegrityFailure "<what>: ..." when the version is unknown, the size is wrong or the tag fails.
Result<QByteArray> openBlob(
    const SecretKey& key, quint8 version, QByteArrayView aad, QByteArrayView blob, const QString& what);

Error opensslError(const QString& what);

} // namespace as::crypto::detail
