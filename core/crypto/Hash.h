#pragma once
// SHA-256, one-shot and streaming (OpenSSL EVP). A digest can only fail on memory exhaustion, which is
// treated like a failed allocation (abort), so these return plain values.

#include "core/util/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <memory>

namespace as::crypto {

constexpr int kSha256Size = 32;

// Raw 32-byte digest.
QByteArray sha256(QByteArrayView data);
// 64 lowercase hex characters.
QString sha256Hex(QByteArrayView data);

// Streaming: update() any number of times, then finish() once.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;

    void update(QByteArrayView data);
    void update(const void* data, std::size_t size);
    // The raw 32-byte digest; the object is reset and may be reused.
    QByteArray finish();

private:
    struct Ctx;
    std::unique_ptr<Ctx> m_ctx;
};

// Digest of a whole file read in large blocks; Io error if it cannot be read.
Result<QByteArray> sha256File(const QString& path);

} // namespace as::crypto
