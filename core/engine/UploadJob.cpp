#include "core/engine/UploadJob.h"
#include "core/engine/LogStatus.h"

#include "core/crypto/KeyHierarchy.h"
#include "core/crypto/SealedMetadata.h"
#include "core/dcclient/JobDc.h"
#include "core/engine/Async.h"
#include "core/engine/EngineContext.h"
#include "core/engine/JobTransfers.h"
#include "core/engine/ObjectFile.h"
#include "core/engine/UploadDecisions.h"
#include "core/link/ShareLink.h"
#include "core/state/Settings.h"
#include "core/transfer/TorrentMaker.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QPointer>
#include <QTimer>

namespace as::engine {
namespace {
constexpr qint64 kPartSize = 32 << 20;
constexpr int kPartsInFlight = 2;
constexpr int kMaxIntegrityRetries = 1;
const QString kTorrentName = QStringLiteral("object");

struct Progress {
    std::atomic<qint64> done { 0 };
    std::atomic<qint64> total { 0 };
};
} // namespace

UploadJob::UploadJob(EngineContext& ctx, state::UploadRecord record, QObject* parent)
    : QObject(parent)
    , m_ctx(ctx)
    , m_rec(std::move(record))
    , m_cancel(std::make_shared<std::atomic<bool>>(false))
{
    m_info.id = QStringLiteral("u%1").arg(m_rec.localId);
    m_info.kind = TransferInfo::Kind::Upload;
    m_info.name = QFileInfo(m_rec.sourcePath).fileName();
    m_info.objectId = m_rec.objectId;
}

UploadJob::~UploadJob()
{
    m_cancel->store(true);
}

void UploadJob::start()
{
    QTimer::singleShot(0, this, &UploadJob::next);
}

void UploadJob::cancel()
{
    m_cancel->store(true);
}

void UploadJob::setStage(state::UploadStage stage)
{
    m_rec.stage = stage;
    // A lost stage write costs a repeated step after a restart, never a wrong result (each step is redone whole).
    logIfFailed(m_ctx.store().updateUpload(m_rec), "upload: cannot save the stage");
}

void UploadJob::report(TransferStage stage, qint64 done, qint64 total)
{
    if (m_info.stage != stage)
        m_rate.reset(done);
    m_info.stage = stage;
    m_info.bytesDone = done;
    m_info.bytesTotal = total;
    m_info.rate = m_rate.update(done);
    m_info.objectId = m_rec.objectId;
    emit progress(m_info);
}

void UploadJob::fail(const Error& error)
{
    if (m_done)
        return;
    m_done = true;
    const upload::Aftermath after = upload::afterFailure(m_rec.stage, error.code);
    const bool resumable = after.resumable;
    if (!resumable) {
        if (after.forgetObject)
            forgetHalfMadeObject(after.withdrawFromDc);
        m_rec.error = error.message;
        setStage(state::UploadStage::Failed);
        if (!m_rec.cipherPath.isEmpty() && m_rec.objectId.isEmpty())
            QFile::remove(m_rec.cipherPath);
    }
    m_info.stage = TransferStage::Failed;
    m_info.error = error.message;
    emit progress(m_info);
    emit finished(false, error, resumable);
}

void UploadJob::next()
{
    if (m_done)
        return;
    switch (upload::nextStep(m_rec.stage)) {
    case upload::Step::Encrypt: return encrypt();
    case upload::Step::Hash: return hash();
    case upload::Step::Register: return registerWithDc();
    case upload::Step::SendContent: return uploadContent();
    case upload::Step::SeedAndFinish: return seedAndFinish();
    case upload::Step::ReportEarlierFailure: break;
    }
    fail(makeError(ErrorCode::Internal, m_rec.error.isEmpty() ? QStringLiteral("the upload failed earlier") : m_rec.error));
}

transfer::MakeTorrentOptions UploadJob::torrentOptions()
{
    transfer::MakeTorrentOptions opt;
    opt.name = kTorrentName;
    // No tracker inside: the tracker URL names the object's id, known only once hashed; seeders and
    // downloaders add it (EngineContext::trackersFor).
    return opt;
}

bool UploadJob::sourceChanged() const
{
    const QFileInfo now(m_rec.sourcePath);
    return !now.exists() || now.size() != m_rec.sourceSize
        || now.lastModified().toMSecsSinceEpoch() != m_rec.sourceMtimeMs;
}

void UploadJob::encrypt()
{
    const QFileInfo src(m_rec.sourcePath);
    if (!src.exists() || !src.isFile())
        return fail(makeError(ErrorCode::Io, QStringLiteral("%1: the file no longer exists").arg(m_rec.sourcePath)));
    m_rec.sourceSize = src.size();
    m_rec.sourceMtimeMs = src.lastModified().toMSecsSinceEpoch();
    auto key = crypto::SecretKey::generate();
    if (!key)
        return fail(key.error());
    crypto::FileMetadata meta;
    meta.name = src.fileName();
    meta.size = m_rec.sourceSize;
    meta.mimeType = QMimeDatabase().mimeTypeForFile(src, QMimeDatabase::MatchExtension).name();
    meta.mtime = src.lastModified().toUTC();
    auto sealed = crypto::sealMetadata(meta, *key);
    if (!sealed)
        return fail(sealed.error());
    m_rec.fileKey = key->toBytes();
    m_rec.sealedMeta = *sealed;
    const QDir objects(m_ctx.subDir(QStringLiteral("objects")));
    const QString partName = QStringLiteral("upload-%1.part").arg(m_rec.localId);
    // A crash mid-encryption leaves the atomic writer's temp file ("NAME.XXXXXX"): this run starts afresh.
    for (const QString& stale : objects.entryList({ partName + QStringLiteral("*") }, QDir::Files))
        QFile::remove(objects.filePath(stale));
    m_rec.cipherPath = objects.filePath(partName);
    logIfFailed(m_ctx.store().updateUpload(m_rec), "upload: cannot save progress");
    // The torrent is hashed from the object bytes as the encryptor writes them (a tap thread beside the
    // writer), so the file is never read back and hashing overlaps the cipher on a second core.
    auto maker = transfer::StreamingTorrentMaker::create(objectSize(m_rec.sourceSize, *sealed));
    if (!maker)
        return fail(maker.error());

    auto prog = std::make_shared<Progress>();
    prog->total = m_rec.sourceSize;
    auto* timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this,
        [this, prog]() { report(TransferStage::Encrypting, prog->done, prog->total); });
    timer->start(250);
    report(TransferStage::Encrypting, 0, m_rec.sourceSize);
    const auto cancel = m_cancel;
    runAsync(
        this,
        [src = m_rec.sourcePath, out = m_rec.cipherPath, k = *key, sealed = *sealed, prog, cancel,
            maker = std::make_shared<transfer::StreamingTorrentMaker>(std::move(*maker)),
            opt = torrentOptions()]() -> Result<transfer::MadeTorrent> {
            crypto::StreamOptions so;
            so.cancel = cancel.get();
            so.progress = [prog](qint64 done, qint64) { prog->done = done; };
            const Status s
                = encryptObject(src, out, k, sealed, so, [maker](const char* data, qint64 n) { maker->add(data, n); });
            if (!s)
                return s.error();
            return maker->finish(opt);
        },
        [this, timer](Result<transfer::MadeTorrent> made) {
            timer->deleteLater();
            // The object must be of the file as it was when the upload began: a file that changed or
            // vanished meanwhile gets this one error whatever the encryptor tripped over.
            if (sourceChanged()) {
                QFile::remove(m_rec.cipherPath);
                const QString what
                    = QFileInfo::exists(m_rec.sourcePath) ? QStringLiteral("changed") : QStringLiteral("vanished");
                return fail(makeError(ErrorCode::Io,
                    QStringLiteral("%1 %2 while it was being uploaded; nothing was uploaded")
                        .arg(m_rec.sourcePath, what)));
            }
            if (!made)
                return fail(made.error());
            report(TransferStage::Encrypting, m_rec.sourceSize, m_rec.sourceSize);
            adoptTorrent(*made);
        });
}

