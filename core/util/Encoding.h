#pragma once
// Text encodings used in ids, links and JSON: lowercase hex and unpadded base64url.

#include <QByteArray>
#include <QString>

#include <optional>

namespace as {

QString toHex(const QByteArray& bytes);
// Strict: even length, [0-9a-fA-F] only. nullopt otherwise.
std::optional<QByteArray> fromHex(QStringView text);

QString toBase64Url(const QByteArray& bytes);
// Strict unpadded base64url (RFC 4648 §5); rejects padding, whitespace and other alphabets.
std::optional<QByteArray> fromBase64Url(QStringView text);

} // namespace as
