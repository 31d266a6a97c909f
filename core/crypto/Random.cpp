#include "core/crypto/Random.h"

#include <climits>
#include <openssl/rand.h>

namespace as::crypto {

Status fillRandom(void* out, std::size_t n)
{
    auto* p = static_cast<unsigned char*>(out);
    while (n > 0) {
        const int step = n > std::size_t(INT_MAX) ? INT_MAX : int(n);
        if (RAND_bytes(p, step) != 1)
            return makeError(ErrorCode::Internal, QStringLiteral("the system random number generator failed"));
        p += step;
        n -= std::size_t(step);
    }
    return Status::success();
}

Result<QByteArray> randomBytes(qsizetype n)
{
    if (n < 0)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("negative random byte count"));
    QByteArray out(n, Qt::Uninitialized);
    if (auto st = fillRandom(out.data(), std::size_t(n)); !st)
        return st.error();
    return out;
}

} // namespace as::crypto