// Stage "encrypted" (left by versions that hashed in a second pass): hash the object file as it is.
void UploadJob::hash()
{
    auto prog = std::make_shared<Progress>();
    prog->total = QFileInfo(m_rec.cipherPath).size();
    auto* timer = new QTimer(this);
    connect(
        timer, &QTimer::timeout, this, [this, prog]() { report(TransferStage::Hashing, prog->done, prog->total); });
    timer->start(250);
    report(TransferStage::Hashing, 0, prog->total);
    transfer::MakeTorrentOptions opt = torrentOptions();
    opt.filePath = m_rec.cipherPath;
    const auto cancel = m_cancel;
    runAsync(
        this,
        [opt, prog, cancel]() {
            return transfer::TorrentMaker::make(
                opt, [prog](qint64 done, qint64) { prog->done = done; }, cancel.get());
        },
        [this, timer](Result<transfer::MadeTorrent> made) {
            timer->deleteLater();
            if (!made)
                return fail(made.error());
            adoptTorrent(*made);
        });
}

void UploadJob::adoptTorrent(const transfer::MadeTorrent& made)
{
    const QString id = made.meta.v2;
    const QString finalPath = QDir(m_ctx.subDir(QStringLiteral("objects"))).filePath(id);
    QFile::remove(finalPath); // the same bytes uploaded before: replaced by identical ones
    if (!QFile::rename(m_rec.cipherPath, finalPath))
        return fail(makeError(ErrorCode::Io, QStringLiteral("cannot move the encrypted file into the profile")));
    m_rec.cipherPath = finalPath;
    m_rec.objectId = id;
    if (Status s = m_ctx.store().cacheTorrent(id, made.torrent); !s)
        return fail(s.error());
    setStage(state::UploadStage::Hashed);
    next();
}

