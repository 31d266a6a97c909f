#pragma once
// A holder's part of the hand-back (docs/outage.md, "Hand-back"): an object uploaded during an outage whose
// owner has not come back has no copy at the DC. The DC asks one holder (dc_copy in the heartbeat answer, the
// online holder closest to the object id) to send its replica's ciphertext; the DC checks every piece against
// the torrent before it publishes the object. One object at a time, part after part; a failure is forgotten
// (the DC asks again in a later answer while it still has no copy).

#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

namespace as::engine {

class EngineContext;

class DcCopy : public QObject {
    Q_OBJECT
public:
    explicit DcCopy(EngineContext& ctx, QObject* parent = nullptr);

    // The ids of the last answer's dc_copy: those held here and not already being sent are queued.
    void want(const QStringList& ids);
    bool busy() const { return !m_current.isEmpty(); }

private:
    void next();
    void sendPart(qint64 offset);
    void finish(bool ok, const QString& why);

    static constexpr qint64 kPartBytes = 8 << 20;
    EngineContext& m_ctx;
    QStringList m_queue;
    QString m_current, m_path;
    qint64 m_size = 0;
    QSet<QString> m_done; // sent and published this run: not sent again if an answer still names it
};

} // namespace as::engine
