#include "core/crypto/AccountKey.h"

#include "core/crypto/Aead.h"
#include "core/crypto/Hash.h"
#include "core/crypto/KeyHierarchy.h"
#include "core/crypto/Random.h"
#include "core/util/Ids.h"

#include <QStringList>

#include <memory>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

namespace as::crypto {
namespace {

constexpr quint8 kVersion = 1;
const QByteArray kAccountKeyAad = QByteArrayLiteral("AmazingStore account key v1");
const QByteArray kSharedKeyAadPrefix = QByteArrayLiteral("AmazingStore shared file key v1|");
const QByteArray kHkdfInfo = QByteArrayLiteral("AmazingStore share to user v1");

struct PkeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

struct Wipe {
    QByteArray& bytes;
    ~Wipe() { OPENSSL_cleanse(bytes.data(), std::size_t(bytes.size())); }
};

Result<Pkey> privateKey(const SecretKey& raw)
{
    Pkey k(EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, raw.data(), 32));
    if (!k)
        return detail::opensslError(QStringLiteral("X25519 private key"));
    return k;
}

Result<QByteArray> publicOf(EVP_PKEY* key)
{
    QByteArray out(kAccountPublicKeySize, '\0');
    size_t len = size_t(out.size());
    if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(out.data()), &len) != 1 || len != 32)
        return detail::opensslError(QStringLiteral("X25519 public key"));
    return out;
}

Result<AccountKeyPair> pairFromPrivate(const SecretKey& raw)
{
    auto k = privateKey(raw);
    if (!k)
        return k.error();
    auto pub = publicOf(k->get());
    if (!pub)
        return pub.error();
    return AccountKeyPair { raw, *pub };
}

// X25519(mine, theirs) then HKDF-SHA256 with salt = ephemeral public || recipient public.
Result<SecretKey> agreedKey(const SecretKey& mine, QByteArrayView theirPublic, QByteArrayView salt)
{
    if (theirPublic.size() != kAccountPublicKeySize)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("an account public key has 32 bytes"));
    auto own = privateKey(mine);
    if (!own)
        return own.error();
    Pkey peer(EVP_PKEY_new_raw_public_key(
        EVP_PKEY_X25519, nullptr, reinterpret_cast<const unsigned char*>(theirPublic.data()), 32));
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new(own->get(), nullptr), EVP_PKEY_CTX_free);
    QByteArray shared(32, '\0');
    Wipe wipeShared { shared };
    size_t len = 32;
    if (!peer || !ctx || EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer(ctx.get(), peer.get()) != 1
        || EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char*>(shared.data()), &len) != 1 || len != 32)
        return detail::opensslError(QStringLiteral("X25519 key agreement"));
    EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
    std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> kctx(kdf ? EVP_KDF_CTX_new(kdf) : nullptr, EVP_KDF_CTX_free);
    EVP_KDF_free(kdf);
    char digest[] = "SHA256";
    QByteArray saltCopy = salt.toByteArray(), info = kHkdfInfo;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, shared.data(), size_t(shared.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, saltCopy.data(), size_t(saltCopy.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info.data(), size_t(info.size())),
        OSSL_PARAM_construct_end(),
    };
    QByteArray out(32, '\0');
    Wipe wipeOut { out };
    if (!kctx || EVP_KDF_derive(kctx.get(), reinterpret_cast<unsigned char*>(out.data()), 32, params) != 1)
        return detail::opensslError(QStringLiteral("HKDF"));
    return SecretKey::fromBytes(out);
}

Result<QByteArray> sharedKeyAad(QStringView objectId, QStringView recipient)
{
    if (!isValidId(objectId))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("object id must be 64 lowercase hex characters"));
    if (recipient.isEmpty() || recipient.size() > 64)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a recipient needs a user name"));
    return kSharedKeyAadPrefix + objectId.toLatin1() + '|' + recipient.toString().toLower().toUtf8();
}

} // namespace

