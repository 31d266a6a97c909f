#pragma once
// The upload queue: runs UploadJobs (two at a time: one encrypting while another talks to the DC), answers
// `upload {paths}` with the links in the order given, and resumes unfinished uploads after a restart.

#include "core/api/Commands.h"
#include "core/api/Types.h"
#include "core/state/Store.h"
#include "core/util/Result.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

namespace as {
class CommandReply;
}

namespace as::engine {

class EngineContext;
class UploadJob;

class Uploads : public QObject {
    Q_OBJECT
public:
    explicit Uploads(EngineContext& ctx, QObject* parent = nullptr);

    // `upload {paths}`: validates every path first, then uploads; result {links, ids}.
    void upload(const api::UploadRequest& request, CommandReply* reply);
    // Continues every upload the profile left unfinished (daemon start).
    void resumeUnfinished();
    int running() const { return m_running; }

signals:
    void jobProgress(const as::TransferInfo& info);
    void objectsChanged();

private:
    struct Batch;
    UploadJob* enqueue(const state::UploadRecord& record);
    Result<state::UploadRecord> recordFor(const QString& file, const QList<state::UploadRecord>& unfinished);
    void pump();

    EngineContext& m_ctx;
    QList<QPointer<UploadJob>> m_waiting;
    QHash<qint64, QPointer<UploadJob>> m_active; // by upload record: one job per record at a time
    int m_running = 0;
};

} // namespace as::engine
