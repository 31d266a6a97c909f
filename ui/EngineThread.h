#pragma once
// Runs an in-process engine on a thread of its own, so that nothing the engine does (SQLite, scrypt
// hand-offs, libtorrent alert handling) can stall the GUI, and presents it to the GUI thread as an
// EngineApi. Each call() returns a reply living on the GUI thread; the engine-side reply's progress and
// result are copied across with queued calls, in order. Engine signals are forwarded the same way.
//
// The engine object must have no parent; it is moved to the thread and deleted there after stop().

#include "core/api/EngineApi.h"

#include <QThread>

#include <functional>

namespace as::ui {

class EngineThread : public EngineApi {
    Q_OBJECT
public:
    explicit EngineThread(QObject* parent = nullptr);
    ~EngineThread() override; // stops the thread if stop() was not called

    // Moves `engine` to the worker thread and runs `open` there (blocking until it returns). Returns the
    // error message of `open`, empty on success.
    QString start(EngineApi* engine, const std::function<QString()>& open);

    // Runs `shutdown` on the engine thread; it must call the `done` it is given when the engine has
    // stopped. Then the engine is deleted on its thread and the thread ends. Blocks at most timeoutMs.
    bool stop(const std::function<void(std::function<void()> done)>& shutdown, int timeoutMs = 15000);

    CommandReply* call(const QString& command, const QJsonObject& args = {}) override;
    QThread* workerThread() const { return m_thread; }
    EngineApi* engineObject() const { return m_engine; } // lives on workerThread(): only pass it back there

private:
    QThread* m_thread;
    EngineApi* m_engine = nullptr;
};

} // namespace as::ui
