// TorrentControl: adding, removing and steering torrents. Every libtorrent call used here is asynchronous
// (async_add_torrent, handle setters): nothing waits for libtorrent's network thread. libtorrent TU.
#include "core/transfer/LtConvert.h"
#include "core/transfer/PieceHashIndex.h"
#include "core/transfer/SessionCore.h"

#include <QDir>
#include <QFileInfo>
#include <libtorrent/add_torrent_params.hpp>
#include <libtorrent/torrent_flags.hpp>

namespace lt = libtorrent;

namespace as::transfer {

namespace {

Error notRunning()
{
    return makeError(ErrorCode::Unavailable, QStringLiteral("transfer session not running"));
}

std::vector<std::string> toStd(const QStringList& list)
{
    std::vector<std::string> out;
    for (const QString& s : list)
        if (!s.isEmpty())
            out.push_back(s.toStdString());
    return out;
}

Result<std::vector<lt::tcp::endpoint>> parseEndpoints(const QStringList& list)
{
    std::vector<lt::tcp::endpoint> out;
    for (const QString& text : list) {
        auto ep = parseEndpoint(text);
        if (!ep)
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("bad peer address: %1").arg(text));
        out.push_back(*ep);
    }
    return out;
}

// Our torrents are managed by the engine, not by libtorrent's queue: a contributor may seed hundreds.
lt::torrent_flags_t baseFlags(bool paused)
{
    lt::torrent_flags_t flags = lt::torrent_flags::default_flags;
    flags &= ~lt::torrent_flags::auto_managed;
    flags &= ~lt::torrent_flags::paused;
    if (paused)
        flags |= lt::torrent_flags::paused;
    return flags;
}

// Adds a torrent whose web seeds are known from the start: they are learnt for the by-source counts.
Result<QString> addWithWebSeeds(SessionCore& core, lt::add_torrent_params&& atp, SessionCore::Record rec,
                                const QStringList& webSeeds)
{
    rec.webSeedUrls = webSeeds;
    rec.stats.webSeeds = int(webSeeds.size());
    auto id = core.addParams(std::move(atp), std::move(rec));
    if (id)
        for (const QString& url : webSeeds)
            core.learnWebSeed(*id, url);
    return id;
}

} // namespace

SessionCore::Record* SessionCore::find(const QString& id)
{
    auto it = m_torrents.find(id);
    return it == m_torrents.end() ? nullptr : &*it;
}

const SessionCore::Record* SessionCore::find(const QString& id) const
{
    auto it = m_torrents.constFind(id);
    return it == m_torrents.cend() ? nullptr : &*it;
}

Status SessionCore::withHandle(const QString& id, std::function<void(const lt::torrent_handle&)> op)
{
    if (!m_session)
        return notRunning();
    Record* rec = find(id);
    if (!rec)
        return makeError(ErrorCode::NotFound, QStringLiteral("no torrent %1").arg(id));
    if (rec->handle.is_valid())
        op(rec->handle);
    else
        rec->pending.push_back(std::move(op));
    return Status::success();
}

Result<QString> SessionCore::addParams(lt::add_torrent_params&& atp, Record record)
{
    const QString id = record.stats.id;
    if (m_torrents.contains(id))
        return makeError(ErrorCode::AlreadyExists, QStringLiteral("torrent %1 is already in the session").arg(id));
    if (atp.ti)
        record.pieceHashKey = m_pieceHashes->add(*atp.ti);
    m_torrents.insert(id, std::move(record));
    m_session->async_add_torrent(std::move(atp)); // add_torrent_alert completes it
    return id;
}

void SessionCore::forgetPieceHashes(Record* rec)
{
    if (rec && rec->pieceHashKey) {
        m_pieceHashes->remove(*rec->pieceHashKey);
        rec->pieceHashKey.reset();
    }
}

