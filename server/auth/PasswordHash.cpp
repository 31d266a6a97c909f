#include "server/auth/PasswordHash.h"

#include "core/util/Encoding.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <semaphore>
#include <stdexcept>

namespace as::server {
using namespace Qt::Literals::StringLiterals;

namespace {

// Each scrypt takes 32 MiB: bound how many run at once, so a burst of logins cannot exhaust memory.
std::counting_semaphore<> g_scryptSlots(4);

std::optional<QByteArray> scrypt(const QByteArray& secret, const QByteArray& salt, const ScryptParams& p, int outLen)
{
    g_scryptSlots.acquire();
    struct Release {
        ~Release() { g_scryptSlots.release(); }
    } release;
    EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "SCRYPT", nullptr);
    if (!kdf)
        return std::nullopt;
    EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf);
    if (!ctx)
        return std::nullopt;
    uint64_t n = uint64_t(1) << p.log2N;
    uint32_t r = uint32_t(p.r), par = uint32_t(p.p);
    uint64_t maxmem = 256ull * 1024 * 1024;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(
            OSSL_KDF_PARAM_PASSWORD, const_cast<char*>(secret.constData()), size_t(secret.size())),
        OSSL_PARAM_construct_octet_string(
            OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.constData()), size_t(salt.size())),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &par),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
        OSSL_PARAM_construct_end(),
    };
    QByteArray out(outLen, Qt::Uninitialized);
    const int rc = EVP_KDF_derive(ctx, reinterpret_cast<unsigned char*>(out.data()), size_t(out.size()), params);
    EVP_KDF_CTX_free(ctx);
    if (rc != 1)
        return std::nullopt;
    return out;
}

} // namespace

QByteArray randomBytes(int n)
{
    QByteArray b(n, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(b.data()), n) != 1)
        throw std::runtime_error("RAND_bytes failed"); // no safe way on without randomness; caught at the edge
    return b;
}

QByteArray sha256(const QByteArray& data)
{
    QByteArray out(SHA256_DIGEST_LENGTH, Qt::Uninitialized);
    SHA256(reinterpret_cast<const unsigned char*>(data.constData()), size_t(data.size()),
        reinterpret_cast<unsigned char*>(out.data()));
    return out;
}

QByteArray hmacSha256(const QByteArray& key, const QByteArray& data)
{
    QByteArray out(32, Qt::Uninitialized);
    unsigned int len = 32;
    HMAC(EVP_sha256(), key.constData(), key.size(), reinterpret_cast<const unsigned char*>(data.constData()),
        size_t(data.size()), reinterpret_cast<unsigned char*>(out.data()), &len);
    return out;
}

Result<QString> hashAuthSecret(const QByteArray& secret, const ScryptParams& params)
{
    const QByteArray salt = randomBytes(16);
    auto h = scrypt(secret, salt, params, 32);
    if (!h)
        return makeError(ErrorCode::Internal, u"scrypt failed"_s);
    return u"scrypt$%1$%2$%3$%4$%5"_s.arg(params.log2N)
        .arg(params.r)
        .arg(params.p)
        .arg(toBase64Url(salt), toBase64Url(*h));
}

bool verifyAuthSecret(const QByteArray& secret, const QString& stored)
{
    const QStringList parts = stored.split(u'$');
    if (parts.size() != 6 || parts[0] != u"scrypt"_s)
        return false;
    ScryptParams p;
    bool ok1 = false, ok2 = false, ok3 = false;
    p.log2N = parts[1].toInt(&ok1);
    p.r = parts[2].toInt(&ok2);
    p.p = parts[3].toInt(&ok3);
    const auto salt = fromBase64Url(parts[4]);
    const auto expected = fromBase64Url(parts[5]);
    if (!ok1 || !ok2 || !ok3 || !salt || !expected || p.log2N < 1 || p.log2N > 22 || p.r < 1 || p.r > 32 || p.p < 1
        || p.p > 16 || expected->isEmpty())
        return false;
    auto h = scrypt(secret, *salt, p, int(expected->size()));
    return h && CRYPTO_memcmp(h->constData(), expected->constData(), size_t(expected->size())) == 0;
}

} // namespace as::server
