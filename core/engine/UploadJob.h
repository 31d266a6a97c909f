#pragma once
// One file's way to the DC (docs/design.md §5 "Upload"): encrypt (streaming, off the engine thread) and hash the
// hybrid torrent over the object bytes in the same pass → register with the DC (torrent, sealed metadata,
// wrapped file key) → upload the bytes the DC is still missing in Content-Range parts → seed if a
// libtorrent session runs. The stage is saved in the profile after each step, so a crash or a DC outage
// resumes where it stopped.

#include "core/api/Types.h"
#include "core/engine/RateMeter.h"
#include "core/protocol/Objects.h"
#include "core/state/Store.h"
#include "core/transfer/TorrentMaker.h"
#include "core/util/Result.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPair>
#include <atomic>
#include <memory>
#include <optional>

namespace as::engine {

class EngineContext;

class UploadJob : public QObject {
    Q_OBJECT
public:
    UploadJob(EngineContext& ctx, state::UploadRecord record, QObject* parent = nullptr);
    ~UploadJob() override;

    void start();
    void cancel();
    const state::UploadRecord& record() const { return m_rec; }
    TransferInfo info() const { return m_info; }

signals:
    void progress(const as::TransferInfo& info);
    // ok: record().link holds the share link. `resumable`: the stage was kept and a later start continues.
    void finished(bool ok, const as::Error& error, bool resumable);

private:
    void next();
    void encrypt(); // and hash the torrent in the same pass
    void hash();
    void adoptTorrent(const transfer::MadeTorrent& made);
    transfer::MakeTorrentOptions torrentOptions();
    bool sourceChanged() const;
    void registerWithDc();
    void uploadContent();
    void pumpParts();
    void seedAndFinish();
    // Registered at a standby during an outage: available from peers now, the DC copy when it returns.
    void finishInOutage();
    Result<QString> seedAndLink();
    // Ends the job, ok, with its share link; the record keeps `stage` (Done, or Hashed until the DC has a copy).
    void finishWithLink(const QString& link, state::UploadStage stage);
    void setStage(state::UploadStage stage);
    void report(TransferStage stage, qint64 done, qint64 total);
    void fail(const Error& error);
    // A DC that is away for a moment (a restart, a blip) is waited for: true when a retry of the current
    // stage was scheduled. Longer than the `dc-wait` setting and the upload stops, resumable (docs/node.md).
    bool retryWhenDcReturns(const Error& error);
    void dcAnswered() { m_dcAwaySince.invalidate(); m_dcRetries = 0; }
    // A DC answer: true when it can be used; otherwise a retry was scheduled or the upload failed.
    bool acceptDcAnswer(const Result<protocol::ObjectInfo>& answer);
    // A part the DC refused as not matching the torrent is sent once more (the DC discarded it); a second
    // refusal means the local ciphertext is bad: the object is withdrawn from the DC and the profile.
    void withdraw(const Error& error);
    // Removes a failed upload's object from the profile (and, once registered, from the DC).
    void forgetHalfMadeObject(bool registered);
    void partFailed(const Error& error);

    EngineContext& m_ctx;
    state::UploadRecord m_rec;
    TransferInfo m_info;
    RateMeter m_rate;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_done = false;
    // Content upload
    QList<QPair<qint64, qint64>> m_parts; // offset, length
    int m_inFlight = 0;
    qint64 m_total = 0;
    qint64 m_sent = 0;
    bool m_partFailed = false;
    std::optional<Error> m_partError;
    int m_integrityRetries = 0;
    QElapsedTimer m_dcAwaySince;
    int m_dcRetries = 0;
};

} // namespace as::engine
