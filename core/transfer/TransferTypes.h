#pragma once
// Value types of the libtorrent façade (core/transfer). No libtorrent header appears in any public header
// of this module: libtorrent TUs are slow to compile and its types must not leak into the engine or the UI.
//
// Ids: a torrent is named everywhere by its BitTorrent v2 info-hash (64 lowercase hex), which is the
// object id (docs/node.md, "Object bytes"). Only v1-only torrents (interop benchmarks with aria2c) use
// their 40-hex v1 hash.

#include <QList>
#include <QLoggingCategory>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace as::transfer {

// Why downloads leave the peers (docs/transfer.md, "Web seed fallback"): off by default, so a one-shot CLI
// command prints only its result; the daemon turns it on for its log.
Q_DECLARE_LOGGING_CATEGORY(lcPeerDiagnostics)

enum class TorrentState {
    Checking, // checking files or resume data
    Downloading, // includes waiting for metadata
    Seeding, // complete (finished and seeding are the same to us: we always seed what we hold)
    Paused,
    Error,
};
QString stateName(TorrentState state); // "checking" | "downloading" | "seeding" | "paused" | "error"

// One torrent at a glance, from the status cache the alert pump keeps (never a blocking libtorrent call).
struct TorrentStats {
    QString id; // v2 info-hash hex (64); v1 hex (40) for v1-only torrents
    QString v1; // v1 info-hash hex (40) when the torrent has v1 metadata
    QString name;
    QString savePath; // folder holding the file
    TorrentState state = TorrentState::Checking;
    double progress = 0; // 0..1
    qint64 bytesDone = 0; // verified bytes we hold
    qint64 bytesTotal = 0;
    qint64 downloadRate = 0; // payload bytes/s
    qint64 uploadRate = 0;
    int peers = 0; // connected BitTorrent peers (web seeds not included)
    int seeds = 0; // connected peers that hold everything
    int webSeeds = 0; // web seed URLs configured on the torrent
    // Distinct peers we dialled that disconnected without sending a block (refused, dead, or without the
    // torrent): with the tracker's count, tells when no peer is left to wait for.
    int peersFailed = 0;
    // False while a torrent added by info-hash alone waits for its info dict from peers (BEP 9); bytesTotal
    // is 0 until then.
    bool hasMetadata = true;
    // Payload written in this session by source, counted per 16 KiB block from block_finished alerts
    // (docs/transfer.md): a block sent from the address:port of one of the torrent's web seed URLs is from
    // the web (BEP 19), any other from a BitTorrent peer. Final once completeOnDisk.
    qint64 fromPeers = 0;
    qint64 fromWeb = 0;
    qint64 uploaded = 0; // payload served to peers in this session
    qint64 uploadedAllTime = 0; // across sessions (kept in resume data)
    int hashFailures = 0; // pieces that failed their hash check in this session
    // Every byte is in the file and the by-source counts are final: set when torrentFinished() fires
    // (after libtorrent flushed its write buffers), or for a torrent that was complete when added.
    bool completeOnDisk = false;
    QString error; // set when state == Error

    // Complete and safe to read (see completeOnDisk).
    bool finished() const { return completeOnDisk && bytesTotal > 0 && bytesDone == bytesTotal; }
};

// The whole session.
struct SessionTotals {
    qint64 uploaded = 0; // payload served to peers (bytes_served of `status`, docs/node.md), this session
    qint64 downloaded = 0; // payload received, this session
    qint64 fromPeers = 0; // written bytes by source, all torrents incl. those removed meanwhile
    qint64 fromWeb = 0;
    qint64 downloadRate = 0; // sum over torrents, bytes/s
    qint64 uploadRate = 0;
    int torrents = 0;
    int dhtNodes = 0; // routing table size (0 with DHT off or not bootstrapped)
};

struct RateLimits {
    int upload = 0; // bytes/s, 0 = unlimited
    int download = 0;
};

struct SessionSettings {
    // Where to listen: an IP address ("0.0.0.0", "127.0.0.1", "::") or a comma-separated list
    // ("0.0.0.0,::" for IPv4 and IPv6); port 0 picks a free port, reported by TransferSession::listening().
    QString listenInterface = QStringLiteral("0.0.0.0");
    int listenPort = 6881;

    bool dht = true;
    // "host:port" entries: only nodes the user configured or the node learnt from the DC and its peers.
    // Empty by default: no public router is ever contacted (docs/transfer.md, "Network hygiene").
    QStringList dhtBootstrapNodes;

    // LAN/loopback swarm: no uTP at all (it ruins loopback throughput, docs/transfer.md), several peers
    // per IP, DHT accepts private/loopback addresses, rate limits apply to LAN peers too (libtorrent
    // exempts them by default). Outgoing connections are TCP in every mode.
    bool lanMode = false;
    // Multicast discovery and talking to the gateway: off unless the user turns them on; ignored in lanMode.
    bool localPeerDiscovery = false;
    bool portMapping = false; // UPnP + NAT-PMP

