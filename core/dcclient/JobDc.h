#pragma once
// What the engine's transfer jobs (UploadJob, DownloadJob) ask of a DC, and nothing more: DcClient in
// production, an in-memory fake in tests/engine/tst_job_seams.cpp, so a job's resume and fallback paths run
// in milliseconds without a DC process. A call the jobs start using is added here and in both.

#include "core/protocol/Objects.h"
#include "core/util/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>

namespace as::dcclient {

template <typename T>
using Done = std::function<void(Result<T>)>;
using DoneStatus = std::function<void(Status)>;

struct RetryPolicy {
    int attempts = 4;        // total tries, first one included
    int baseDelayMs = 250;   // doubled after each failed try
    int maxDelayMs = 4000;
};

class JobDc {
public:
    virtual ~JobDc() = default;

    virtual QUrl baseUrl() const = 0;
    // Calls go to a standby master (docs/outage.md).
    virtual bool inOutage() const = 0;
    virtual void setTimeoutMs(int ms) = 0;
    virtual void setRetryPolicy(const RetryPolicy& policy) = 0;

    // Upload (docs/design.md §5 "Upload").
    virtual void registerObject(const protocol::ObjectRegister& body, Done<protocol::ObjectInfo> done) = 0;
    virtual void object(const QString& id, Done<protocol::ObjectInfo> done) = 0;
    virtual void deleteObject(const QString& id, DoneStatus done) = 0;
    // One Content-Range part: bytes [offset, offset + data.size()) of a `total`-byte ciphertext.
    virtual void uploadPart(const QString& id, qint64 offset, const QByteArray& data, qint64 total,
                            Done<protocol::ObjectInfo> done) = 0;

    // Download (docs/node.md "Download pipeline").
    virtual void torrent(const QString& id, Done<QByteArray> done) = 0;
    virtual QString dataUrl(const QString& objectId) const = 0;
    // The DC's tracker, then each cached standby's (they answer /announce during an outage).
    virtual QStringList announceUrls(const QString& objectId) const = 0;
};

} // namespace as::dcclient
