#pragma once
// Per-torrent operations of the transfer façade. Every call returns at once: libtorrent runs them on its
// own threads and reports the outcome through TransferSession's signals. Call from the session's thread.

#include "core/transfer/TransferTypes.h"
#include "core/util/Result.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace as::transfer {

class TorrentControl {
public:
    virtual ~TorrentControl() = default;

    // Both return the torrent's id (v2 hex) at once; torrentAdded() or torrentError() follow.
    // AlreadyExists when the id is in the session already; InvalidArgument for a bad torrent or path.
    virtual Result<QString> addSeed(const SeedParams& params) = 0;
    virtual Result<QString> addDownload(const DownloadParams& params) = 0;

    // Removes the torrent and its resume file; with deleteFiles its downloaded file too.
    virtual Status remove(const QString& id, bool deleteFiles = false) = 0;
    virtual Status pause(const QString& id) = 0;
    virtual Status resume(const QString& id) = 0;

    // BEP 19 web seeds on a running torrent (the DC's /data/{id} URL when peers fall short).
    virtual Status addWebSeed(const QString& id, const QString& url) = 0;
    virtual Status removeWebSeed(const QString& id, const QString& url) = 0;

    // Dials known holders ("ip:port", "[v6]:port"); malformed entries make the call fail, none dialled.
    virtual Status connectPeers(const QString& id, const QStringList& endpoints) = 0;
    // The torrent's announce URLs become exactly `urls` (a torrent resumed with an older tracker URL).
    virtual Status replaceTrackers(const QString& id, const QStringList& urls) = 0;
    // Announces now (DHT, or trackers); an empty id means every torrent.
    virtual Status forceDhtAnnounce(const QString& id = {}) = 0;
    virtual Status forceReannounce(const QString& id = {}) = 0;
    // Per-torrent limits in bytes/s (0 = unlimited), on top of the session's.
    virtual Status setLimits(const QString& id, const RateLimits& limits) = 0;

    // Asks libtorrent for the torrent as a .torrent file (info dict and v2 piece layers); the answer is
    // TransferSession::torrentFileReady(). For a torrent added by info-hash the piece layers are complete
    // once it finished downloading.
    virtual Status requestTorrentFile(const QString& id) = 0;

    virtual QStringList ids() const = 0;
    virtual bool contains(const QString& id) const = 0;
    // From the status cache, refreshed every statsIntervalMs.
    virtual std::optional<TorrentStats> stats(const QString& id) const = 0;
    virtual QList<TorrentStats> allStats() const = 0;
};

} // namespace as::transfer