Result<AccountKeyPair> generateAccountKeyPair()
{
    auto raw = SecretKey::generate(); // any 32 bytes are an X25519 private key (clamped when used)
    if (!raw)
        return raw.error();
    return pairFromPrivate(*raw);
}

Result<QByteArray> wrapAccountPrivateKey(const AccountKeyPair& pair, const SecretKey& masterKey)
{
    QByteArray raw = pair.privateKey.toBytes();
    Wipe wipe { raw };
    return detail::sealBlob(masterKey, kVersion, kAccountKeyAad, raw);
}

Result<AccountKeyPair> unwrapAccountKeyPair(QByteArrayView wrapped, QByteArrayView expectedPublicKey, const SecretKey& masterKey)
{
    if (wrapped.size() != kWrappedKeySize)
        return makeError(ErrorCode::IntegrityFailure, QStringLiteral("wrapped account key: must be %1 bytes").arg(kWrappedKeySize));
    auto raw = detail::openBlob(masterKey, kVersion, kAccountKeyAad, wrapped, QStringLiteral("wrapped account key"));
    if (!raw)
        return raw.error();
    Wipe wipe { *raw };
    auto key = SecretKey::fromBytes(*raw);
    if (!key)
        return key.error();
    auto pair = pairFromPrivate(*key);
    if (pair && pair->publicKey != expectedPublicKey)
        return makeError(ErrorCode::IntegrityFailure, QStringLiteral("the account's public key does not match its private key"));
    return pair;
}

Result<QByteArray> sealFileKeyTo(const SecretKey& fileKey, QByteArrayView recipientPublicKey, QStringView objectId,
    QStringView recipient)
{
    auto aad = sharedKeyAad(objectId, recipient);
    if (!aad)
        return aad.error();
    auto ephemeral = generateAccountKeyPair();
    if (!ephemeral)
        return ephemeral.error();
    auto key = agreedKey(ephemeral->privateKey, recipientPublicKey, ephemeral->publicKey + recipientPublicKey.toByteArray());
    if (!key)
        return key.error();
    QByteArray raw = fileKey.toBytes();
    Wipe wipe { raw };
    auto blob = detail::sealBlob(*key, kVersion, *aad, raw);
    if (!blob)
        return blob.error();
    // version || ephemeral public || nonce || ct || tag: the ephemeral key goes after the version byte.
    return blob->left(1) + ephemeral->publicKey + blob->mid(1);
}

Result<SecretKey> openSharedFileKey(QByteArrayView sealed, const AccountKeyPair& mine, QStringView objectId, QStringView recipient)
{
    if (sealed.size() != kSharedFileKeySize)
        return makeError(ErrorCode::IntegrityFailure, QStringLiteral("shared file key: must be %1 bytes").arg(kSharedFileKeySize));
    auto aad = sharedKeyAad(objectId, recipient);
    if (!aad)
        return aad.error();
    const QByteArrayView ephemeralPublic = sealed.sliced(1, kAccountPublicKeySize);
    auto key = agreedKey(mine.privateKey, ephemeralPublic, ephemeralPublic.toByteArray() + mine.publicKey);
    if (!key)
        return key.error();
    const QByteArray blob = sealed.first(1).toByteArray() + sealed.sliced(1 + kAccountPublicKeySize).toByteArray();
    auto raw = detail::openBlob(*key, kVersion, *aad, blob, QStringLiteral("shared file key"));
    if (!raw)
        return raw.error();
    Wipe wipe { *raw };
    return SecretKey::fromBytes(*raw);
}

QString accountKeyFingerprint(QByteArrayView publicKey)
{
    if (publicKey.size() != kAccountPublicKeySize)
        return {};
    const QByteArray digest = sha256(QByteArrayLiteral("AmazingStore account key fingerprint v1") + publicKey.toByteArray());
    const QString hex = QString::fromLatin1(digest.left(16).toHex()).toUpper();
    QStringList groups;
    for (int i = 0; i < hex.size(); i += 4)
        groups << hex.mid(i, 4);
    return groups.join(u' ');
}

} // namespace as::crypto