void UploadJob::registerWithDc()
{
    auto* dc = m_ctx.jobDc();
    auto master = m_ctx.masterKey();
    if (!master)
        return fail(master.error());
    if (!dc)
        return fail(makeError(ErrorCode::Unavailable, QStringLiteral("no data center configured")));
    auto fileKey = crypto::SecretKey::fromBytes(m_rec.fileKey);
    if (!fileKey)
        return fail(fileKey.error());
    auto wrapped = crypto::wrapFileKey(*fileKey, *master, m_rec.objectId);
    if (!wrapped)
        return fail(wrapped.error());
    // Known locally from now on (state "uploading"), so `ls` shows it even while the DC is away.
    state::ObjectRecord o;
    o.id = m_rec.objectId;
    o.name = QFileInfo(m_rec.sourcePath).fileName();
    o.size = m_rec.sourceSize;
    o.mtime = QDateTime::fromMSecsSinceEpoch(m_rec.sourceMtimeMs, Qt::UTC);
    o.uploaded = QDateTime::currentDateTimeUtc();
    // One uploaded during an outage stays available here while the DC gets its copy.
    const auto known = m_ctx.store().object(m_rec.objectId);
    o.state = known && known->state == state::ObjectState::Available ? state::ObjectState::Available
                                                                     : state::ObjectState::Uploading;
    o.fileKey = m_rec.fileKey;
    o.dcUrl = dc->baseUrl().toString();
    o.owned = true;
    logIfFailed(m_ctx.store().putObject(o), "upload: cannot record the object"); // the DC's list brings it back at the next sync
    report(TransferStage::Registering, 0, 0);
    protocol::ObjectRegister body { m_rec.objectId, m_ctx.store().cachedTorrent(m_rec.objectId), m_rec.sealedMeta,
        *wrapped };
    QPointer<UploadJob> self(this);
    dc->registerObject(body, [self](Result<protocol::ObjectInfo> info) {
        if (!self || !self->acceptDcAnswer(info))
            return;
        self->setStage(state::UploadStage::Registered);
        self->next();
    });
}

