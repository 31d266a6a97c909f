#pragma once
// Secure randomness from OpenSSL's CSPRNG (RAND_bytes). Failure (an unseeded generator) is reported,
// never ignored: a key or nonce must never be made from a failed call.

#include "core/util/Result.h"

#include <QByteArray>
#include <cstddef>

namespace as::crypto {

// `n` random bytes; Internal error when the generator fails.
Result<QByteArray> randomBytes(qsizetype n);

// Fills `out[0..n)`; Internal error when the generator fails.
Status fillRandom(void* out, std::size_t n);

} // namespace as::crypto
