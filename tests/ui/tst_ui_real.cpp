// The tray app's flows (UiFlows) against the real engine: two LocalEngines, each on its own thread as in
// the app (EngineThread), with separate profiles, registered at a real DC process on 127.0.0.1.

#include "core/engine/LocalEngine.h"
#include "tests/server/DcProcess.h"
#include "tests/ui/UiFlows.h"
#include "ui/EngineThread.h"

#include <QDir>
#include <QSignalSpy>
#include <QTest>

namespace as::test {
namespace {

class RealBackend : public Backend {
public:
    QString name() const override { return QStringLiteral("real"); }
    bool setUp(const QString& workDir, QString* error) override
    {
        if (!QFile::exists(DcProcess::binaryPath())) {
            *error = QStringLiteral("SKIP: %1 is not built").arg(DcProcess::binaryPath());
            return false;
        }
        if (!m_dc.start(QDir(workDir).filePath(QStringLiteral("dc")))) {
            *error = QStringLiteral("the DC did not start: %1").arg(QString::fromUtf8(m_dc.stderrOutput()));
            return false;
        }
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
                                                 {{QStringLiteral("dc"), m_dc.baseUrl()},
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
    void takeDcDown() override { m_dc.kill9(); } // as a crash or a cut cable
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
    return as::test::runUiFlows(argc, argv, [] { return std::make_unique<as::test::RealBackend>(); });
}
