#pragma once
// Slow salted hash of the client's auth secret: scrypt (OpenSSL 3 EVP_KDF "SCRYPT"), stored as
// "scrypt$<log2 N>$<r>$<p>$<salt b64url>$<hash b64url>" so parameters can be raised later without
// invalidating old hashes. The secret is already a KDF output of the password (docs/design.md §3); scrypt here makes
// a stolen database expensive to use against the login route.

#include "core/util/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace as::server {

struct ScryptParams {
    int log2N = 15; // 32 MiB per hash with r = 8
    int r = 8;
    int p = 1;
};

Result<QString> hashAuthSecret(const QByteArray& secret, const ScryptParams& params = {});
// Constant-time comparison; false for malformed stored hashes.
bool verifyAuthSecret(const QByteArray& secret, const QString& stored);

QByteArray randomBytes(int n);
QByteArray sha256(const QByteArray& data);
QByteArray hmacSha256(const QByteArray& key, const QByteArray& data);

} // namespace as::server
