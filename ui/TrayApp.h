#pragma once
// Puts the tray app together around one engine (passed in; no singletons): models, status, actions, the
// main window, the tray, the dialogs, settings and keychain. app/tray/main.cpp creates the engine and this;
// tests create it around an engine of their own.

#include <QObject>
#include <QStringList>

namespace as {
class EngineApi;
}

namespace as::ui {

class AccountDialog;
class AppActions;
class ContributionDialog;
class EngineActions;
class FilesModel;
class Keychain;
class MainWindow;
class ServiceStatus;
class Settings;
struct SettingsData;
class TrayController;
class TransfersModel;

class TrayApp : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString profileDir;
        QString program;          // for the autostart entry; the running executable by default
        QString autostartDir;     // empty: ~/.config/autostart
        bool askToLogIn = true;   // show the log-in dialog when the engine has no account
        bool contribute = true;   // run the contribution loop (`run`) unless a daemon already does
        int heartbeatIntervalMs = 0; // 0: as the DC says
    };
    TrayApp(EngineApi* engine, Settings* settings, Keychain* keychain, Options options, QObject* parent = nullptr);
    ~TrayApp() override;

    void start(const QStringList& arguments); // shows the window (or not), handles LINK|FILE arguments

    MainWindow* window() const { return m_window; }
    TrayController* tray() const { return m_tray; }
    AppActions* actions() const { return m_actions; }
    EngineActions* engineActions() const { return m_engineActions; }
    ServiceStatus* status() const { return m_status; }
    ContributionDialog* contributionDialog() const { return m_consentDialog; } // while the question is open
    FilesModel* files() const { return m_files; }
    TransfersModel* transfers() const { return m_transfers; }

signals:
    void quitRequested(); // the Quit action: main() ends the event loop

public slots:
    void handleArguments(const QStringList& arguments);
    void showLogin();
    void showRegister();
    void showSettings();
    void applySettings(const as::ui::SettingsData& data);

private:
    void toggleWindow();
    void maybeAskToLogIn();
    void maybeStartContributing();
    void askToContribute();
    void openAccountDialog(AccountDialog* dlg);
    QString secretKey() const;

    EngineApi* m_engine;
    Settings* m_settings;
    Keychain* m_keychain;
    Options m_options;
    FilesModel* m_files;
    TransfersModel* m_transfers;
    ServiceStatus* m_status;
    EngineActions* m_engineActions;
    AppActions* m_actions;
    MainWindow* m_window;
    TrayController* m_tray;
    bool m_loginAsked = false;
    bool m_contributing = false;
    bool m_askingToContribute = false;       // the question is open, or its answer is on its way to the engine
    ContributionDialog* m_consentDialog = nullptr;
};

} // namespace as::ui
