#include "core/crypto/Aead.h"

#include "core/crypto/Random.h"

#include <climits>
#include <openssl/err.h>

namespace as::crypto::detail {

const EVP_CIPHER* aes256gcm()
{
    // Explicit fetch once: avoids the implicit provider lookup on every init.
    static EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
    return cipher;
}

Error opensslError(const QString& what)
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    char buf[256] = {};
    if (code)
        ERR_error_string_n(code, buf, sizeof buf);
    return makeError(ErrorCode::Internal, code ? QStringLiteral("%1: %2").arg(what, QString::fromLatin1(buf)) : what);
}

GcmContext::~GcmContext()
{
    EVP_CIPHER_CTX_free(m_ctx);
}

Status GcmContext::init(const SecretKey& key, bool encrypt)
{
    if (!aes256gcm())
        return opensslError(QStringLiteral("AES-256-GCM is not available"));
    if (!m_ctx)
        m_ctx = EVP_CIPHER_CTX_new();
    if (!m_ctx)
        return opensslError(QStringLiteral("cannot allocate a cipher context"));
    m_encrypt = encrypt;
    const int ok = encrypt ? EVP_EncryptInit_ex2(m_ctx, aes256gcm(), key.data(), nullptr, nullptr)
                           : EVP_DecryptInit_ex2(m_ctx, aes256gcm(), key.data(), nullptr, nullptr);
    if (ok != 1)
        return opensslError(QStringLiteral("cannot initialise AES-256-GCM"));
    return Status::success();
}

static bool sizeOk(qsizetype n)
{
    return n >= 0 && n <= INT_MAX;
}

Status GcmContext::seal(const unsigned char* nonce, QByteArrayView aad, const unsigned char* in, qsizetype size,
    unsigned char* out, unsigned char* tag)
{
    if (!m_ctx || !m_encrypt || !sizeOk(size) || !sizeOk(aad.size()))
        return makeError(ErrorCode::Internal, QStringLiteral("AES-256-GCM seal misused"));
    int len = 0;
    if (EVP_EncryptInit_ex2(m_ctx, nullptr, nullptr, nonce, nullptr) != 1
        || (!aad.isEmpty()
            && EVP_EncryptUpdate(
                   m_ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(aad.data()), int(aad.size()))
                != 1)
        || (size > 0 && EVP_EncryptUpdate(m_ctx, out, &len, in, int(size)) != 1)
        || EVP_EncryptFinal_ex(m_ctx, out + size, &len) != 1
        || EVP_CIPHER_CTX_ctrl(m_ctx, EVP_CTRL_GCM_GET_TAG, kGcmTagSize, tag) != 1)
        return opensslError(QStringLiteral("AES-256-GCM encryption failed"));
    return Status::success();
}

Result<bool> GcmContext::open(const unsigned char* nonce, QByteArrayView aad, const unsigned char* in, qsizetype size,
    unsigned char* out, const unsigned char* tag)
{
    if (!m_ctx || m_encrypt || !sizeOk(size) || !sizeOk(aad.size()))
        return makeError(ErrorCode::Internal, QStringLiteral("AES-256-GCM open misused"));
    int len = 0;
    if (EVP_DecryptInit_ex2(m_ctx, nullptr, nullptr, nonce, nullptr) != 1
        || (!aad.isEmpty()
            && EVP_DecryptUpdate(
                   m_ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(aad.data()), int(aad.size()))
                != 1)
        || (size > 0 && EVP_DecryptUpdate(m_ctx, out, &len, in, int(size)) != 1)
        || EVP_CIPHER_CTX_ctrl(m_ctx, EVP_CTRL_GCM_SET_TAG, kGcmTagSize, const_cast<unsigned char*>(tag)) != 1)
        return opensslError(QStringLiteral("AES-256-GCM decryption failed"));
    // Final is where the tag is checked; a mismatch is an answer, not an internal error.
    const bool ok = EVP_DecryptFinal_ex(m_ctx, out + size, &len) == 1;
    ERR_clear_error();
    return ok;
}

Result<QByteArray> sealBlob(const SecretKey& key, quint8 version, QByteArrayView aad, QByteArrayView plaintext)
{
    QByteArray out(1 + kGcmNonceSize + plaintext.size() + kGcmTagSize, Qt::Uninitialized);
    auto* p = reinterpret_cast<unsigned char*>(out.data());
    p[0] = version;
    if (auto st = fillRandom(p + 1, kGcmNonceSize); !st)
        return st.error();
    GcmContext gcm;
    if (auto st = gcm.init(key, true); !st)
        return st.error();
    unsigned char* body = p + 1 + kGcmNonceSize;
    if (auto st = gcm.seal(p + 1, aad, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(), body,
            body + plaintext.size());
        !st)
        return st.error();
    return out;
}

Result<QByteArray> openBlob(
    const SecretKey& key, quint8 version, QByteArrayView aad, QByteArrayView blob, const QString& what)
{
    if (blob.size() < 1 + kGcmNonceSize + kGcmTagSize)
        return makeError(
            ErrorCode::IntegrityFailure, QStringLiteral("%1: too short (%2 bytes)").arg(what).arg(blob.size()));
    const auto* p = reinterpret_cast<const unsigned char*>(blob.data());
    if (p[0] != version)
        return makeError(
            ErrorCode::IntegrityFailure, QStringLiteral("%1: unsupported version %2").arg(what).arg(int(p[0])));
    const qsizetype size = blob.size() - 1 - kGcmNonceSize - kGcmTagSize;
    QByteArray out(size, Qt::Uninitialized);
    GcmContext gcm;
    if (auto st = gcm.init(key, false); !st)
        return st.error();
    auto ok = gcm.open(p + 1, aad, p + 1 + kGcmNonceSize, size, reinterpret_cast<unsigned char*>(out.data()),
        p + 1 + kGcmNonceSize + size);
    if (!ok)
        return ok.error();
    if (!*ok) {
        OPENSSL_cleanse(out.data(), std::size_t(out.size()));
        return makeError(ErrorCode::IntegrityFailure,
            QStringLiteral("%1: authentication failed (wrong key or altered data)").arg(what));
    }
    return out;
}

} // namespace as::crypto::detail
