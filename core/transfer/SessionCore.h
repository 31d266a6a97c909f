#pragma once
// Private to core/transfer: the state behind TransferSession. Split by job over five TUs (libtorrent TUs
// are slow to compile, so there are few): SessionCore.cpp (lifecycle, periodic work), SessionAlerts.cpp
// (the alert pump and its handlers), TorrentOps.cpp (TorrentControl), SessionConfig.cpp (settings_pack,
// BandwidthControl), SessionDiscovery.cpp (metadata by info-hash, holders, DHT nodes).

#include "core/transfer/BandwidthControl.h"
#include "core/transfer/ResumeStore.h"
#include "core/transfer/TorrentControl.h"
#include "core/transfer/TransferTypes.h"

#include <QElapsedTimer>
#include <QHash>
#include <QTimer>
#include <functional>
#include <libtorrent/fwd.hpp>
#include <libtorrent/session.hpp>
#include <libtorrent/socket.hpp>
#include <libtorrent/torrent_handle.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <vector>

namespace as::transfer {

class TransferSession;
class PieceHashIndex;

// The notify callback runs on a libtorrent thread and may race with the session's destruction; it reaches
// the session only through this guard.
struct NotifyGuard {
    std::mutex mutex;
    TransferSession* target = nullptr;
    bool queued = false; // coalesces wake-ups: one queued pump at a time
};

class SessionCore final : public TorrentControl, public BandwidthControl {
public:
    SessionCore(TransferSession& q, SessionSettings settings);
    ~SessionCore() override;

    // ---- lifecycle (SessionCore.cpp); pump() is in SessionAlerts.cpp ----
    Status start();
    void shutdown(int timeoutMs);
    void pump();
    void schedulePump();
    void tick();
    void saveResumeData(bool all);
    SessionTotals totals() const;

    // ---- TorrentControl (TorrentOps.cpp) ----
    Result<QString> addSeed(const SeedParams& params) override;
    Result<QString> addDownload(const DownloadParams& params) override;
    Status remove(const QString& id, bool deleteFiles) override;
    Status pause(const QString& id) override;
    Status resume(const QString& id) override;
    Status addWebSeed(const QString& id, const QString& url) override;
    Status removeWebSeed(const QString& id, const QString& url) override;
    Status connectPeers(const QString& id, const QStringList& endpoints) override;
    Status replaceTrackers(const QString& id, const QStringList& urls) override;
    Status forceDhtAnnounce(const QString& id) override;
    Status forceReannounce(const QString& id) override;
    Status setLimits(const QString& id, const RateLimits& limits) override;
    Status requestTorrentFile(const QString& id) override;
    QStringList ids() const override;
    bool contains(const QString& id) const override;
    std::optional<TorrentStats> stats(const QString& id) const override;
    QList<TorrentStats> allStats() const override;

    // ---- BandwidthControl and settings (SessionConfig.cpp) ----
    void setLimits(const RateLimits& limits) override;
    RateLimits limits() const override { return m_limits; }
    void setAlternativeLimits(const RateLimits& limits) override;
    RateLimits alternativeLimits() const override { return m_altLimits; }
    void setAlternativeLimitsEnabled(bool enabled) override;
    bool alternativeLimitsEnabled() const override { return m_useAlt; }
    void pauseAll() override;
    void resumeAll() override;
    bool isPaused() const override { return m_paused; }

    libtorrent::settings_pack buildSettings() const;
    void applySettings(const SessionSettings& settings);
    void applyRateLimits();
    void applyPeerClassFilter();

    // ---- state ----
    // Where a torrent is on its way to torrentFinished (docs/transfer.md, "Threads and the alert pump").
    enum class Lifecycle {
        Transferring, // not finished yet (or a seed: finished without a torrent_finished_alert)
        Flushing, // torrent_finished_alert came; flush_cache() asked, cache_flushed_alert awaited
        FlushedBeforeGeometry, // flushed while added by info-hash without geometry: signal once it is learnt
        Finished, // torrentFinished emitted
        FinishedBeforeGeometry, // emitted by the overdue-flush timer before the geometry: emitted again then
    };
    static bool isFlushing(Lifecycle l) { return l == Lifecycle::Flushing || l == Lifecycle::FlushedBeforeGeometry; }
    static bool awaitsGeometry(Lifecycle l)
    {
        return l == Lifecycle::FlushedBeforeGeometry || l == Lifecycle::FinishedBeforeGeometry;
    }

