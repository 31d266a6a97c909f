#include "core/engine/DownloadJob.h"
#include "core/engine/LogStatus.h"

#include "core/dcclient/JobDc.h"
#include "core/engine/Async.h"
#include "core/engine/EngineContext.h"
#include "core/engine/FetchDecisions.h"
#include "core/engine/JobTransfers.h"
#include "core/engine/ObjectFile.h"
#include "core/state/Settings.h"
#include "core/transfer/DirectFetch.h"
#include "core/transfer/TorrentMaker.h"
#include "core/util/Units.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTemporaryFile>
#include <QtEndian>
#include <QTimer>

namespace as::engine {
namespace {
const QString kTorrentName = QStringLiteral("object");
// "ASO1" | u32 length | sealed metadata (docs/node.md, "Object bytes"): enough bytes for the largest.
constexpr qint64 kObjectHeadBytes = kObjectHeaderFixed + crypto::kMaxSealedMetadataSize;
}

DownloadJob::DownloadJob(EngineContext& ctx, Params params, QObject* parent)
    : QObject(parent), m_ctx(ctx), m_p(std::move(params)), m_cancel(std::make_shared<std::atomic<bool>>(false))
{
    m_info.id = QStringLiteral("d-") + m_p.objectId.left(16);
    m_info.kind = m_p.purpose == Purpose::Get ? TransferInfo::Kind::Download : TransferInfo::Kind::Replica;
    m_info.objectId = m_p.objectId;
    // The name is sealed in the object: known here only for my own objects, otherwise once decrypted.
    const auto mine = m_ctx.store().object(m_p.objectId);
    m_info.name = mine && !mine->name.isEmpty() ? mine->name : m_p.objectId.left(12);
}

DownloadJob::~DownloadJob()
{
    m_cancel->store(true);
    if (!m_done)
        cleanupTorrent(m_p.purpose == Purpose::Get);
}

void DownloadJob::start()
{
    m_clock.start();
    if (m_p.purpose == Purpose::Get) {
        // Fail before any byte moves if the target folder cannot take the file.
        // A folder that does not exist yet is made, as aria2c -d and wget -P do.
        const QFileInfo target(m_p.targetDir);
        if (target.exists() && !target.isDir())
            return QTimer::singleShot(0, this, [this]() { fail(ErrorCode::Io, QStringLiteral("%1 is a file, not a folder").arg(m_p.targetDir)); });
        if (!target.exists()) {
            if (!QDir().mkpath(m_p.targetDir))
                return QTimer::singleShot(0, this, [this]() { fail(ErrorCode::Io, QStringLiteral("cannot create the folder %1").arg(m_p.targetDir)); });
            m_madeTargetDir = true; // removed again if the download fails and leaves it empty
        }
        QTemporaryFile probe(QDir(m_p.targetDir).filePath(QStringLiteral(".amazingstore-probe-XXXXXX")));
        if (!probe.open())
            return QTimer::singleShot(0, this, [this]() { fail(ErrorCode::Io, QStringLiteral("cannot write into %1").arg(m_p.targetDir)); });
        // My own object is already here: no transfer needed.
        const QString own = QDir(m_ctx.subDir(QStringLiteral("objects"))).filePath(m_p.objectId);
        if (QFileInfo::exists(own) && m_ctx.store().object(m_p.objectId))
            return QTimer::singleShot(0, this, [this, own]() { decrypt(own); });
        // A replica this node holds for its owner: the same ciphertext, verified when it arrived.
        const QString held = heldReplicaPath();
        if (!held.isEmpty())
            return QTimer::singleShot(0, this, [this, held]() { decrypt(held); });
        checkKeyEarly();
    }
    QTimer::singleShot(0, this, &DownloadJob::fetchTorrent);
}

QString DownloadJob::heldReplicaPath() const
{
    const auto replica = m_ctx.store().replica(m_p.objectId);
    if (!replica || replica->state != state::ReplicaState::Held)
        return {};
    const QString path = m_ctx.replicasDir() + u'/' + m_p.objectId + u'/' + kTorrentName;
    return QFileInfo::exists(path) ? path : QString();
}

void DownloadJob::fail(const Error& error)
{
    if (m_done)
        return;
    m_done = true;
    if (m_madeTargetDir)
        QDir().rmdir(m_p.targetDir); // only if still empty: a failure leaves nothing behind
    if (m_tick)
        m_tick->stop();
    if (m_direct)
        m_direct->abort();
    cleanupTorrent(true);
    // libtorrent deletes the files asynchronously, maybe after a CLI process is gone; a partial ciphertext is
    // of no use without its job, and on a full disk it holds the space the user needs back.
    removeOwnSaveDir();
    m_info.stage = TransferStage::Failed;
    m_info.error = error.message;
    emit progress(m_info);
    emit finished(false, error, {});
}

void DownloadJob::removeOwnSaveDir()
{
    if (m_ownsSaveDir && !m_saveDir.isEmpty())
        QDir(m_saveDir).removeRecursively();
}

void DownloadJob::cleanupTorrent(bool deleteFiles)
{
    if (!m_added)
        return;
    m_added = false;
    if (auto* ts = m_ctx.jobTransfersIfRunning())
        logIfFailed(ts->torrents().remove(m_p.objectId, deleteFiles), "download: cannot remove the torrent");
    logIfFailed(m_ctx.store().removeResumeData(m_p.objectId), "download: cannot forget resume data");
}

void DownloadJob::fetchTorrent()
{
    m_info.stage = TransferStage::Queued;
    emit progress(m_info);
    const QByteArray cached = m_ctx.store().cachedTorrent(m_p.objectId);
    if (!cached.isEmpty())
        return startTransfer(cached);
    auto* dc = m_ctx.jobDcFor(m_p.dcBase);
    dc->setTimeoutMs(10000);
    dc->setRetryPolicy({3, 250, 2000});
    QPointer<DownloadJob> self(this);
    dc->torrent(m_p.objectId, [self, dc](Result<QByteArray> torrent) {
        if (!self)
            return;
        if (!torrent) {
            // A standby's "unknown" is not the DC's: its replica of the log may lag, or the object was uploaded
            // at another standby (the testbed saw three gets end here with holders online): peers by the id.
            if (torrent.error().code == ErrorCode::NotFound && !dc->inOutage())
                return self->fail(ErrorCode::NotFound, QStringLiteral("unknown object %1: the data center does not know it").arg(self->m_p.objectId));
            // A DC back from an outage may not have been handed the uploads made meanwhile at a standby: its
            // "not known yet" is not final either (docs/outage.md, "Hand-back").
            self->m_dcNotKnownYet = torrent.error().code == ErrorCode::NotKnownYet;
            if (self->m_dcNotKnownYet)
                qInfo("download %s: the data center does not know it yet (reconciling after an outage): asking the peers by its id",
                    qPrintable(self->m_p.objectId.left(16)));
            // The DC is away (or failing): the id is the v2 info-hash, peers can give the rest.
            self->m_dcError = torrent.error().message;
            return self->startTransfer({});
        }
        auto meta = transfer::TorrentMaker::inspect(*torrent);
        // The id is the torrent's v2 info-hash: a torrent that hashes to anything else is not this object.
        const bool matches = meta && meta->v2 == self->m_p.objectId && meta->files == 1;
        if (!matches && dc->inOutage()) {
            // A standby that lies about a torrent is not believed: the peers give the real one by its id
            // (docs/outage.md, "What a standby can and cannot do").
            qWarning("standby master sent a torrent that does not match object %s: ignored, asking peers",
                qPrintable(self->m_p.objectId.left(12)));
            self->m_dcError = QStringLiteral("the standby master sent a torrent that does not match");
            return self->startTransfer({});
        }
        if (!matches)
            return self->fail(ErrorCode::IntegrityFailure, QStringLiteral("the data center sent a torrent that does not match object %1").arg(self->m_p.objectId));
        logIfFailed(self->m_ctx.store().cacheTorrent(self->m_p.objectId, *torrent), "download: cannot cache the torrent"); // a cache: asked again next time
        self->startTransfer(*torrent);
    });
    // Starting libtorrent costs tens of milliseconds on this thread (its TLS context loads the system's CA
    // file); doing it while the torrent is on its way takes that off a one-shot get's path
    // (docs/transfer.md, "The download path"). Queued, so the request leaves first. A failure is reported by
    // startTransfer when it needs the session.
    QTimer::singleShot(0, this, [this]() { (void)m_ctx.jobTransfers(m_p.dcBase); });
}

void DownloadJob::startTransfer(const QByteArray& torrent)
{
    auto session = m_ctx.jobTransfers(m_p.dcBase); // a profile without an account judges LAN mode by the link's DC
    if (!session)
        return fail(Error{session.error().code, QStringLiteral("cannot start BitTorrent: ") + session.error().message});
    JobTransfers* ts = *session;
    // A torrent the session already has (a replica being fetched or held) keeps its own folder.
    const bool replicaTorrent = m_p.purpose == Purpose::Replica
        || (ts->torrents().contains(m_p.objectId) && m_ctx.store().replica(m_p.objectId));
    m_saveDir = replicaTorrent ? m_ctx.replicasDir() + u'/' + m_p.objectId
                               : m_ctx.subDir(QStringLiteral("downloads")) + u'/' + m_p.objectId;
    // Ours only if this job adds the torrent: a replica the daemon is fetching at the same time keeps its
    // folder whatever becomes of this get (deleting it lost the replica while its record said "held").
    m_ownsSaveDir = !ts->torrents().contains(m_p.objectId);
    QDir().mkpath(m_saveDir);
    m_byHash = torrent.isEmpty();
    m_torrent = torrent;
    m_rememberedHolders = int(m_ctx.store().holders(m_p.objectId, 20).size());
    if (auto meta = transfer::TorrentMaker::inspect(torrent)) {
        m_info.bytesTotal = meta->size;
    }
    if (!ts->torrents().contains(m_p.objectId)) {
        transfer::DownloadParams p;
        p.torrent = torrent;
        p.infoHash = m_byHash ? m_p.objectId : QString();
        p.saveDir = m_saveDir;
        p.trackers = m_ctx.jobDcFor(m_p.dcBase)->announceUrls(m_p.objectId); // the standbys' too (docs/outage.md)
        p.replaceTrackers = true; // an older torrent's own, unkeyed URL gets no answer
        p.peers = knownNodes();
        m_knownDialled = int(p.peers.size());
        auto added = ts->torrents().addDownload(p);
        if (!added)
            return fail(Error{added.error().code, QStringLiteral("cannot start the download: ") + added.error().message});
        m_added = true;
    }
    connect(ts, &JobTransfers::torrentFinished, this, [this](const QString& id) {
        if (id == m_p.objectId && !m_direct)
            onTransferFinished();
    });
    connect(ts, &JobTransfers::torrentError, this, [this](const QString& id, const QString& message) {
        if (id == m_p.objectId && !m_direct)
            fail(ErrorCode::Internal, QStringLiteral("download failed: ") + message);
    });
    connect(ts, &JobTransfers::trackerReplied, this, [this](const QString& id, int peers) {
        if (id != m_p.objectId)
            return;
        m_trackerPeers = peers;
        onTick(); // judge now: when nobody else holds it, every tick of waiting is lost time
    });
    connect(ts, &JobTransfers::peerBanned, this, [this](const QString& id, const QString& endpoint) {
        if (id == m_p.objectId)
            m_banned.insert(endpoint); // sent corrupt data: never dialled again by this job
    });
    connect(ts, &JobTransfers::dhtReady, this, [ts, this]() { logIfFailed(ts->torrents().forceDhtAnnounce(m_p.objectId), "download: DHT announce"); });
    connect(ts, &JobTransfers::metadataReceived, this, [this](const QString& id) {
        if (id == m_p.objectId)
            m_fallback.start(m_clock.elapsed()); // peers are judged from now on, as for a cached torrent
    });
    connect(ts, &JobTransfers::torrentFileReady, this,
            [this](const QString& id, const QByteArray& bytes, const QString& error) {
                if (id == m_p.objectId)
                    onTorrentFile(bytes, error);
            });
    if (ts->isDhtReady())
        // Best effort: the DHT and the tracker announce again on their own schedule.
        logIfFailed(ts->torrents().forceDhtAnnounce(m_p.objectId), "download: DHT announce");
    m_fallback.start(m_clock.elapsed());
    m_transferStartMs = m_clock.elapsed();
    m_lastProgressMs = m_clock.elapsed();
    m_tick = new QTimer(this);
    connect(m_tick, &QTimer::timeout, this, &DownloadJob::onTick);
    m_tick->start(250);
    m_info.stage = TransferStage::Downloading;
    emit progress(m_info);
    // Already complete (e.g. a replica we hold): finish now.
    if (auto st = ts->torrents().stats(m_p.objectId); st && st->finished())
        QTimer::singleShot(0, this, &DownloadJob::onTransferFinished);
}

QStringList DownloadJob::knownNodes() const
{
    // Holders of this object first, then every node this profile knows: nodes of our network are DHT nodes
    // and BitTorrent peers on the same port, and a node without the object just declines the handshake.
    QStringList nodes = m_ctx.store().holders(m_p.objectId, 20);
    const QStringList more = m_ctx.store().allHolders(20) + state::loadSettings(m_ctx.store()).dhtBootstrap +
                             m_ctx.store().dhtNodes(20);
    for (const QString& n : more)
        if (!nodes.contains(n))
            nodes.append(n);
    QStringList valid;
    for (const QString& n : std::as_const(nodes)) {
        const qsizetype colon = n.lastIndexOf(u':');
        const QHostAddress host(n.left(colon).remove(u'[').remove(u']'));
        if (colon > 0 && !host.isNull() && n.mid(colon + 1).toInt() > 0 && !m_banned.contains(n))
            valid.append(n);
    }
    return valid;
}

void DownloadJob::onTick()
{
    if (m_direct) {
        m_info.bytesDone = m_direct->bytesVerified();
        m_info.fromDc = m_info.bytesDone;
        m_info.rate = m_rate.update(m_info.bytesDone);
        emit progress(m_info);
        return;
    }
    auto* ts = m_ctx.jobTransfersIfRunning();
    if (!ts || m_done)
        return;
    const auto st = ts->torrents().stats(m_p.objectId);
    if (!st)
        return;
    const qint64 now = m_clock.elapsed();
    // No peer yet (e.g. the DC's tracker is away and the DHT has not found one): dial the known nodes again.
    if (st->peers == 0 && now - m_lastDialMs > 3000) {
        m_lastDialMs = now;
        if (const QStringList nodes = knownNodes(); !nodes.isEmpty())
            logIfFailed(ts->torrents().connectPeers(m_p.objectId, nodes), "download: connecting known holders");
        logIfFailed(ts->torrents().forceDhtAnnounce(m_p.objectId), "download: DHT announce");
    }
    m_info.bytesDone = st->bytesDone;
    m_info.bytesTotal = st->bytesTotal > 0 ? st->bytesTotal : m_info.bytesTotal;
    m_info.fromPeers = st->fromPeers;
    m_info.fromDc = st->fromWeb;
    m_info.rate = m_rate.update(st->bytesDone);
    emit progress(m_info);
    if (!st->hasMetadata) {
        // By info-hash: nothing to judge or to ask the DC for until a peer sent the info dict.
        m_peerSeen = m_peerSeen || st->peers > 0;
        if (!fetch::giveUpOnMetadata(now - m_transferStartMs, m_p.metadataTimeoutMs, m_peerSeen, ts->dhtNodes()))
            return;
        if (m_dcNotKnownYet)
            return fail(ErrorCode::NotFound, QStringLiteral("unknown object %1: no peer has it and the data center does not know it "
                                                            "(it is still reconciling after an outage)").arg(m_p.objectId));
        return fail(ErrorCode::Unavailable, QStringLiteral("the data center is unreachable and no peer has this object (%1; %2)")
                                                .arg(m_p.objectId, m_dcError));
    }
    if (st->bytesDone != m_lastBytes) {
        m_lastBytes = st->bytesDone;
        m_lastProgressMs = now;
    }
    const auto reason = m_fallback.update({now, st->peers, st->bytesDone, st->bytesTotal, noOtherHolder(*st, now)});
    if (reason != transfer::WebSeedFallback::Reason::None && !m_webSeedAdded)
        return fallBack(*st, now);
    if (fetch::stalled(m_webSeedAdded, now - m_lastProgressMs, m_p.stallTimeoutMs, st->finished()))
        fail(ErrorCode::Unavailable, m_dcError.isEmpty()
                 ? QStringLiteral("download stalled: neither peers nor the data center deliver object %1").arg(m_p.objectId)
                 : QStringLiteral("no peer delivered object %1 and %2").arg(m_p.objectId, m_dcError));
}

bool DownloadJob::noOtherHolder(const transfer::TorrentStats& st, qint64 nowMs) const
{
    return fetch::noOtherHolder({m_trackerPeers, m_rememberedHolders, m_knownDialled}, st.peers, st.peersFailed,
                                nowMs - m_transferStartMs);
}

void DownloadJob::fallBack(const transfer::TorrentStats& st, qint64 nowMs)
{
    m_webSeedAdded = true;
    // Why a download left the peers is what a user (and the testbed) needs to tell a missing replica from a
    // slow peer (docs/transfer.md, "Web seed fallback").
    qCInfo(transfer::lcPeerDiagnostics, "download %s: peers fall short (%s: %d connected, %d named by the tracker, %s of %s after %.1f s); asking the DC",
          qPrintable(m_p.objectId.left(16)), qPrintable(transfer::WebSeedFallback::reasonName(m_fallback.reason())),
          st.peers, std::max(m_trackerPeers, 0), qPrintable(util::formatBytes(st.bytesDone)),
          qPrintable(util::formatBytes(st.bytesTotal)), double(nowMs - m_transferStartMs) / 1000.0);
    m_lastProgressMs = nowMs;
    // A direct fetch because libtorrent's web seed connects only on its 1 s tick and asks in 16 MiB ranges
    // (docs/transfer.md, "The download path"); a web seed beside peers that already deliver.
    if (fetch::fallbackRoute(m_p.purpose == Purpose::Get, !m_torrent.isEmpty(), st.bytesDone, st.peers)
        == fetch::Route::DirectFetch)
        return startDirectFetch();
    auto* ts = m_ctx.jobTransfersIfRunning();
    if (ts)
        logIfFailed(ts->torrents().addWebSeed(m_p.objectId, m_ctx.jobDcFor(m_p.dcBase)->dataUrl(m_p.objectId)),
                    "download: adding the DC as web seed"); // peers may still deliver; the stall timer ends it otherwise
}

void DownloadJob::startDirectFetch()
{
    // The torrent is paused, not removed: if the DC fails too, the peers get their turn again
    // (backToPeers). DirectFetch writes nothing to disk, so the two never write the same file.
    if (auto* ts = m_ctx.jobTransfersIfRunning(); ts && m_added)
        logIfFailed(ts->torrents().pause(m_p.objectId), "download: pausing the torrent for the DC");
    m_direct = new transfer::DirectFetch(this);
    connect(m_direct, &transfer::DirectFetch::finished, this, &DownloadJob::onDirectFinished);
    transfer::DirectFetch::Params p;
    p.torrent = m_torrent;
    p.url = QUrl(m_ctx.jobDcFor(m_p.dcBase)->dataUrl(m_p.objectId));
    if (Status st = m_direct->start(p); !st)
        return fail(Error{st.error().code, QStringLiteral("cannot fetch the object from the data center: ") + st.error().message});
    m_info.bytesTotal = m_direct->size();
    decryptWhileFetching();
}

void DownloadJob::onDirectFinished(bool ok, const QString& error)
{
    if (m_done)
        return;
    // DirectFetch reports text only and writes nothing: a failure is the DC's being away or answering badly
    // (a full or unwritable target fails in the decryption, with its own error).
    if (!ok)
        return backToPeers(error);
    if (m_tick)
        m_tick->stop();
    m_info.bytesDone = m_direct->bytesVerified();
    m_info.fromDc = m_info.bytesDone;
    m_info.fromPeers = 0;
    m_ctx.addCounter(QStringLiteral("bytes_from_dc"), m_info.fromDc);
    // Every piece was checked as it came; the decryption running beside the fetch ends next (onDecrypted).
    m_info.stage = TransferStage::Decrypting;
    emit progress(m_info);
}

void DownloadJob::backToPeers(const QString& dcError)
{
    // The DC was asked because the tracker named no other holder, but a standby's tracker early in an
    // outage, or a DC just restarted, does not know the holders yet, and the DC may be the one that is
    // away (killed: "HTTP 0") or half up. So its failure does not end the get: the paused torrent goes on
    // with the peers (DHT, known nodes dialled again) and the DC as a web seed for when it answers, until
    // the stall timeout (docs/transfer.md, "The download path").
    auto* ts = m_ctx.jobTransfersIfRunning();
    if (!ts || !m_added)
        return fail(ErrorCode::Unavailable, dcError);
    qInfo("download %s: %s; back to the peers", qPrintable(m_p.objectId.left(16)), qPrintable(dcError));
    m_dcError = dcError;
    m_direct->disconnect(this);
    m_direct->deleteLater(); // its stream's reader (the decryption beside it) fails and is ignored
    m_direct = nullptr;
    m_info.bytesDone = 0;
    m_info.fromDc = 0;
    m_info.stage = TransferStage::Downloading;
    m_lastProgressMs = m_clock.elapsed();
    m_lastDialMs = 0; // dial the known nodes at the next tick
    logIfFailed(ts->torrents().resume(m_p.objectId), "download: resuming the torrent");
    logIfFailed(ts->torrents().addWebSeed(m_p.objectId, m_ctx.jobDcFor(m_p.dcBase)->dataUrl(m_p.objectId)),
                "download: adding the DC as web seed");
    emit progress(m_info);
}

void DownloadJob::checkKeyEarly()
{
    // The key opens the sealed metadata at the object's start: ask the DC for those bytes alongside the
    // torrent, so a wrong key is reported before any transfer. No answer (DC away): decryption checks it.
    m_nam = new QNetworkAccessManager(this);
    QNetworkRequest req(QUrl(m_ctx.jobDcFor(m_p.dcBase)->dataUrl(m_p.objectId)));
    req.setRawHeader("Range", "bytes=0-" + QByteArray::number(kObjectHeadBytes - 1));
    req.setTransferTimeout(10000);
    QNetworkReply* reply = m_nam->get(req);
    // Only the head is wanted: a server that ignores the Range (or floods) is cut off once it has sent it,
    // and one that trickles is given up after a while (a share link can name any host).
    connect(reply, &QNetworkReply::readyRead, this, [reply]() {
        if (reply->bytesAvailable() >= kObjectHeadBytes)
            reply->abort();
    });
    QTimer::singleShot(15000, reply, [reply]() { reply->abort(); });
    connect(reply, &QNetworkReply::finished, this, [this, reply]() {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool complete = reply->error() == QNetworkReply::NoError
            || (reply->error() == QNetworkReply::OperationCanceledError && reply->bytesAvailable() >= kObjectHeadBytes);
        if (complete && (status == 206 || status == 200))
            onObjectHead(reply->read(kObjectHeadBytes));
    });
}

void DownloadJob::onObjectHead(const QByteArray& head)
{
    if (m_done)
        return;
    auto key = crypto::SecretKey::fromBytes(m_p.fileKey);
    if (!key)
        return fail(key.error());
    // "ASO1" | u32 BE length | sealed metadata; a short or odd head is left to decryption to judge.
    if (head.size() < kObjectHeaderFixed || !head.startsWith("ASO1"))
        return;
    const qint64 len = qFromBigEndian<quint32>(head.constData() + 4);
    if (len == 0 || head.size() < kObjectHeaderFixed + len)
        return;
    auto meta = crypto::openMetadata(QByteArrayView(head).sliced(kObjectHeaderFixed, len), *key);
    if (!meta && meta.error().code == ErrorCode::IntegrityFailure) // the same words decryptObject uses
        return fail(ErrorCode::IntegrityFailure, QStringLiteral("wrong key: the link's key does not open this object"));
    if (meta) {
        m_info.name = meta->name; // progress shows the file's name from now on, not its id
        emit progress(m_info);
    }
}

void DownloadJob::onTransferFinished()
{
    if (m_done || m_info.stage == TransferStage::Verifying || m_info.stage == TransferStage::Caching)
        return;
    if (m_tick)
        m_tick->stop();
    if (m_byHash) {
        // Keep the torrent the peers gave (info dict + the piece layers libtorrent verified), like the DC's.
        m_info.stage = TransferStage::Caching;
        emit progress(m_info);
        auto* ts = m_ctx.jobTransfersIfRunning();
        if (!ts || !ts->torrents().requestTorrentFile(m_p.objectId))
            return onTorrentFile({}, QStringLiteral("transfer session gone"));
        // libtorrent answers within milliseconds; a lost answer must not hold the download.
        QTimer::singleShot(10000, this, [this]() { onTorrentFile({}, QStringLiteral("no answer")); });
        return;
    }
    finishTransfer();
}

void DownloadJob::onTorrentFile(const QByteArray& torrent, const QString& error)
{
    if (m_done || m_info.stage != TransferStage::Caching)
        return;
    if (error.isEmpty()) {
        auto meta = transfer::TorrentMaker::inspect(torrent);
        // libtorrent took the info dict only if its SHA-256 was the id; check the file we keep all the same.
        if (!meta || meta->v2 != m_p.objectId || meta->files != 1)
            return fail(ErrorCode::IntegrityFailure, QStringLiteral("peers sent metadata that does not match object %1").arg(m_p.objectId));
        logIfFailed(m_ctx.store().cacheTorrent(m_p.objectId, torrent), "download: cannot cache the torrent");
    }
    // Without a cached copy the next `get` asks again; the bytes themselves are verified either way.
    finishTransfer();
}

void DownloadJob::finishTransfer()
{
    auto* ts = m_ctx.jobTransfersIfRunning();
    const auto st = ts ? ts->torrents().stats(m_p.objectId) : std::nullopt;
    if (st) {
        m_info.fromPeers = st->fromPeers;
        m_info.fromDc = st->fromWeb;
        m_info.bytesDone = st->bytesDone;
        m_hashFailures = st->hashFailures;
    }
    m_ctx.addCounter(QStringLiteral("bytes_from_peers"), m_info.fromPeers);
    m_ctx.addCounter(QStringLiteral("bytes_from_dc"), m_info.fromDc);
    m_info.stage = TransferStage::Verifying;
    emit progress(m_info);
    const QString objectPath = QDir(m_saveDir).filePath(kTorrentName);
    if (m_p.purpose == Purpose::Replica) {
        m_done = true;
        m_added = false; // stays in the session: we seed it from now on
        emit finished(true, {}, reply(objectPath, m_info.bytesDone).toJson());
        return;
    }
    decrypt(objectPath);
}

void DownloadJob::decrypt(const QString& objectPath)
{
    auto key = crypto::SecretKey::fromBytes(m_p.fileKey);
    if (!key)
        return fail(key.error());
    m_info.stage = TransferStage::Decrypting;
    m_info.bytesTotal = QFileInfo(objectPath).size();
    m_info.bytesDone = 0;
    emit progress(m_info);
    const auto cancel = m_cancel;
    runAsync(this,
             [objectPath, dir = m_p.targetDir, k = *key, cancel]() {
                 crypto::StreamOptions opt;
                 opt.cancel = cancel.get();
                 return decryptObject(objectPath, dir, k, opt);
             },
             [this](Result<QString> path) { onDecrypted(path); });
}

void DownloadJob::decryptWhileFetching()
{
    auto key = crypto::SecretKey::fromBytes(m_p.fileKey);
    if (!key)
        return fail(key.error());
    // The decryption takes each piece from memory once DirectFetch verified it, so the two overlap and
    // the ciphertext never goes to disk and back (docs/transfer.md, "Decryption beside the fetch").
    const auto cancel = m_cancel;
    runAsync(this,
             [stream = m_direct->stream(), dir = m_p.targetDir, k = *key, cancel]() -> Result<QString> {
                 transfer::VerifiedReader in(stream);
                 if (!in.open(QIODevice::ReadOnly))
                     return makeError(ErrorCode::Io, QStringLiteral("cannot read the object's stream"));
                 crypto::StreamOptions opt;
                 opt.cancel = cancel.get();
                 return decryptObject(in, dir, k, opt);
             },
             [this, fetch = m_direct](Result<QString> path) {
                 if (fetch == m_direct) // else the fetch failed and the peers took over (backToPeers)
                     onDecrypted(path);
             });
}

void DownloadJob::onDecrypted(const Result<QString>& path)
{
    if (!path)
        return fail(path.error());
    if (m_done)
        return;
    // The ciphertext copy served its purpose; the object stays reachable through its link.
    cleanupTorrent(true);
    removeOwnSaveDir();
    m_done = true;
    m_info.name = QFileInfo(*path).fileName();
    m_info.stage = TransferStage::Done;
    emit progress(m_info);
    emit finished(true, {}, reply(*path, QFileInfo(*path).size()).toJson());
}

api::GetReply DownloadJob::reply(const QString& path, qint64 bytes) const
{
    api::GetReply r;
    r.path = path;
    r.bytes = bytes;
    r.fromPeers = m_info.fromPeers;
    r.fromDc = m_info.fromDc;
    r.hashFailures = m_hashFailures;
    if (m_fallback.fallsShort())
        r.dcReason = transfer::WebSeedFallback::reasonName(m_fallback.reason());
    return r;
}

} // namespace as::engine
