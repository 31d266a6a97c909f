#include "core/crypto/Hash.h"

#include "core/util/Encoding.h"

#include <QFile>
#include <cstdlib>
#include <openssl/evp.h>

namespace as::crypto {

namespace {

// Digest calls fail only when memory is exhausted; treat that like a failed allocation.
void check(int rc)
{
    if (rc != 1) {
        qCritical("OpenSSL SHA-256 failed");
        std::abort();
    }
}

} // namespace

struct Sha256::Ctx {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Ctx() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256()
    : m_ctx(std::make_unique<Ctx>())
{
    if (!m_ctx->ctx)
        check(0);
    check(EVP_DigestInit_ex(m_ctx->ctx, EVP_sha256(), nullptr));
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(const void* data, std::size_t size)
{
    if (size > 0)
        check(EVP_DigestUpdate(m_ctx->ctx, data, size));
}

void Sha256::update(QByteArrayView data)
{
    update(data.data(), std::size_t(data.size()));
}

QByteArray Sha256::finish()
{
    QByteArray out(kSha256Size, Qt::Uninitialized);
    unsigned int len = 0;
    check(EVP_DigestFinal_ex(m_ctx->ctx, reinterpret_cast<unsigned char*>(out.data()), &len));
    check(EVP_DigestInit_ex(m_ctx->ctx, EVP_sha256(), nullptr));
    return out;
}

QByteArray sha256(QByteArrayView data)
{
    QByteArray out(kSha256Size, Qt::Uninitialized);
    check(EVP_Digest(data.data(), std::size_t(data.size()), reinterpret_cast<unsigned char*>(out.data()), nullptr,
        EVP_sha256(), nullptr));
    return out;
}

QString sha256Hex(QByteArrayView data)
{
    return toHex(sha256(data));
}

Result<QByteArray> sha256File(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return makeError(ErrorCode::Io, QStringLiteral("cannot open %1: %2").arg(path, file.errorString()));
    Sha256 hash;
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 n = file.read(buffer.data(), buffer.size());
        if (n < 0)
            return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        if (n == 0)
            break;
        hash.update(buffer.constData(), std::size_t(n));
    }
    return hash.finish();
}

} // namespace as::crypto
