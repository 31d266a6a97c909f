// The tray app's flows (UiFlows) against the real engine: two LocalEngines, each on its own thread as in
// the app (EngineThread), with separate profiles, registered at a real DC process on 127.0.0.1.

#include "core/engine/LocalEngine.h"
#include "tests/ui/UiFlows.h"
#include "ui/EngineThread.h"
#include "ui/Icons.h"

#include <QApplication>
#include <QDir>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace as::test {
namespace {

// A DC process on a free loopback port, stopped with a time bound.
class DcProcess {
public:
    bool start(const QString& dataDir, QString* error)
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost)) {
            *error = QStringLiteral("no free port");
            return false;
        }
        m_port = probe.serverPort();
        probe.close();
        const QString program = qEnvironmentVariable("AS_BUILD_DIR") + QStringLiteral("/app/amazingstore-dc");
        if (!QFile::exists(program)) {
            *error = QStringLiteral("%1 is not built").arg(program);
            return false;
        }
        m_proc.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_proc.setStandardOutputFile(QProcess::nullDevice());
        m_proc.start(program, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(m_port),
                               QStringLiteral("--data"), dataDir});
        if (!m_proc.waitForStarted(5000)) {
            *error = m_proc.errorString();
            return false;
        }
        for (int i = 0; i < 100; ++i) {
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, m_port);
            if (s.waitForConnected(100))
                return true;
            QTest::qWait(50);
        }
        *error = QStringLiteral("the DC did not start listening");
        return false;
    }
    void stop()
    {
        if (m_proc.state() == QProcess::NotRunning)
            return;
        m_proc.terminate();
        if (!m_proc.waitForFinished(5000)) {
            m_proc.kill();
            m_proc.waitForFinished(2000);
        }
    }
    ~DcProcess() { stop(); }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }

private:
    QProcess m_proc;
    quint16 m_port = 0;
};

class RealBackend : public Backend {
public:
    QString name() const override { return QStringLiteral("real"); }
    bool setUp(const QString& workDir, QString* error) override
    {
        if (!m_dc.start(QDir(workDir).filePath(QStringLiteral("dc")), error))
            return false;
        const char* users[] = {"alice", "bob"};
        for (int i = 0; i < 2; ++i) {
            m_profiles[i] = QDir(workDir).filePath(QStringLiteral("profile%1").arg(i));
            QDir().mkpath(m_profiles[i]);
            m_threads[i] = std::make_unique<ui::EngineThread>();
            auto* le = new engine::LocalEngine(m_profiles[i]);
            const QString openError = m_threads[i]->start(le, [le] {
                const Status s = le->open();
                return s ? QString() : s.error().message;
            });
            if (!openError.isEmpty()) {
                *error = openError;
                return false;
            }
            CommandReply* r = m_threads[i]->call(QStringLiteral("register"),
                                                 {{QStringLiteral("dc"), m_dc.url()},
                                                  {QStringLiteral("user"), QString::fromLatin1(users[i])},
                                                  {QStringLiteral("password"), QStringLiteral("correct horse battery")}});
            QSignalSpy done(r, &CommandReply::finished);
            if (!done.wait(30000) || !r->ok()) {
                *error = QStringLiteral("register failed: %1").arg(r->errorMessage());
                return false;
            }
            delete r;
        }
        return true;
    }
    EngineApi* engine(int n) override { return m_threads[n].get(); }
    QString profileDir(int n) const override { return m_profiles[n]; }
    void takeDcDown() override { m_dc.stop(); }
    int timeoutMs() const override { return 30000; }
    void tearDown() override
    {
        for (auto& t : m_threads) {
            if (!t)
                continue;
            auto* le = qobject_cast<engine::LocalEngine*>(t->engineObject());
            t->stop([le](std::function<void()> done) {
                QObject::connect(le, &engine::LocalEngine::stopped, le, [done] { done(); });
                le->shutdown();
            });
            t.reset();
        }
        m_dc.stop();
    }

private:
    DcProcess m_dc;
    std::unique_ptr<ui::EngineThread> m_threads[2];
    QString m_profiles[2];
};

} // namespace
} // namespace as::test

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    as::ui::initResources();
    as::test::UiFlows flows(std::make_unique<as::test::RealBackend>());
    return QTest::qExec(&flows, argc, argv);
}
