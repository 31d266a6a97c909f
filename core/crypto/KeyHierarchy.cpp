#include "core/crypto/KeyHierarchy.h"

#include "core/crypto/Aead.h"
#include "core/crypto/Random.h"
#include "core/util/Ids.h"

#include <QList>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>

namespace as::crypto {

namespace {

constexpr quint8 kWrapVersion = 1;
constexpr qint64 kMaxScryptMemory = qint64(256) << 20;

// Separate labels: a wrapped master key is never accepted as a wrapped file key and vice versa.
const QByteArray kMasterKeyAad = QByteArrayLiteral("AmazingStore master key v1");
const QByteArray kFileKeyAadPrefix = QByteArrayLiteral("AmazingStore file key v1|");

// Wipes a secret QByteArray on scope exit (the buffer is not shared: it was just built here).
struct Wipe {
    QByteArray& bytes;
    ~Wipe() { OPENSSL_cleanse(bytes.data(), std::size_t(bytes.size())); }
};

Result<SecretKey> unwrapKey(QByteArrayView wrapped, const SecretKey& key, const QByteArray& aad, const QString& what)
{
    if (wrapped.size() != kWrappedKeySize)
        return makeError(ErrorCode::IntegrityFailure,
            QStringLiteral("%1: must be %2 bytes, got %3").arg(what).arg(kWrappedKeySize).arg(wrapped.size()));
    auto raw = detail::openBlob(key, kWrapVersion, aad, wrapped, what);
    if (!raw)
        return raw.error();
    Wipe wipe { *raw };
    return SecretKey::fromBytes(*raw);
}

Result<QByteArray> fileKeyAad(QStringView objectId)
{
    if (!isValidId(objectId))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("object id must be 64 lowercase hex characters"));
    return kFileKeyAadPrefix + objectId.toLatin1();
}

} // namespace

bool KdfParams::isAcceptable() const
{
    if (logN < 14 || logN > 22 || r < 8 || r > 32 || p < 1 || p > 16)
        return false;
    return qint64(128) * r * (qint64(1) << logN) <= kMaxScryptMemory;
}

QString KdfParams::toString() const
{
    return QStringLiteral("scrypt:%1:%2:%3").arg(logN).arg(r).arg(p);
}

Result<KdfParams> KdfParams::fromString(QStringView text)
{
    const auto parts = text.split(u':');
    KdfParams k;
    bool ok[3] = { false, false, false };
    if (parts.size() == 4 && parts[0] == u"scrypt") {
        k.logN = parts[1].toInt(&ok[0]);
        k.r = parts[2].toInt(&ok[1]);
        k.p = parts[3].toInt(&ok[2]);
    }
    if (!ok[0] || !ok[1] || !ok[2])
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("KDF parameters must look like scrypt:15:8:1"));
    if (!k.isAcceptable())
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("KDF parameters %1 are outside the accepted range").arg(k.toString()));
    return k;
}

Result<QByteArray> scrypt(
    QByteArrayView password, QByteArrayView salt, quint64 n, quint32 r, quint32 p, qsizetype outputSize)
{
    if (outputSize <= 0 || outputSize > 1024)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("scrypt output size out of range"));
    EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "SCRYPT", nullptr);
    EVP_KDF_CTX* ctx = kdf ? EVP_KDF_CTX_new(kdf) : nullptr;
    EVP_KDF_free(kdf);
    if (!ctx)
        return detail::opensslError(QStringLiteral("scrypt is not available"));
    // OpenSSL treats a null pointer as "no password"; RFC 7914 allows an empty one.
    static const char empty[1] = { 0 };
    uint64_t maxmem = uint64_t(kMaxScryptMemory) * 2;
    uint64_t n64 = n;
    uint32_t r32 = r, p32 = p;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
            const_cast<char*>(password.isEmpty() ? empty : password.data()), std::size_t(password.size())),
        OSSL_PARAM_construct_octet_string(
            OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.isEmpty() ? empty : salt.data()), std::size_t(salt.size())),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n64),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r32),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p32),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
        OSSL_PARAM_construct_end(),
    };
    QByteArray out(outputSize, Qt::Uninitialized);
    const int rc = EVP_KDF_derive(ctx, reinterpret_cast<unsigned char*>(out.data()), std::size_t(outputSize), params);
    EVP_KDF_CTX_free(ctx);
    if (rc != 1)
        return detail::opensslError(QStringLiteral("scrypt failed"));
    return out;
}

