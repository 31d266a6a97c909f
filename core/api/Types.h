#pragma once
// Value types the engine reports to its front ends (CLI, tray app, control socket). Their JSON form is the
// CLI's `--json` contract of docs/design.md §8 (snake_case keys); more keys may follow, none may change meaning.

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

namespace as {

enum class Mode { Dc, P2p };
QString modeName(Mode mode); // "dc" | "p2p"

// One object of mine (`ls --json` element).
struct ObjectInfo {
    QString id;             // 64-hex v2 info-hash of the ciphertext torrent
    QString name;           // decrypted locally; never known to the DC
    qint64 size = 0;        // plaintext size
    QDateTime modified;     // plaintext file's mtime (sealed at the DC)
    QDateTime uploaded;
    QString state;          // "encrypting" | "uploading" | "available" | "failed"
    int replicas = 0;       // live replica holders at the peer layer
    int targetReplicas = 0; // the model's threshold c
    double availability = 0; // estimated availability of this object (0..1)

    QJsonObject toJson() const;
    static ObjectInfo fromJson(const QJsonObject& json);
};

// Where a transfer is. Text ("waiting-dc", …) only in JSON (TransferInfo::toJson) and for people (the
// front ends' own words); a name a newer engine adds reads as Queued in an older front end.
enum class TransferStage {
    Queued, Encrypting, Hashing, Registering, Uploading, WaitingDc, Replicating, // uploads
    Downloading, Caching, Verifying, Decrypting,                                  // downloads
    Checking, Seeding, Paused, Error,                                             // torrents (`transfers`)
    Done, Failed,
};
QString stageName(TransferStage stage);
std::optional<TransferStage> transferStageFromName(const QString& name);

// One running or finished transfer, reported as progress.
struct TransferInfo {
    enum class Kind { Upload, Download, Replica };
    QString id;             // stable for the transfer's life (local id, not the object id)
    Kind kind = Kind::Upload;
    QString name;           // file name as the user knows it
    QString objectId;       // once known
    TransferStage stage = TransferStage::Queued;
    qint64 bytesDone = 0;   // within the current stage
    qint64 bytesTotal = 0;
    double rate = 0;        // bytes per second, smoothed
    qint64 fromPeers = 0;   // downloaded bytes by source
    qint64 fromDc = 0;
    QString link;           // share link once uploaded
    QString error;          // set when stage == Failed

    qint64 bytesToGo() const { return bytesTotal > bytesDone ? bytesTotal - bytesDone : 0; }
    // Seconds left at the current rate; -1 when unknown.
    qint64 etaSeconds() const { return rate > 1 ? qint64(double(bytesToGo()) / rate) : -1; }
    bool finished() const { return stage == TransferStage::Done || stage == TransferStage::Failed; }

    QJsonObject toJson() const;
    static TransferInfo fromJson(const QJsonObject& json);
};

// The node at a glance (`status --json`).
struct NodeStatus {
    Mode mode = Mode::Dc;
    QString peerId;
    QString user;           // empty when not logged in
    QString dcUrl;
    qint64 capacityBytes = 0;
    qint64 usedBytes = 0;
    int replicasHeld = 0;
    qint64 bytesServed = 0;      // uploaded to other peers
    qint64 bytesFromPeers = 0;   // my downloads, by source
    qint64 bytesFromDc = 0;
    double dcAvailability = 0;   // measured by this node's health checks
    double myAvailability = 0;   // this node's availability as the DC measures it
    int onlinePeers = 0;
    bool paused = false;
    bool slowMode = false;       // alternative bandwidth limits in force
    bool daemon = false;         // true when the answer came from a running instance

    QJsonObject toJson() const;
    static NodeStatus fromJson(const QJsonObject& json);
};

} // namespace as

Q_DECLARE_METATYPE(as::ObjectInfo)
Q_DECLARE_METATYPE(as::TransferInfo)
Q_DECLARE_METATYPE(as::NodeStatus)
