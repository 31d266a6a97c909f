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

void Uploads::upload(const api::UploadRequest& request, CommandReply* reply)
{
    const QStringList& paths = request.paths;
    if (paths.isEmpty())
        return reply->fail(ErrorCode::InvalidArgument, QStringLiteral("upload: no file given"));
    if (!m_ctx.account())
        return reply->fail(notLoggedIn());
    QList<QString> files;
    for (const QString& path : paths) {
        const QFileInfo fi(path);
        if (!fi.exists())
            return reply->fail(ErrorCode::NotFound, QStringLiteral("%1: no such file").arg(path));
        if (!fi.isFile())
            return reply->fail(QStringLiteral("%1: not a regular file").arg(path));
        if (!fi.isReadable())
            return reply->fail(QStringLiteral("%1: not readable").arg(path));
        files.append(fi.absoluteFilePath());
    }
    // Results in the order given, whatever order the jobs finish in.
    struct State {
        QList<QString> links;
        QList<QString> ids;
        int left = 0;
        QStringList errors;
        ErrorCode errorCode = ErrorCode::Internal;
    };
    auto st = std::make_shared<State>();
    st->links.resize(files.size());
    st->ids.resize(files.size());
    st->left = int(files.size());
    QPointer<CommandReply> r(reply);
    const auto unfinishedOrError = m_ctx.store().unfinishedUploads();
    if (!unfinishedOrError)
        return reply->fail(unfinishedOrError.error());
    const QList<state::UploadRecord>& unfinished = *unfinishedOrError;
    for (int i = 0; i < files.size(); ++i) {
        const QFileInfo fi(files[i]);
        // An upload of the same unchanged file left unfinished earlier continues from its stage.
        std::optional<state::UploadRecord> rec;
        for (const state::UploadRecord& u : unfinished)
            if (u.sourcePath == files[i] && u.sourceSize == fi.size() &&
                u.sourceMtimeMs == fi.lastModified().toMSecsSinceEpoch())
                rec = u;
        if (!rec) {
            state::UploadRecord fresh;
            fresh.sourcePath = files[i];
            fresh.sourceSize = fi.size();
            fresh.sourceMtimeMs = fi.lastModified().toMSecsSinceEpoch();
            fresh.stage = state::UploadStage::Queued;
            auto id = m_ctx.store().addUpload(fresh);
            if (!id)
                return reply->fail(id.error());
            fresh.localId = *id;
            rec = fresh;
        }
        UploadJob* job = enqueue(*rec);
        connect(job, &UploadJob::progress, reply, &CommandReply::reportProgress);
        connect(job, &UploadJob::finished, this, [r, st, i, job](bool ok, const Error& error, bool resumable) {
            if (ok) {
                st->links[i] = job->record().link;
                st->ids[i] = job->record().objectId;
            } else {
                const QString file = QFileInfo(job->record().sourcePath).fileName();
                st->errorCode = error.code; // the last failure's class stands for the batch
                st->errors.append(QStringLiteral("%1: %2%3").arg(file, error.message,
                    resumable ? QStringLiteral(" (the upload resumes on the next start)") : QString()));
            }
            if (--st->left > 0 || !r)
                return;
            // Every file that made it gets its link, whatever happened to the others.
            const api::UploadReply result{st->links, st->ids};
            if (st->errors.isEmpty())
                return r->succeedWith(result);
            const QString summary = st->errors.size() == 1 || st->links.size() == 1
                ? st->errors.join(u'\n')
                : QStringLiteral("%1 of %2 files failed:\n%3").arg(st->errors.size()).arg(st->links.size()).arg(st->errors.join(u'\n'));
            if (st->errors.size() == st->links.size())
                return r->fail(Error{st->errorCode, summary}); // nothing made it: no links to print
            r->fail(Error{st->errorCode, summary}, result.toJson());
        });
    }
    pump();
}

} // namespace as::engine
