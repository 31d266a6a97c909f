#pragma once
// The tray app's user flows, written once and run against two back ends: the scripted FakeEngine
// (tst_ui_double: fast, no network) and the real engine with a real DC process (tst_ui_real). Each flow
// drives the widgets as a user would (drops, actions, menu entries) and checks what the engine did.

#include <QObject>
#include <QString>
#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace as {
class EngineApi;
}
namespace as::ui {
class Keychain;
class Settings;
class TrayApp;
} // namespace as::ui

namespace as::test {

class Backend {
public:
    virtual ~Backend() = default;
    virtual QString name() const = 0;
    // Starts whatever is needed (a DC, two logged-in engines). False with a reason: "SKIP: …" when
    // something is not built (the suite skips), anything else fails the suite.
    virtual bool setUp(const QString& workDir, QString* error) = 0;
    virtual EngineApi* engine(int n) = 0; // 0: the main profile, 1: a second user's profile
    virtual QString profileDir(int n) const = 0;
    virtual void takeDcDown() = 0;
    virtual int timeoutMs() const = 0; // how long a flow may take on this back end
    virtual void tearDown() {}
};

class UiFlows : public QObject {
    Q_OBJECT
public:
    explicit UiFlows(std::unique_ptr<Backend> backend);
    ~UiFlows() override;

private slots:
    void initTestCase();
    void dropTwoFilesUploadsBoth();
    void copyLinkPutsValidLinkOnClipboard();
    void openingLinkInSecondProfileDownloadsIdenticalBytes();
    void contributionViewShowsEngineFigures();
    void trayMenuActionsDoWhatTheySay();
    void dcGoingAwaySwitchesModeWithoutFreezing();
    void cleanupTestCase();

private:
    ui::TrayApp* makeApp(int n);

    std::unique_ptr<Backend> m_backend;
    QTemporaryDir m_work;
    struct Instance {
        std::unique_ptr<ui::Settings> settings;
        std::unique_ptr<ui::Keychain> keychain;
        std::unique_ptr<ui::TrayApp> app;
    };
    Instance m_inst[2];
    QString m_fileA, m_fileB;
    QString m_link;
};

// The main of a flows suite: the application (offscreen-capable, with the ui's resources), then the back end
// `makeBackend` builds, then the flows against it.
int runUiFlows(int argc, char** argv, const std::function<std::unique_ptr<Backend>()>& makeBackend);

} // namespace as::test
