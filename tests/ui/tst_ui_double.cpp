// The tray app's flows (UiFlows) against the scripted FakeEngine: fast and independent of the network.
// tst_ui_real runs the same flows against the real engine and a real DC.

#include "tests/ui/FakeEngine.h"
#include "tests/ui/UiFlows.h"

#include <QDir>
#include <QTest>

namespace as::test {
namespace {

class DoubleBackend : public Backend {
public:
    QString name() const override { return QStringLiteral("double"); }
    bool setUp(const QString& workDir, QString*) override
    {
        auto cloud = std::make_shared<FakeCloud>();
        for (int i = 0; i < 2; ++i) {
            m_profiles[i] = QDir(workDir).filePath(QStringLiteral("profile%1").arg(i));
            QDir().mkpath(m_profiles[i]);
            m_engines[i] = std::make_unique<FakeEngine>(cloud);
            m_engines[i]->setLoggedIn(i == 0 ? QStringLiteral("alice") : QStringLiteral("bob"));
            m_engines[i]->history = {
                QJsonObject{{QStringLiteral("t"), QStringLiteral("2026-11-24T10:00:00Z")}, {QStringLiteral("used_bytes"), 1e9},
                            {QStringLiteral("bytes_served"), 2e9}, {QStringLiteral("online"), true}},
                QJsonObject{{QStringLiteral("t"), QStringLiteral("2026-11-24T12:00:00Z")}, {QStringLiteral("used_bytes"), 1.25e9},
                            {QStringLiteral("bytes_served"), 3.3e9}, {QStringLiteral("online"), true}}};
        }
        return true;
    }
    EngineApi* engine(int n) override { return m_engines[n].get(); }
    QString profileDir(int n) const override { return m_profiles[n]; }
    void takeDcDown() override
    {
        for (auto& e : m_engines)
            e->setDcUp(false);
    }
    int timeoutMs() const override { return 5000; }

private:
    std::unique_ptr<FakeEngine> m_engines[2];
    QString m_profiles[2];
};

} // namespace
} // namespace as::test

int main(int argc, char** argv)
{
    return as::test::runUiFlows(argc, argv, [] { return std::make_unique<as::test::DoubleBackend>(); });
}