Result<PasswordKeys> derivePasswordKeys(QStringView password, QByteArrayView salt, const KdfParams& params)
{
    if (password.isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("the password is empty"));
    if (salt.size() != kSaltSize)
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("the salt must be %1 bytes, got %2").arg(kSaltSize).arg(salt.size()));
    if (!params.isAcceptable())
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("KDF parameters %1 are outside the accepted range").arg(params.toString()));
    QByteArray pw = password.toString().normalized(QString::NormalizationForm_C).toUtf8();
    Wipe wipePw { pw };
    auto out = scrypt(pw, salt, quint64(1) << params.logN, quint32(params.r), quint32(params.p), 64);
    if (!out)
        return out.error();
    Wipe wipeOut { *out };
    auto kek = SecretKey::fromBytes(QByteArrayView(*out).first(32));
    auto auth = SecretKey::fromBytes(QByteArrayView(*out).sliced(32));
    if (!kek || !auth)
        return makeError(ErrorCode::Internal, QStringLiteral("scrypt output has the wrong size"));
    return PasswordKeys { *kek, *auth };
}

Result<QByteArray> wrapMasterKey(const SecretKey& masterKey, const SecretKey& kek)
{
    QByteArray raw = masterKey.toBytes();
    Wipe wipe { raw };
    return detail::sealBlob(kek, kWrapVersion, kMasterKeyAad, raw);
}

Result<SecretKey> unwrapMasterKey(QByteArrayView wrapped, const SecretKey& kek)
{
    return unwrapKey(wrapped, kek, kMasterKeyAad, QStringLiteral("wrapped master key"));
}

Result<AccountSecrets> rewrapMasterKey(const SecretKey& masterKey, QStringView password, const KdfParams& params)
{
    auto salt = randomBytes(kSaltSize);
    if (!salt)
        return salt.error();
    auto keys = derivePasswordKeys(password, *salt, params);
    if (!keys)
        return keys.error();
    auto wrapped = wrapMasterKey(masterKey, keys->kek);
    if (!wrapped)
        return wrapped.error();
    return AccountSecrets { masterKey, *salt, params, *wrapped, keys->authSecret };
}

Result<AccountSecrets> createAccount(QStringView password, const KdfParams& params)
{
    auto master = SecretKey::generate();
    if (!master)
        return master.error();
    return rewrapMasterKey(*master, password, params);
}

Result<SecretKey> unlockMasterKey(
    QStringView password, QByteArrayView salt, QByteArrayView wrappedMasterKey, const KdfParams& params)
{
    auto keys = derivePasswordKeys(password, salt, params);
    if (!keys)
        return keys.error();
    auto master = unwrapMasterKey(wrappedMasterKey, keys->kek);
    if (!master && master.error().code == ErrorCode::IntegrityFailure)
        return makeError(
            ErrorCode::Unauthorized, QStringLiteral("wrong password (or the stored wrapped master key is damaged)"));
    return master;
}

Result<QByteArray> wrapFileKey(const SecretKey& fileKey, const SecretKey& masterKey, QStringView objectId)
{
    auto aad = fileKeyAad(objectId);
    if (!aad)
        return aad.error();
    QByteArray raw = fileKey.toBytes();
    Wipe wipe { raw };
    return detail::sealBlob(masterKey, kWrapVersion, *aad, raw);
}

Result<SecretKey> unwrapFileKey(QByteArrayView wrapped, const SecretKey& masterKey, QStringView objectId)
{
    auto aad = fileKeyAad(objectId);
    if (!aad)
        return aad.error();
    return unwrapKey(wrapped, masterKey, *aad, QStringLiteral("wrapped file key of object %1").arg(objectId));
}

} // namespace as::crypto
