#include "core/engine/Uploads.h"

#include "core/api/EngineApi.h"
#include "core/engine/Commands.h"
#include "core/engine/EngineContext.h"
#include "core/engine/UploadJob.h"

#include <QFileInfo>

#include <memory>

namespace as::engine {
namespace {
constexpr int kConcurrent = 2;
}

Uploads::Uploads(EngineContext& ctx, QObject* parent) : QObject(parent), m_ctx(ctx) {}

UploadJob* Uploads::enqueue(const state::UploadRecord& record)
{
    // The daemon may already be resuming this very record: join that job instead of racing it.
    if (UploadJob* running = m_active.value(record.localId))
        return running;
    auto* job = new UploadJob(m_ctx, record, this);
    m_active.insert(record.localId, job);
    connect(job, &UploadJob::progress, this, &Uploads::jobProgress);
    connect(job, &UploadJob::finished, this, [this, job, id = record.localId](bool, const Error&, bool) {
        --m_running;
        m_active.remove(id);
        job->deleteLater();
        emit objectsChanged();
        pump();
    });
    m_waiting.append(job);
    return job;
}

void Uploads::pump()
{
    while (m_running < kConcurrent && !m_waiting.isEmpty()) {
        QPointer<UploadJob> job = m_waiting.takeFirst();
        if (!job)
            continue;
        ++m_running;
        job->start();
    }
}

void Uploads::resumeUnfinished()
{
    const auto unfinished = m_ctx.store().unfinishedUploads();
    if (!unfinished)
        return qWarning("cannot resume uploads: %s", qPrintable(unfinished.error().message));
    for (const state::UploadRecord& r : *unfinished)
        enqueue(r);
    pump();
}

namespace {

// Every path an existing, readable regular file, made absolute; the first that is not fails the command.
Result<QList<QString>> checkedFiles(const QStringList& paths)
{
    QList<QString> files;
    for (const QString& path : paths) {
        const QFileInfo fi(path);
        if (!fi.exists())
            return makeError(ErrorCode::NotFound, QStringLiteral("%1: no such file").arg(path));
        if (!fi.isFile())
            return makeError(ErrorCode::Internal, QStringLiteral("%1: not a regular file").arg(path));
        if (!fi.isReadable())
            return makeError(ErrorCode::Internal, QStringLiteral("%1: not readable").arg(path));
        files.append(fi.absoluteFilePath());
    }
    return files;
}

} // namespace

// One `upload` command's files: results in the order given, whatever order the jobs finish in.
struct Uploads::Batch {
    QList<QString> links;
    QList<QString> ids;
    int left = 0;
    QStringList errors;
    ErrorCode errorCode = ErrorCode::Internal;

    void finishOne(int i, const UploadJob& job, bool ok, const Error& error, bool resumable)
    {
        if (ok) {
            links[i] = job.record().link;
            ids[i] = job.record().objectId;
            return;
        }
        const QString file = QFileInfo(job.record().sourcePath).fileName();
        errorCode = error.code; // the last failure's class stands for the batch
        errors.append(QStringLiteral("%1: %2%3").arg(file, error.message,
            resumable ? QStringLiteral(" (the upload resumes on the next start)") : QString()));
    }

    // Every file that made it gets its link, whatever happened to the others.
    void answer(CommandReply& reply) const
    {
        const api::UploadReply result{links, ids};
        if (errors.isEmpty())
            return reply.succeedWith(result);
        const QString summary = errors.size() == 1 || links.size() == 1
            ? errors.join(u'\n')
            : QStringLiteral("%1 of %2 files failed:\n%3").arg(errors.size()).arg(links.size()).arg(errors.join(u'\n'));
        if (errors.size() == links.size())
            return reply.fail(Error{errorCode, summary}); // nothing made it: no links to print
        reply.fail(Error{errorCode, summary}, result.toJson());
    }
};

// The upload record of `file`: one of the same unchanged file left unfinished earlier (it continues from its
// stage), else a new one.
Result<state::UploadRecord> Uploads::recordFor(const QString& file, const QList<state::UploadRecord>& unfinished)
{
    const QFileInfo fi(file);
    for (const state::UploadRecord& u : unfinished)
        if (u.sourcePath == file && u.sourceSize == fi.size() && u.sourceMtimeMs == fi.lastModified().toMSecsSinceEpoch())
            return u;
    state::UploadRecord fresh;
    fresh.sourcePath = file;
    fresh.sourceSize = fi.size();
    fresh.sourceMtimeMs = fi.lastModified().toMSecsSinceEpoch();
    fresh.stage = state::UploadStage::Queued;
    auto id = m_ctx.store().addUpload(fresh);
    if (!id)
        return id.error();
    fresh.localId = *id;
    return fresh;
}

void Uploads::upload(const api::UploadRequest& request, CommandReply* reply)
{
    if (request.paths.isEmpty())
        return reply->fail(ErrorCode::InvalidArgument, QStringLiteral("upload: no file given"));
    if (!m_ctx.account())
        return reply->fail(notLoggedIn());
    const auto files = checkedFiles(request.paths);
    if (!files)
        return reply->fail(files.error());
    const auto unfinished = m_ctx.store().unfinishedUploads();
    if (!unfinished)
        return reply->fail(unfinished.error());
    auto batch = std::make_shared<Batch>();
    batch->links.resize(files->size());
    batch->ids.resize(files->size());
    batch->left = int(files->size());
    QPointer<CommandReply> r(reply);
    for (int i = 0; i < files->size(); ++i) {
        auto rec = recordFor(files->at(i), *unfinished);
        if (!rec)
            return reply->fail(rec.error());
        UploadJob* job = enqueue(*rec);
        connect(job, &UploadJob::progress, reply, &CommandReply::reportProgress);
        connect(job, &UploadJob::finished, this, [r, batch, i, job](bool ok, const Error& error, bool resumable) {
            batch->finishOne(i, *job, ok, error, resumable);
            if (--batch->left == 0 && r)
                batch->answer(*r);
        });
    }
    pump();
}

} // namespace as::engine
