#pragma once
// One command API, two transports: the CLI and the tray app drive an in-process engine and a
// running daemon (over the control socket) through this same interface.
//
// Commands (names as on the CLI; args and results are JSON objects with snake_case keys):
//   register   {dc, user, password}        -> {user, dc}
//   login      {dc, user, password}        -> {user, dc}
//   logout     {}                          -> {}
//   upload     {paths: [..]}               -> {links: [..], ids: [..]}      progress per file; when some
//                                             fail, a failure whose result has "" for those files
//   ls         {}                          -> {objects: [ObjectInfo]}
//   share      {id}                        -> {link}
//   get        {link, dir}                 -> {path, bytes, from_peers, from_dc, hash_failures}   progress
//   delete     {id}                        -> {}
//   status     {}                          -> NodeStatus
//   transfers  {}                          -> {transfers: [TransferInfo]}
//   contribution {}                        -> {history: [{t, used_bytes, bytes_served, online}], ...NodeStatus}
//   config     {key, value?}               -> {key, value}        (value absent: read)
//   pause / resume {}                      -> {}
//   slow-mode  {enabled}                   -> {enabled}
//   run        {heartbeat_interval_ms?}    -> {}   the daemon (LocalEngine only); finishes when it stops
//   stop       {}                          -> {}   stops the daemon of the instance that runs it
// status also carries "objects" (count of my objects). config {} (no key) -> {settings: {key: value}}.
// Unknown commands and bad arguments finish with exitCode 2 (usage); failures with exitCode 1.

#include "core/api/Types.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

namespace as {

// The answer to one command. Emits progress() zero or more times, then finished() exactly once.
// The caller owns it (deleteLater() after finished).
class CommandReply : public QObject {
    Q_OBJECT
public:
    explicit CommandReply(QObject* parent = nullptr);

    bool isFinished() const { return m_finished; }
    bool ok() const { return m_finished && m_exitCode == 0; }
    int exitCode() const { return m_exitCode; } // 0 ok, 1 failure, 2 usage error
    QJsonObject result() const { return m_result; }
    QString errorMessage() const { return m_error; }

    // For implementations of EngineApi.
    void reportProgress(const TransferInfo& info);
    void succeed(const QJsonObject& result);
    void fail(const QString& message, int exitCode = 1);
    // A failure that still has results to show (an upload of several files where some failed: the links of
    // those that made it). result() holds them.
    void failWithResult(const QString& message, const QJsonObject& partial, int exitCode = 1);

signals:
    void progress(const as::TransferInfo& info);
    void finished();

private:
    bool m_finished = false;
    int m_exitCode = 0;
    QJsonObject m_result;
    QString m_error;
};

class EngineApi : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~EngineApi() override = default;

    // Starts a command; never blocks the calling thread.
    virtual CommandReply* call(const QString& command, const QJsonObject& args = {}) = 0;

signals:
    void statusChanged(const as::NodeStatus& status);
    void transferChanged(const as::TransferInfo& transfer);
    void objectsChanged();
    // Something a user may want to be told: kind is "upload-done", "download-done", "failed", "mode-changed".
    void notify(const QString& kind, const QString& title, const QString& text);
};

} // namespace as
