#pragma once
// One command API, two transports: the CLI and the tray app drive an in-process engine and a
// running daemon (over the control socket) through this same interface.
//
// The commands are the typed requests and replies of core/api/Commands.h; front ends start one with
// api::send(engine, request) and read its answer with api::replyOf<Request>(reply), or hand it to
// api::ask(engine, request, context, done) to get the answer as one typed value. call() is the transport
// underneath: a command name and its JSON arguments, as the control socket carries them.
// A failure carries its ErrorCode (core/util/Result.h) across every transport; exitCode() is what the CLI
// exits with (docs/node.md "Exit status").

#include "core/api/Commands.h"
#include "core/api/Types.h"
#include "core/util/Result.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace as {

// What a failed command's error class means to a script: the CLI's exit status (docs/node.md "Exit status").
int exitStatusFor(ErrorCode code);
// Stable names of the error classes on the control socket ("unauthorized", "unavailable", "io", …).
QString errorCodeName(ErrorCode code);
std::optional<ErrorCode> errorCodeFromName(const QString& name);

// The answer to one command. Emits progress() zero or more times, then finished() exactly once.
// The caller owns it (deleteLater() after finished).
class CommandReply : public QObject {
    Q_OBJECT
public:
    explicit CommandReply(QObject* parent = nullptr);

    bool isFinished() const { return m_finished; }
    bool ok() const { return m_finished && !m_error; }
    // 0 ok; else exitStatusFor(the error's code): 2 usage, 3 credentials, 4 unreachable, 5 local disk, ...
    int exitCode() const { return m_error ? exitStatusFor(m_error->code) : 0; }
    // The failure with its class (ErrorCode::Internal while not failed).
    ErrorCode errorCode() const { return m_error ? m_error->code : ErrorCode::Internal; }
    Error error() const { return m_error.value_or(Error{}); }
    // A failed command's partial result, if any (the links of the files that did upload).
    QJsonObject result() const { return m_result; }
    QString errorMessage() const { return m_error ? m_error->message : QString(); }

    // For implementations of EngineApi.
    void reportProgress(const TransferInfo& info);
    void succeed(const QJsonObject& result);
    template <class Reply>
    void succeedWith(const Reply& reply) { succeed(reply.toJson()); }
    // A failure keeps its class: what the user can do about it differs (docs/node.md "Exit status").
    void fail(const Error& error, const QJsonObject& partial = {});
    void fail(ErrorCode code, const QString& message) { fail(Error{code, message}); }
    // A failure that says the engine failed, and how.
    void fail(const QString& message) { fail(Error{ErrorCode::Internal, message}); }
    // As the error's class, the message with `prefix` before it ("login failed: " + the DC's reason).
    void failWith(const QString& prefix, const Error& error) { fail(Error{error.code, prefix + error.message}); }

signals:
    void progress(const as::TransferInfo& info);
    void finished();

private:
    bool m_finished = false;
    std::optional<Error> m_error;
    QJsonObject m_result;
};

class EngineApi : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~EngineApi() override = default;

    // Starts a command; never blocks the calling thread. The transport: front ends use api::send().
    virtual CommandReply* call(const QString& command, const QJsonObject& args = {}) = 0;

signals:
    void statusChanged(const as::NodeStatus& status);
    void transferChanged(const as::TransferInfo& transfer);
    void objectsChanged();
    // Something a user may want to be told: kind is "upload-done", "download-done", "failed", "mode-changed".
    void notify(const QString& kind, const QString& title, const QString& text);
};

} // namespace as

namespace as::api {

// Starts a typed command (core/api/Commands.h) on any engine, local or remote.
template <class Request>
CommandReply* send(EngineApi& engine, const Request& request)
{
    return engine.call(QString::fromLatin1(Request::kName), request.toJson());
}

// The typed result of a finished reply (a failed one's partial result, if any).
template <class Request>
typename Request::Reply replyOf(const CommandReply& reply)
{
    return Request::Reply::fromJson(reply.result());
}

// A finished command as one value: its typed reply, or the error with its class.
template <class Request>
using Answer = Result<typename Request::Reply>;

// Starts a typed command and hands its answer to `done` on `context`'s thread (nothing once `context` is
// gone); the reply object deletes itself. Views and models read the engine this way (ui/EngineActions::ask),
// so none of them handles a CommandReply or a JSON key.
template <class Request>
void ask(EngineApi& engine, const Request& request, QObject* context, std::function<void(const Answer<Request>&)> done)
{
    CommandReply* r = send(engine, request);
    QObject::connect(r, &CommandReply::finished, r, &QObject::deleteLater);
    QObject::connect(r, &CommandReply::finished, context, [r, done = std::move(done)] {
        if (r->ok())
            done(Answer<Request>(replyOf<Request>(*r)));
        else
            done(Answer<Request>(r->error()));
    });
}

} // namespace as::api