Result<QString> SessionCore::addSeed(const SeedParams& p)
{
    if (!m_session || m_shuttingDown)
        return notRunning();
    auto ti = parseTorrent(p.torrent);
    if (!ti)
        return ti.error();
    const QFileInfo file(p.filePath);
    if (!file.isFile())
        return makeError(ErrorCode::NotFound, QStringLiteral("no such file: %1").arg(p.filePath));
    if ((*ti)->num_files() != 1)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("only single-file torrents are seeded"));
    if (file.size() != (*ti)->total_size())
        return makeError(ErrorCode::IntegrityFailure,
            QStringLiteral("%1 has %2 bytes, the torrent says %3")
                .arg(p.filePath)
                .arg(file.size())
                .arg((*ti)->total_size()));

    lt::add_torrent_params atp;
    atp.ti = std::make_shared<lt::torrent_info>(**ti);
    atp.save_path = QDir::toNativeSeparators(file.absolutePath()).toStdString();
    // The file may be named differently from the torrent (e.g. the blob store names files by id).
    const std::string torrentPath = atp.ti->files().file_path(lt::file_index_t(0));
    if (torrentPath != file.fileName().toStdString())
        atp.renamed_files[lt::file_index_t(0)] = file.fileName().toStdString();
    atp.flags = baseFlags(p.paused);
    if (p.skipHashCheck)
        atp.flags |= lt::torrent_flags::seed_mode;
    if (p.replaceTrackers)
        atp.ti->clear_trackers();
    atp.trackers = toStd(p.trackers);
    atp.url_seeds = toStd(p.webSeeds);

    Record rec;
    fillRecordGeometry(rec, *atp.ti);
    rec.stats.name = QString::fromStdString(atp.ti->name());
    rec.stats.savePath = file.absolutePath();
    return addWithWebSeeds(*this, std::move(atp), std::move(rec), p.webSeeds);
}

Result<QString> SessionCore::addDownload(const DownloadParams& p)
{
    if (!m_session || m_shuttingDown)
        return notRunning();
    std::shared_ptr<const lt::torrent_info> ti;
    std::optional<lt::sha256_hash> v2;
    if (p.torrent.isEmpty() && !p.infoHash.isEmpty()) {
        v2 = parseV2Hash(p.infoHash);
        if (!v2)
            return makeError(ErrorCode::InvalidArgument,
                QStringLiteral("bad info-hash %1: 64 hex digits expected (a v2 info-hash)").arg(p.infoHash));
    } else {
        auto parsed = parseTorrent(p.torrent);
        if (!parsed)
            return parsed.error();
        ti = std::move(*parsed);
    }
    auto peers = parseEndpoints(p.peers);
    if (!peers)
        return peers.error();
    if (p.saveDir.isEmpty() || !QDir().mkpath(p.saveDir))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create folder %1").arg(p.saveDir));

    lt::add_torrent_params atp;
    if (ti)
        atp.ti = std::make_shared<lt::torrent_info>(*ti);
    else
        // v2 only: libtorrent accepts an info dict from a peer only if its SHA-256 is this hash, and
        // searches the DHT (and greets peers) under the hash truncated to 20 bytes.
        atp.info_hashes = lt::info_hash_t(*v2);
    atp.save_path = QDir(p.saveDir).absolutePath().toStdString();
    atp.flags = baseFlags(p.paused);
    if (!p.dhtAnnounce)
        atp.flags |= lt::torrent_flags::disable_dht;
    if (p.replaceTrackers && atp.ti)
        atp.ti->clear_trackers();
    atp.trackers = toStd(p.trackers);
    atp.url_seeds = toStd(p.webSeeds);
    atp.peers = std::move(*peers);
    atp.download_limit = p.downloadLimit > 0 ? p.downloadLimit : -1;
    atp.upload_limit = p.uploadLimit > 0 ? p.uploadLimit : -1;

    Record rec;
    if (atp.ti) {
        fillRecordGeometry(rec, *atp.ti);
        rec.stats.name = QString::fromStdString(atp.ti->name());
    } else {
        rec.stats.id = idOf(atp.info_hashes);
        rec.stats.hasMetadata = false;
    }
    rec.stats.savePath = QDir(p.saveDir).absolutePath();
    rec.stats.state = TorrentState::Downloading;
    return addWithWebSeeds(*this, std::move(atp), std::move(rec), p.webSeeds);
}

Status SessionCore::remove(const QString& id, bool deleteFiles)
{
    if (!m_session)
        return notRunning();
    Record* rec = find(id);
    if (!rec)
        return makeError(ErrorCode::NotFound, QStringLiteral("no torrent %1").arg(id));
    m_removedFromPeers += rec->stats.fromPeers;
    m_removedFromWeb += rec->stats.fromWeb;
    forgetPieceHashes(rec);
    if (rec->handle.is_valid())
        m_session->remove_torrent(rec->handle, deleteFiles ? lt::session::delete_files : lt::remove_flags_t {});
    // else: add_torrent_alert finds no record and removes the torrent then.
    m_torrents.remove(id);
    return m_store.remove(id);
}

