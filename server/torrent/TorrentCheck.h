#pragma once
// What the DC accepts as an object's torrent, and checking received ciphertext against it. libtorrent
// headers stay inside TorrentCheck.cpp (they are slow to compile).

#include "core/util/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace as::server {

struct TorrentSummary {
    QString v2Hex; // 64 hex: the object id
    QString v1Hex; // 40 hex: SHA-1 info-hash of the hybrid torrent
    QString v2ShortHex; // 40 hex: v2 info-hash truncated to 20 bytes (what libtorrent announces for v2)
    qint64 size = 0;
    qint64 pieceLength = 0;
    int numPieces = 0;
};

inline constexpr qint64 kMinPieceLength = 16 * 1024;
inline constexpr qint64 kMaxPieceLength = 16 * 1024 * 1024;

// Accepts only a single-file hybrid (v1+v2) torrent, piece size a power of two in [16 KiB, 16 MiB], file
// size in [1, maxSize]. Every other input (including garbage) is InvalidArgument / TooLarge.
Result<TorrentSummary> inspectTorrent(const QByteArray& torrent, qint64 maxSize);

// Hashes the file at `path` piece by piece (streaming: SHA-1 of the v1 pieces and the SHA-256 tree of the v2
// half) and returns the indices of the pieces that do not match either. The file must be exactly the
// torrent's size. inspectTorrent() has checked that the piece layer matches the pieces root.
Result<QList<int>> verifyPieces(const QByteArray& torrent, const QString& path);

} // namespace as::server