    RateLimits limits;
    RateLimits alternativeLimits { 256 * 1024, 1024 * 1024 }; // "slow mode"
    bool useAlternativeLimits = false;

    // libtorrent's high_performance_seed() preset plus larger send buffers and request queues: for
    // always-on contributors and benchmarks. Costs memory.
    bool highPerformance = false;

    // Disk back end (docs/transfer.md "Disk back end"). WholePieces keeps a downloading piece in memory
    // and writes it once, hashed, with one pwrite; LibtorrentDefault is libtorrent's own (mmap, one write
    // per 16 KiB block), kept for comparison (bench/download) and as a fallback.
    enum class DiskBackEnd { WholePieces, LibtorrentDefault };
    DiskBackEnd diskBackEnd = DiskBackEnd::WholePieces;
    // Memory for written blocks not yet on disk (libtorrent's max_queued_disk_bytes). WholePieces holds
    // whole pieces there until they are hashed; past it, libtorrent waits and partial pieces are written
    // out. highPerformance raises it to at least 192 MiB: its deep request queues kept 120-132 MiB of
    // pieces in flight in a 4-seeder loopback download (docs/transfer.md).
    int diskWriteBufferBytes = 64 * 1024 * 1024;

    // Folder of `<id>.resume` files (libtorrent resume data). Loaded by start(), written atomically.
    // Empty: no persistence.
    QString resumeDir;

    int statsIntervalMs = 1000; // how often statsUpdated() fires
    int resumeSaveIntervalMs = 60000; // periodic save of changed resume data
    int alertQueueSize = 100000; // block alerts are counted; the queue must not overflow
    // A download with no peer re-announces to the DHT this often (libtorrent's own interval is 15 min,
    // too slow when the first announce raced the seed's). 0: never.
    int idleDhtAnnounceMs = 30000;
    // Every torrent's periodic DHT announce (libtorrent's dht_announce_interval, default 15 min).
    int dhtAnnounceIntervalS = 15 * 60;
    // DHT routing-table nodes remembered from earlier runs ("ip:port", UDP): the DHT bootstraps from them
    // beside dhtBootstrapNodes. TransferSession::dhtNodesUpdated() tells what to remember: once the DHT is
    // up, then every dhtNodesIntervalMs, and at shutdown.
    QStringList dhtNodes;
    int dhtNodesIntervalMs = 60000;

    // A preset for loopback test swarms: 127.0.0.1, a free port, TCP only, DHT from `bootstrapNode`
    // ("127.0.0.1:PORT"; empty = DHT off), fast stats.
    static SessionSettings loopback(const QString& bootstrapNode = {});
};

// Seed a file we already hold.
struct SeedParams {
    QByteArray torrent; // bencoded .torrent (hybrid v1+v2 as made by TorrentMaker)
    QString filePath; // the file; may be named differently from the torrent's name
    // Skip the initial hash check (libtorrent seed_mode): only when this very file was hashed moments ago
    // (TorrentMaker, or a completed download) and cannot have changed. libtorrent then verifies each
    // piece lazily, the first time a peer asks for it. Otherwise the file is checked before seeding.
    bool skipHashCheck = false;
    QStringList trackers; // announce URLs in addition to those in the torrent
    bool replaceTrackers = false; // true: `trackers` only, the torrent's own announce URLs are ignored
    QStringList webSeeds;
    bool paused = false;
};

// Download a torrent into a folder.
struct DownloadParams {
    QByteArray torrent; // bencoded .torrent; empty: download by `infoHash` alone
    // The v2 info-hash (64 hex) when no .torrent is at hand (the DC is away): libtorrent fetches the info
    // dict from peers (ut_metadata, BEP 9) and uses it only if its SHA-256 is this hash. Peers come from
    // `peers`, trackers and the DHT (which is searched under the truncated v2 hash). metadataReceived()
    // fires when it arrived; requestTorrentFile() gives a complete .torrent once the download finished.
    QString infoHash;
    QString saveDir; // the file lands at saveDir/<torrent name>
    QStringList trackers;
    bool replaceTrackers = false; // true: `trackers` only, the torrent's own announce URLs are ignored
    QStringList peers; // known holders, "ip:port" or "[v6]:port": connected to directly
    QStringList webSeeds; // normally empty: the engine adds the DC only when peers fall short
    bool dhtAnnounce = true;
    int downloadLimit = 0; // bytes/s for this torrent, 0 = unlimited
    int uploadLimit = 0;
    bool paused = false;
};

} // namespace as::transfer

Q_DECLARE_METATYPE(as::transfer::TorrentStats)
Q_DECLARE_METATYPE(as::transfer::SessionTotals)
