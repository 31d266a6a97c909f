#include "ui/EngineThread.h"

#include <QPointer>

namespace as::ui {

EngineThread::EngineThread(QObject* parent) : EngineApi(parent), m_thread(new QThread)
{
    m_thread->setObjectName(QStringLiteral("engine"));
}

EngineThread::~EngineThread()
{
    if (m_engine)
        stop([](std::function<void()> done) { done(); }, 5000);
    delete m_thread;
}

QString EngineThread::start(EngineApi* engine, const std::function<QString()>& open)
{
    m_engine = engine;
    m_thread->start();
    m_engine->moveToThread(m_thread);
    connect(m_engine, &EngineApi::statusChanged, this, &EngineApi::statusChanged);
    connect(m_engine, &EngineApi::transferChanged, this, &EngineApi::transferChanged);
    connect(m_engine, &EngineApi::objectsChanged, this, &EngineApi::objectsChanged);
    connect(m_engine, &EngineApi::notify, this, &EngineApi::notify);
    QString error;
    QMetaObject::invokeMethod(m_engine, [&] { error = open(); }, Qt::BlockingQueuedConnection);
    return error;
}

bool EngineThread::stop(const std::function<void(std::function<void()>)>& shutdown, int timeoutMs)
{
    if (!m_engine)
        return true;
    EngineApi* engine = m_engine;
    m_engine = nullptr;
    QThread* thread = m_thread;
    QMetaObject::invokeMethod(engine, [engine, thread, shutdown] {
        shutdown([engine, thread] {
            engine->deleteLater(); // deleted when the thread's loop ends, never inside one of its own signals
            thread->quit();
        });
    });
    return m_thread->wait(timeoutMs);
}

CommandReply* EngineThread::call(const QString& command, const QJsonObject& args)
{
    auto* proxy = new CommandReply(this);
    if (!m_engine) {
        QMetaObject::invokeMethod(proxy, [proxy] { proxy->fail(ErrorCode::Unavailable, tr("The engine has stopped.")); }, Qt::QueuedConnection);
        return proxy;
    }
    QPointer<CommandReply> p(proxy);
    QPointer<EngineThread> self(this);
    EngineApi* engine = m_engine;
    QMetaObject::invokeMethod(engine, [engine, command, args, p, self] {
        // On the engine thread.
        CommandReply* r = engine->call(command, args);
        QObject::connect(r, &CommandReply::progress, r, [p, self](const TransferInfo& info) {
            if (self)
                QMetaObject::invokeMethod(self, [p, info] { if (p) p->reportProgress(info); }, Qt::QueuedConnection);
        });
        QObject::connect(r, &CommandReply::finished, r, [r, p, self] {
            const bool ok = r->ok();
            const QJsonObject result = r->result();
            const Error error = r->error();
            r->deleteLater();
            if (!self)
                return;
            QMetaObject::invokeMethod(self, [p, ok, result, error] {
                if (!p)
                    return;
                if (ok)
                    p->succeed(result);
                else
                    p->fail(error, result);
            }, Qt::QueuedConnection);
        });
    }, Qt::QueuedConnection);
    return proxy;
}

} // namespace as::ui
