#pragma once
// Objects (docs/design.md §3, §4). An object id is the torrent's BitTorrent v2 info-hash (64 lowercase hex).
// All routes but /torrent need "Authorization: Bearer <token>" and act only on the caller's own objects
// (another user's object answers 404, as if it did not exist).
//
// POST   /api/v1/objects            ObjectRegister → 201 ObjectInfo (200 if the caller already registered it
//                                   with the same torrent; 409 conflict if another account owns the id)
//   {"id", "torrent", "sealed_metadata", "wrapped_file_key"}      (byte fields: base64url)
//   The torrent must be single-file hybrid v1+v2, its v2 info-hash equal to "id", piece size 16 KiB..16 MiB.
// GET    /api/v1/objects            → 200 ObjectList {"objects": [ObjectInfo...]} (no "missing"/"holders")
// GET    /api/v1/objects/{id}       → 200 ObjectInfo (with "missing" while uploading, "holders" when known)
//   ObjectInfo carries "replicas" (live holders), "target_replicas" (c) and "availability" (the model's
//   estimate, 0..1) once the object is available (docs/replication.md).
// DELETE /api/v1/objects/{id}       → 204
// PUT    /api/v1/objects/{id}/content   raw ciphertext bytes, header "Content-Range: bytes START-END/SIZE"
//   (END inclusive, SIZE = the object's size). Parts may come in any order, overlap, be re-sent; each 2xx means
//   the part is on disk (fsync'd). → 200 ObjectInfo (state "uploading" with "missing", or "available" once
//   the last byte arrived and every piece hash matched). Hash mismatch → 422 integrity-failure; the bad
//   pieces are forgotten (they reappear in "missing") and can be sent again.
// GET    /api/v1/objects/{id}/torrent   (no auth: the id is the capability) → the .torrent bytes
//   (Content-Type: application/x-bittorrent)

#include "core/protocol/Json.h"

#include <QList>

namespace as::protocol {

inline constexpr int kMaxTorrentBytes = 4 * 1024 * 1024;
inline constexpr int kMaxSealedMetadataBytes = 64 * 1024;
inline constexpr int kMaxWrappedKeyBytes = 4096;

struct ObjectRegister {
    QString id;
    QByteArray torrent; // bencoded .torrent
    QByteArray sealedMetadata; // name/size/type/mtime sealed with the file key; opaque to the DC
    QByteArray wrappedFileKey; // file key wrapped under the owner's master key; opaque to the DC

    QJsonObject toJson() const;
    static Result<ObjectRegister> fromJson(const QJsonObject& json);
};

struct ByteRange {
    qint64 offset = 0;
    qint64 length = 0;
    bool operator==(const ByteRange&) const = default;

    QJsonObject toJson() const;
    static Result<ByteRange> fromJson(const QJsonObject& json);
};

struct Holder {
    QString peerId;
    QString address; // IP as seen by the DC
    int port = 0; // the node's BitTorrent listen port
    bool online = false;
    qint64 lastSeen = 0;

    QJsonObject toJson() const;
    static Result<Holder> fromJson(const QJsonObject& json);
};

struct ObjectInfo {
    QString id;
    qint64 size = 0;
    qint64 pieceLength = 0;
    QString state; // "uploading" | "available"
    qint64 createdAt = 0; // unix seconds
    qint64 receivedBytes = 0;
    QByteArray sealedMetadata;
    QByteArray wrappedFileKey;
    int replicas = 0; // live (online) replica holders at the peer layer
    int targetReplicas = 0; // the model's threshold c for this object (0: not computed)
    double availability = 0; // the model's estimate of this object's availability, 0..1
    QList<ByteRange> missing; // only on GET one / PUT content, while uploading
    QList<Holder> holders; // only on GET one

    QJsonObject toJson() const;
    static Result<ObjectInfo> fromJson(const QJsonObject& json);
};

inline const QString kStateUploading = QStringLiteral("uploading");
inline const QString kStateAvailable = QStringLiteral("available");

struct ObjectList {
    QList<ObjectInfo> objects;

    QJsonObject toJson() const;
    static Result<ObjectList> fromJson(const QJsonObject& json);
};

} // namespace as::protocol