    struct Record {
        libtorrent::torrent_handle handle; // invalid until add_torrent_alert
        TorrentStats stats;
        qint64 pieceLength = 0;
        int numPieces = 0;
        // Endpoints that sent blocks of each unfinished piece: who to name when its hash check fails.
        std::unordered_map<int, std::vector<libtorrent::tcp::endpoint>> senders;
        // Endpoints of the web seed URLs (resolved when added): a block from there is from the web.
        std::set<libtorrent::tcp::endpoint> webSeedEndpoints;
        // Web seed endpoints that delivered recently (ms of last block): libtorrent counts them as peers.
        std::map<libtorrent::tcp::endpoint, qint64> webEndpoints;
        std::vector<std::function<void(const libtorrent::torrent_handle&)>> pending; // before the handle
        QStringList webSeedUrls;
        // Added by info-hash: blocks that arrived before the geometry was learnt (piece, block, sender).
        struct EarlyBlock {
            int piece;
            int block;
            libtorrent::tcp::endpoint from;
        };
        std::vector<EarlyBlock> earlyBlocks;
        // Peers we dialled (their endpoint is their listen port) and those of them that sent blocks.
        std::set<libtorrent::tcp::endpoint> dialled;
        std::set<libtorrent::tcp::endpoint> holders;
        std::set<libtorrent::tcp::endpoint> failedPeers; // dialled, gone without a block (stats.peersFailed)
        int resumeRequests = 0; // our own save_resume_data calls not answered yet (metadata, torrent file)
        bool torrentFileRequested = false; // a requestTorrentFile() awaits its resume data
        Lifecycle lifecycle = Lifecycle::Transferring;
        qint64 flushRequestedMs = 0; // when Flushing began: tick() signals a lost flush answer after 5 s
        qint64 lastDhtAnnounceMs = 0;
        // Registered in m_pieceHashes (a hybrid added from a .torrent with its piece layers).
        std::optional<libtorrent::sha256_hash> pieceHashKey;
    };

    Record* find(const QString& id);
    const Record* find(const QString& id) const;
    // Runs `op` on the torrent's handle now, or once libtorrent has added it.
    Status withHandle(const QString& id, std::function<void(const libtorrent::torrent_handle&)> op);
    Result<QString> addParams(libtorrent::add_torrent_params&& atp, Record record);
    void forgetPieceHashes(Record* rec);
    static void fillRecordGeometry(Record& rec, const libtorrent::torrent_info& ti);
    // Counts one written block by source; names a dialled sender a holder (holderSeen).
    void countBlock(Record& rec, int piece, int block, const libtorrent::tcp::endpoint& from);
    // Asks for the routing table's live nodes (post_dht_stats → our node id → dht_live_nodes).
    void requestDhtNodes();
    // Learns the endpoint(s) of a web seed URL (asynchronous DNS for host names) for the byte count.
    void learnWebSeed(const QString& id, const QString& url);

    TransferSession& q;
    SessionSettings m_settings;
    ResumeStore m_store;
    std::unique_ptr<libtorrent::session> m_session;
    std::shared_ptr<NotifyGuard> m_guard;
    // Piece layers of our hybrid torrents, for the disk back end (PieceDiskIo).
    std::shared_ptr<PieceHashIndex> m_pieceHashes;
    QHash<QString, Record> m_torrents;
    std::map<libtorrent::torrent_handle, QString> m_byHandle;
    // Children of the TransferSession, so that moveToThread() before start() takes them along.
    QTimer* m_statsTimer = nullptr;
    QTimer* m_resumeTimer = nullptr;
    QTimer* m_shutdownTimer = nullptr;
    QTimer* m_pumpTimer = nullptr; // coalesces wake-ups: at ~20k block alerts/s, one drain per few ms is plenty
    QElapsedTimer m_clock;

