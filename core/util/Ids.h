#pragma once
// Identifiers shared by the DC and the nodes. Object ids are BitTorrent v2 info-hashes (SHA-256) and peer
// ids are SHA-256 of an Ed25519 public key; both are 64 lowercase hex characters. Validate every id that
// comes from outside before it touches a path, a query or a map.

#include <QByteArray>
#include <QString>

namespace as {

constexpr int kIdHexLength = 64;

// True for exactly 64 lowercase hex characters.
bool isValidId(QStringView id);

// XOR distance between two 32-byte ids (raw bytes); compare results lexicographically.
QByteArray xorDistance(const QByteArray& a, const QByteArray& b);

// True when `a` is closer to `target` than `b` in XOR metric. All three are raw 32-byte ids.
bool closerTo(const QByteArray& target, const QByteArray& a, const QByteArray& b);

} // namespace as