void UploadJob::uploadContent()
{
    auto* dc = m_ctx.jobDc();
    if (!dc)
        return fail(makeError(ErrorCode::Unavailable, QStringLiteral("no data center configured")));
    m_total = QFileInfo(m_rec.cipherPath).size();
    QPointer<UploadJob> self(this);
    // Ask what the DC still misses: after a crash or outage only those ranges are sent again.
    dc->object(m_rec.objectId, [self](Result<protocol::ObjectInfo> info) {
        if (!self || !self->acceptDcAnswer(info))
            return;
        self->m_partFailed = false;
        self->m_partError.reset();
        if (info->state == protocol::kStateAvailable) {
            if (auto* client = self->m_ctx.jobDc(); client && client->inOutage())
                return self->finishInOutage(); // a standby registered it: there is no DC to send bytes to
            self->setStage(state::UploadStage::Uploaded);
            return self->next();
        }
        QList<protocol::ByteRange> missing = info->missing;
        if (missing.isEmpty() && info->receivedBytes < self->m_total)
            missing = { { info->receivedBytes, self->m_total - info->receivedBytes } };
        self->m_parts.clear();
        qint64 missingBytes = 0;
        for (const protocol::ByteRange& r : missing) {
            missingBytes += r.length;
            for (qint64 off = r.offset; off < r.offset + r.length; off += kPartSize)
                self->m_parts.append({ off, std::min(kPartSize, r.offset + r.length - off) });
        }
        self->m_sent = self->m_total - missingBytes;
        self->report(TransferStage::Uploading, self->m_sent, self->m_total);
        self->pumpParts();
    });
}

void UploadJob::pumpParts()
{
    if (m_done)
        return;
    if (m_partFailed) {
        if (m_inFlight == 0)
            partFailed(*m_partError);
        return;
    }
    if (m_parts.isEmpty() && m_inFlight == 0) {
        setStage(state::UploadStage::Uploaded);
        return next();
    }
    auto* dc = m_ctx.jobDc();
    if (!dc)
        return fail(makeError(ErrorCode::Unavailable, QStringLiteral("no data center configured")));
    QFile file(m_rec.cipherPath);
    if (!file.open(QIODevice::ReadOnly))
        return fail(makeError(ErrorCode::Io, QStringLiteral("cannot read the encrypted file: ") + file.errorString()));
    while (m_inFlight < kPartsInFlight && !m_parts.isEmpty()) {
        const auto [offset, length] = m_parts.takeFirst();
        file.seek(offset);
        const QByteArray data = file.read(length);
        if (data.size() != length)
            return fail(makeError(ErrorCode::Io, QStringLiteral("cannot read the encrypted file")));
        ++m_inFlight;
        QPointer<UploadJob> self(this);
        // `length = length`: a copy, as clang 14 (clang-tidy) cannot capture a structured binding.
        dc->uploadPart(m_rec.objectId, offset, data, m_total, [self, length = length](Result<protocol::ObjectInfo> info) {
            if (!self)
                return;
            --self->m_inFlight;
            if (!info) {
                if (!self->m_partFailed)
                    self->m_partError = info.error();
                self->m_partFailed = true;
                return self->pumpParts(); // the failure is handled once no part is in flight
            }
            self->dcAnswered();
            self->m_sent += length;
            self->m_rec.bytesUploaded = self->m_sent;
            self->report(TransferStage::Uploading, self->m_sent, self->m_total);
            self->pumpParts();
        });
    }
}

bool UploadJob::retryWhenDcReturns(const Error& error)
{
    if (error.code != ErrorCode::Unavailable || m_done || m_ctx.jobDc() == nullptr)
        return false;
    if (!m_dcAwaySince.isValid())
        m_dcAwaySince.start();
    // A restart takes seconds; an outage longer than `dc-wait` is left to the next start (docs/node.md).
    const auto delayMs = upload::dcRetryDelayMs(m_dcAwaySince.elapsed(), state::loadSettings(m_ctx.store()).dcWaitSeconds,
                                                m_dcRetries);
    if (!delayMs)
        return false;
    ++m_dcRetries;
    m_info.error = error.message;
    report(TransferStage::WaitingDc, m_info.bytesDone, m_info.bytesTotal);
    QTimer::singleShot(*delayMs, this, [this]() {
        m_info.error.clear();
        next();
    });
    return true;
}