    RateLimits m_limits;
    RateLimits m_altLimits;
    bool m_useAlt = false;
    bool m_paused = false;
    int m_listenPort = 0;
    bool m_dhtReady = false;
    bool m_running = false;
    bool m_shuttingDown = false;
    bool m_stopped = false;
    int m_pendingResume = 0;

    SessionTotals m_totals; // counters from session_stats_alert
    qint64 m_removedFromPeers = 0; // by-source bytes of torrents removed meanwhile
    qint64 m_removedFromWeb = 0;
    int m_idxSentPayload = -1;
    int m_idxRecvPayload = -1;
    int m_idxDhtNodes = -1;
    qint64 m_lastDhtNodesMs = 0;
    bool m_dhtNodesWanted = false; // a dht_stats_alert is awaited to learn our node id

    std::thread m_reaper; // destroys the session_proxy off the caller's thread

private:
    // libtorrent's notify callback posts one coalesced pump to the session's thread (through m_guard).
    void installAlertNotify();
    void restoreTorrents();
    void finishShutdown();

    // ---- the alert pump (SessionAlerts.cpp): one handler per alert type ----
    void handle(const libtorrent::alert* a); // dispatches on a->type()
    QString idOfHandle(const libtorrent::torrent_handle& h) const; // empty if unknown
    Record* recordOf(const libtorrent::torrent_handle& h);
    void onBlockFinished(const libtorrent::block_finished_alert& a);
    void onPieceFinished(const libtorrent::piece_finished_alert& a);
    void onHashFailed(const libtorrent::hash_failed_alert& a);
    void onPeerBanned(const libtorrent::peer_ban_alert& a);
    void onStateUpdate(const libtorrent::state_update_alert& a);
    void applyStatus(Record& rec, const libtorrent::torrent_status& st, qint64 nowMs);
    // Web seed endpoints that delivered within the last few seconds; forgets the older ones.
    static int activeWebEndpoints(Record& rec, qint64 nowMs);
    void onSessionStats(const libtorrent::session_stats_alert& a);
    void onTorrentAdded(const libtorrent::add_torrent_alert& a);
    void onTorrentFinished(const libtorrent::torrent_finished_alert& a);
    void onCacheFlushed(const libtorrent::cache_flushed_alert& a);
    // Emits torrentFinished with final stats; lifecycle becomes Finished (FinishedBeforeGeometry from
    // FlushedBeforeGeometry).
    void signalFinished(Record& rec);
    void onResumeData(const libtorrent::save_resume_data_alert& a);
    void onResumeDataFailed(const libtorrent::save_resume_data_failed_alert& a);
    // One answer to a shutdown's save_resume_data; the last one ends the session.
    void countShutdownResumeAnswer();
    void onTorrentRemoved(const libtorrent::torrent_removed_alert& a);
    void onTorrentError(const libtorrent::torrent_error_alert& a);
    void onFileError(const libtorrent::file_error_alert& a);
    void onListenSucceeded(const libtorrent::listen_succeeded_alert& a);
    void onListenFailed(const libtorrent::listen_failed_alert& a);
    void onDhtBootstrap();
    void onDhtReply(const libtorrent::dht_reply_alert& a);
    void onTrackerReply(const libtorrent::tracker_reply_alert& a);

    // ---- what the swarm tells beyond bytes (SessionDiscovery.cpp) ----
    void onPeerConnect(const libtorrent::peer_connect_alert& a); // who we dialled
    void onPeerDisconnected(const libtorrent::peer_disconnected_alert& a); // who failed
    void onMetadataReceived(const libtorrent::metadata_received_alert& a);
    void onDhtStats(const libtorrent::dht_stats_alert& a);
    void onDhtLiveNodes(const libtorrent::dht_live_nodes_alert& a);
    // Resume data of a torrent added by info-hash carries its info dict: geometry, early blocks, the
    // metadataReceived() signal; `ours` answers a requestTorrentFile().
    void learnFromResumeData(const QString& id, const libtorrent::add_torrent_params& params, bool ours);
};

} // namespace as::transfer
