#pragma once
// The libtorrent session behind a small façade. One lt::session runs on libtorrent's own
// threads; its alerts are drained in one place (the alert pump: set_alert_notify → queued call on this
// object's thread → pop_alerts → one handler per alert type) and turned into the signals below. The status
// cache is refreshed by post_torrent_updates. No method waits for libtorrent; the object lives on the
// thread that created it (the engine may move it to its own QThread before start()).
//
//   TransferSession session(SessionSettings::loopback());
//   session.start();
//   auto id = session.torrents().addDownload({.torrent = bytes, .saveDir = dir, .peers = {"127.0.0.1:6881"}});
//   connect(&session, &TransferSession::torrentFinished, ...);
//   ...
//   session.shutdown(); // saves resume data, then stopped()

#include "core/transfer/BandwidthControl.h"
#include "core/transfer/TorrentControl.h"
#include "core/transfer/TransferTypes.h"
#include "core/util/Result.h"

#include <QList>
#include <QObject>
#include <QString>
#include <memory>

namespace as::transfer {

class SessionCore; // private: owns lt::session and the per-torrent records

class TransferSession : public QObject {
    Q_OBJECT
public:
    explicit TransferSession(SessionSettings settings, QObject* parent = nullptr);
    // If shutdown() has not finished, aborts libtorrent and waits for it (bounded by libtorrent's own
    // timeouts, typically well under a second; tracker stop announces may take longer). Prefer shutdown().
    ~TransferSession() override;

    // Creates the session (libtorrent starts its threads and binds asynchronously) and adds every torrent
    // found in settings.resumeDir. Io when the resume folder cannot be created.
    Status start();
    // Saves resume data of every torrent that needs it (waiting at most timeoutMs for libtorrent), then
    // aborts the session off this thread; emits stopped() when libtorrent is gone.
    void shutdown(int timeoutMs = 5000);
    bool isRunning() const;
    bool isStopped() const;

    TorrentControl& torrents();
    const TorrentControl& torrents() const;
    BandwidthControl& bandwidth();
    const BandwidthControl& bandwidth() const;

    SessionTotals totals() const;
    int listenPort() const; // 0 until listening()
    bool isDhtReady() const;
    const SessionSettings& settings() const;

    // Asks libtorrent for resume data of every torrent that changed; files are written as it answers.
    void saveResumeData();

    // Applies changed settings to the running session (listen address/port, DHT and its nodes, limits,
    // tuning); asynchronous. listening() fires again when the port changed. lanMode and resumeDir are
    // read at start() only.
    void applySettings(const SessionSettings& settings);

    // A rendezvous in the swarm's DHT that is not a torrent (docs/outage.md "Discovery for a profile that never
    // heard a plan"): announce `port` under a 20-byte key, or ask who did (answers: dhtPeersFound). An announce
    // is ignored until the DHT is ready (dhtReady) and lasts as long as the DHT nodes keep it (renew it); a
    // lookup may start at once (from the bootstrap nodes) and is simply repeated.
    void dhtAnnounce(const QByteArray& key20, int port);
    void dhtGetPeers(const QByteArray& key20);

signals:
    void torrentAdded(const QString& id);
    // The download is complete *and* written: libtorrent's write buffers were flushed first, so the file
    // can be read (verified, decrypted) right away and fromPeers/fromWeb are final.
    void torrentFinished(const QString& id);
    void torrentRemoved(const QString& id);
    void torrentError(const QString& id, const QString& message);
    void statsUpdated(const QList<as::transfer::TorrentStats>& stats);
    // A piece failed its hash check. `peer` lists the endpoints ("ip:port", comma-separated) that sent
    // blocks of it; libtorrent's smart-ban plugin bans the culprit once it can tell which one it was.
    void hashFailed(const QString& id, int piece, const QString& peer);
    void peerBanned(const QString& id, const QString& peer);
    void dhtReady();
    void listening(int port);
    void listenFailed(const QString& message);
    // Peers learned from the DHT or a tracker for a torrent (count in one reply).
    void peersDiscovered(const QString& id, int count);
    // Every answer of a tracker, also one naming nobody: `peers` other holders (the tracker leaves out the
    // asking node). Zero from the DC's tracker means no other holder is known (docs/transfer.md).
    void trackerReplied(const QString& id, int peers);
    void resumeDataSaved(const QString& id);
    // A torrent added by info-hash got its info dict from a peer, checked against the v2 hash.
    void metadataReceived(const QString& id);
    // The answer to TorrentControl::requestTorrentFile(): the .torrent, or an empty one and why not.
    void torrentFileReady(const QString& id, const QByteArray& torrent, const QString& error);
    // A peer we dialled ("ip:port", so it can be dialled again) sent blocks of the torrent:
    // a holder worth remembering. Once per peer and torrent, at most 20 per torrent and session.
    void holderSeen(const QString& id, const QString& endpoint);
    // The DHT routing table's live nodes ("ip:port", UDP), to remember for the next start
    // (SessionSettings::dhtNodes).
    void dhtNodesUpdated(const QStringList& nodes);
    // Endpoints ("ip:port") announced under a key asked for with dhtGetPeers(); may come in several replies.
    void dhtPeersFound(const QByteArray& key20, const QStringList& endpoints);
    void stopped();

private:
    friend class SessionCore;
    std::unique_ptr<SessionCore> m_core;
};

} // namespace as::transfer