bool UploadJob::acceptDcAnswer(const Result<protocol::ObjectInfo>& answer)
{
    if (answer) {
        dcAnswered();
        return true;
    }
    if (!retryWhenDcReturns(answer.error()))
        fail(answer.error());
    return false;
}

void UploadJob::partFailed(const Error& error)
{
    if (retryWhenDcReturns(error))
        return; // next() asks the DC again which ranges it misses
    if (error.code == ErrorCode::IntegrityFailure && m_integrityRetries < kMaxIntegrityRetries) {
        ++m_integrityRetries;
        return uploadContent(); // the DC dropped the bad pieces and lists them as missing
    }
    if (error.code == ErrorCode::IntegrityFailure)
        return withdraw(error);
    fail(error);
}

void UploadJob::forgetHalfMadeObject(bool registered)
{
    const QString id = m_rec.objectId;
    if (id.isEmpty())
        return;
    if (auto* dc = m_ctx.jobDc(); dc && registered)
        dc->deleteObject(id, [](Status) { /* best effort: sync forgets what the DC still lists as unfinished */ });
    m_ctx.forgetOwnObject(id); // m_rec.cipherPath is objects/<id> from the "hashed" stage on
    m_rec.objectId.clear();
    m_rec.cipherPath.clear();
}

void UploadJob::withdraw(const Error& error)
{
    Error withdrawn = error;
    withdrawn.message = QStringLiteral("%1: the data center refused the encrypted file twice (%2); nothing was kept, "
                                       "try again")
                            .arg(QFileInfo(m_rec.sourcePath).fileName(), error.message);
    fail(withdrawn);
}

// Marks the object available here, seeds it and makes its share link.
Result<QString> UploadJob::seedAndLink()
{
    auto fileKey = crypto::SecretKey::fromBytes(m_rec.fileKey);
    if (!fileKey)
        return fileKey.error();
    auto o = m_ctx.store().object(m_rec.objectId);
    if (!o)
        return makeError(ErrorCode::Internal, QStringLiteral("the object vanished from the profile"));
    o->state = state::ObjectState::Available;
    logIfFailed(m_ctx.store().putObject(*o), "upload: cannot mark the object available"); // the next sync does
    if (auto* ts = m_ctx.jobTransfersIfRunning(); ts && !ts->torrents().contains(m_rec.objectId)) {
        transfer::SeedParams p;
        p.torrent = m_ctx.store().cachedTorrent(m_rec.objectId);
        p.filePath = m_rec.cipherPath;
        p.skipHashCheck = true;
        p.trackers = m_ctx.trackersFor(m_rec.objectId);
        p.replaceTrackers = true;
        logIfFailed(ts->torrents().addSeed(p), "upload: cannot seed"); // the DC holds it; the daemon seeds it at its start
    }
    return link::formatShareLink(QUrl(o->dcUrl), m_rec.objectId, m_rec.fileKey);
}

void UploadJob::seedAndFinish()
{
    auto link = seedAndLink();
    if (!link)
        return fail(link.error());
    // The key now lives with the object record; the upload record keeps no secret once done.
    m_rec.fileKey.clear();
    finishWithLink(*link, state::UploadStage::Done);
}

// The link works at once for anyone who reaches a peer. The upload record goes back to "hashed" (key kept),
// so the upload resumed when the DC answers again registers the object there and sends its bytes: the DC
// copy (docs/outage.md "Hand-back").
void UploadJob::finishInOutage()
{
    auto link = seedAndLink();
    if (!link)
        return fail(link.error());
    qInfo("uploaded %s during a data center outage: seeded here, registered with a standby; the data center gets "
          "its copy when it returns", qPrintable(m_rec.objectId.left(12)));
    finishWithLink(*link, state::UploadStage::Hashed);
}

void UploadJob::finishWithLink(const QString& link, state::UploadStage stage)
{
    m_rec.link = link;
    m_rec.error.clear();
    setStage(stage);
    m_done = true;
    m_info.link = link;
    report(TransferStage::Done, m_total, m_total);
    emit finished(true, {}, false);
}

} // namespace as::engine
