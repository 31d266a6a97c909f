#pragma once
// A 256-bit symmetric key (file key, master key, key-encryption key, auth secret). A fixed-size value
// type, so a key of the wrong length cannot exist, and wiped from memory when destroyed. Convert to
// bytes only at the edges (link, database, DC request).

#include "core/util/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <array>
#include <cstdint>

namespace as::crypto {

class SecretKey {
public:
    static constexpr int kSize = 32;

    // A fresh random key from the OpenSSL CSPRNG.
    static Result<SecretKey> generate();
    // InvalidArgument unless `bytes` is exactly 32 bytes.
    static Result<SecretKey> fromBytes(QByteArrayView bytes);

    SecretKey(const SecretKey& other) = default;
    SecretKey& operator=(const SecretKey& other) = default;
    ~SecretKey();

    // The raw 32 bytes (copy). The caller is responsible for where they go: never log them.
    QByteArray toBytes() const;
    const unsigned char* data() const { return m_key.data(); }

    // Constant-time comparison.
    bool operator==(const SecretKey& other) const;

private:
    SecretKey() = default;
    std::array<unsigned char, kSize> m_key {};
};

} // namespace as::crypto