Status SessionCore::pause(const QString& id)
{
    return withHandle(id, [](const lt::torrent_handle& h) { h.pause(); });
}

Status SessionCore::resume(const QString& id)
{
    return withHandle(id, [](const lt::torrent_handle& h) { h.resume(); });
}

Status SessionCore::addWebSeed(const QString& id, const QString& url)
{
    if (url.isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("empty web seed URL"));
    auto st = withHandle(id, [u = url.toStdString()](const lt::torrent_handle& h) { h.add_url_seed(u); });
    if (st) {
        Record* rec = find(id);
        if (!rec->webSeedUrls.contains(url))
            rec->webSeedUrls.append(url);
        rec->stats.webSeeds = int(rec->webSeedUrls.size());
        learnWebSeed(id, url);
    }
    return st;
}

Status SessionCore::removeWebSeed(const QString& id, const QString& url)
{
    auto st = withHandle(id, [u = url.toStdString()](const lt::torrent_handle& h) { h.remove_url_seed(u); });
    if (st) {
        Record* rec = find(id);
        rec->webSeedUrls.removeAll(url);
        rec->stats.webSeeds = int(rec->webSeedUrls.size());
    }
    return st;
}

Status SessionCore::connectPeers(const QString& id, const QStringList& endpoints)
{
    auto eps = parseEndpoints(endpoints);
    if (!eps)
        return eps.error();
    return withHandle(id, [eps = std::move(*eps)](const lt::torrent_handle& h) {
        for (const auto& ep : eps)
            h.connect_peer(ep);
    });
}

Status SessionCore::replaceTrackers(const QString& id, const QStringList& urls)
{
    return withHandle(id, [urls = toStd(urls)](const lt::torrent_handle& h) {
        std::vector<lt::announce_entry> entries;
        for (const std::string& u : urls)
            entries.emplace_back(u);
        h.replace_trackers(entries);
    });
}

namespace {
// withHandle on one torrent, or on every torrent when `id` is empty (the announces).
Status withHandleOrAll(SessionCore& core, const QString& id, const std::function<void(const lt::torrent_handle&)>& op)
{
    if (!id.isEmpty())
        return core.withHandle(id, op);
    if (!core.m_session)
        return notRunning();
    // The only failure is a torrent removed meanwhile (no handle): nothing to do for it.
    for (const QString& each : core.m_torrents.keys())
        (void)core.withHandle(each, op);
    return Status::success();
}
} // namespace

Status SessionCore::forceDhtAnnounce(const QString& id)
{
    return withHandleOrAll(*this, id, [](const lt::torrent_handle& h) { h.force_dht_announce(); });
}

Status SessionCore::forceReannounce(const QString& id)
{
    return withHandleOrAll(*this, id, [](const lt::torrent_handle& h) { h.force_reannounce(); });
}

Status SessionCore::setLimits(const QString& id, const RateLimits& limits)
{
    return withHandle(id, [limits](const lt::torrent_handle& h) {
        h.set_upload_limit(limits.upload > 0 ? limits.upload : -1);
        h.set_download_limit(limits.download > 0 ? limits.download : -1);
    });
}

Status SessionCore::requestTorrentFile(const QString& id)
{
    if (!m_session)
        return notRunning();
    Record* rec = find(id);
    if (!rec)
        return makeError(ErrorCode::NotFound, QStringLiteral("no torrent %1").arg(id));
    if (!rec->stats.hasMetadata)
        return makeError(ErrorCode::Unavailable, QStringLiteral("torrent %1 has no metadata yet").arg(id));
    if (rec->torrentFileRequested)
        return Status::success(); // one answer serves both
    rec->torrentFileRequested = true;
    ++rec->resumeRequests;
    return withHandle(id, [](const lt::torrent_handle& h) { h.save_resume_data(lt::torrent_handle::save_info_dict); });
}

QStringList SessionCore::ids() const
{
    QStringList out = m_torrents.keys();
    out.sort();
    return out;
}

bool SessionCore::contains(const QString& id) const
{
    return m_torrents.contains(id);
}

std::optional<TorrentStats> SessionCore::stats(const QString& id) const
{
    const Record* rec = find(id);
    if (!rec)
        return std::nullopt;
    return rec->stats;
}

QList<TorrentStats> SessionCore::allStats() const
{
    QList<TorrentStats> out;
    out.reserve(m_torrents.size());
    for (const QString& id : ids())
        out.append(m_torrents.value(id).stats);
    return out;
}

} // namespace as::transfer
