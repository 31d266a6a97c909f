#pragma once
// Fetching one object (docs/node.md, "Download pipeline"): its torrent (profile cache, else the DC) → libtorrent from
// peers first (DC tracker, DHT, known holders) → the DC's /data/{id} added as web seed only when
// transfer::WebSeedFallback says peers fall short → pieces verified by libtorrent → for `get`, decrypted
// into the target folder atomically; for a replica, kept and seeded. A `get` that no peer can serve at
// all (the DC's tracker names no other holder) fetches the object from the DC directly instead, checking
// every piece against the torrent (transfer::DirectFetch); a wrong key is caught from the object's first
// bytes before the transfer (docs/transfer.md, "The download path").
// When the DC cannot be reached and no torrent is cached, the object id alone is enough: it is the v2
// info-hash, so libtorrent takes the info dict from peers (BEP 9, checked against the id), and the
// .torrent it yields after the download is cached like one from the DC (docs/transfer.md).

#include "core/api/Commands.h"
#include "core/api/Types.h"
#include "core/engine/RateMeter.h"
#include "core/transfer/TransferTypes.h"
#include "core/transfer/WebSeedFallback.h"
#include "core/util/Result.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QUrl>

#include <atomic>
#include <memory>

class QTimer;
class QNetworkAccessManager;

namespace as::transfer {
class DirectFetch;
}

namespace as::engine {

class EngineContext;

class DownloadJob : public QObject {
    Q_OBJECT
public:
    enum class Purpose { Get, Replica };
    struct Params {
        Purpose purpose = Purpose::Get;
        QString objectId;
        QUrl dcBase;
        QByteArray fileKey;  // Get only
        QString targetDir;   // Get only
        qint64 stallTimeoutMs = 60000; // give up when nothing arrives for this long after the DC was added
        // DC unreachable, no cached torrent: how long peers may take to send the info dict.
        qint64 metadataTimeoutMs = 30000;
    };
    DownloadJob(EngineContext& ctx, Params params, QObject* parent = nullptr);
    ~DownloadJob() override;

    void start();
    QString objectId() const { return m_p.objectId; }

signals:
    void progress(const as::TransferInfo& info);
    // Get: {path, bytes, from_peers, from_dc, hash_failures}. Replica: {object_id, bytes, from_peers, from_dc}.
    void finished(bool ok, const as::Error& error, const QJsonObject& result);

private:
    void fetchTorrent();
    // Get: the object's first bytes from the DC's /data/{id}, opened with the link's key (sealed metadata).
    void checkKeyEarly();
    void onObjectHead(const QByteArray& head);
    // An empty torrent: by object id (= v2 info-hash) alone, metadata from peers.
    void startTransfer(const QByteArray& torrent);
    void onTick();
    // True once waiting for peers can only lose time: the tracker named nobody, remembered holders had
    // their chance.
    bool noOtherHolder(const transfer::TorrentStats& st, qint64 nowMs) const;
    void fallBack(const transfer::TorrentStats& st, qint64 nowMs);
    api::GetReply reply(const QString& path, qint64 bytes) const; // the result of a finished job
    void startDirectFetch();
    void onDirectFinished(bool ok, const QString& error);
    void backToPeers(const QString& dcError); // the direct fetch failed: the paused torrent goes on
    void onTransferFinished();
    void onTorrentFile(const QByteArray& torrent, const QString& error);
    void finishTransfer();
    void decrypt(const QString& objectPath);
    QString heldReplicaPath() const; // empty unless this node holds the object as a replica
    void decryptWhileFetching(); // a DirectFetch's pieces, from memory as they are verified
    void onDecrypted(const Result<QString>& path);
    void fail(const Error& error);
    void fail(ErrorCode code, const QString& message) { fail(Error{code, message}); }
    void cleanupTorrent(bool deleteFiles);
    void removeOwnSaveDir(); // a failed or finished job's ciphertext folder, if it is the job's own
    QStringList knownNodes() const;

    EngineContext& m_ctx;
    Params m_p;
    TransferInfo m_info;
    RateMeter m_rate;
    transfer::WebSeedFallback m_fallback;
    transfer::DirectFetch* m_direct = nullptr; // set while (and after) the object comes straight from the DC
    QNetworkAccessManager* m_nam = nullptr;    // the early key check
    QByteArray m_torrent;                      // the .torrent the transfer runs with (empty: by info-hash)
    int m_trackerPeers = -1;                   // other holders the tracker named in its last answer (-1: none yet)
    int m_rememberedHolders = 0;               // holders of this object the profile knew at the start
    int m_knownDialled = 0;                    // known nodes given to libtorrent at the start
    QElapsedTimer m_clock;
    QTimer* m_tick = nullptr;
    QString m_saveDir;
    bool m_ownsSaveDir = false; // this job made the torrent in m_saveDir (not a replica already in the session)
    bool m_added = false;       // torrent added to the session by this job
    bool m_webSeedAdded = false;
    bool m_byHash = false;        // the torrent came from peers (the DC was unreachable)
    bool m_peerSeen = false;      // a BitTorrent peer was connected at some tick
    QString m_dcError;            // why the DC gave no torrent
    bool m_dcNotKnownYet = false; // the DC, reconciling after an outage, does not know the id yet
    QSet<QString> m_banned;       // peers libtorrent banned for corrupt data (endpoints)
    qint64 m_transferStartMs = 0;
    bool m_done = false;
    qint64 m_lastBytes = -1;
    qint64 m_lastProgressMs = 0;
    qint64 m_lastDialMs = 0;
    int m_hashFailures = 0; // pieces that failed verification: a peer sent corrupt data
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_madeTargetDir = false;
};

} // namespace as::engine
