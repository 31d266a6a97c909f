#include "core/crypto/SecretKey.h"

#include "core/crypto/Random.h"

#include <openssl/crypto.h>

namespace as::crypto {

Result<SecretKey> SecretKey::generate()
{
    SecretKey key;
    if (auto st = fillRandom(key.m_key.data(), key.m_key.size()); !st)
        return st.error();
    return key;
}

Result<SecretKey> SecretKey::fromBytes(QByteArrayView bytes)
{
    if (bytes.size() != kSize)
        return makeError(
            ErrorCode::InvalidArgument, QStringLiteral("a key must be %1 bytes, got %2").arg(kSize).arg(bytes.size()));
    SecretKey key;
    std::copy(bytes.begin(), bytes.end(), key.m_key.begin());
    return key;
}

SecretKey::~SecretKey()
{
    OPENSSL_cleanse(m_key.data(), m_key.size());
}

QByteArray SecretKey::toBytes() const
{
    return QByteArray(reinterpret_cast<const char*>(m_key.data()), kSize);
}

bool SecretKey::operator==(const SecretKey& other) const
{
    return CRYPTO_memcmp(m_key.data(), other.m_key.data(), kSize) == 0;
}

} // namespace as::crypto
