#include "ui/TrayApp.h"

#include "core/api/EngineApi.h"
#include "ui/AppActions.h"
#include "ui/Autostart.h"
#include "ui/ContributionView.h"
#include "ui/EngineActions.h"
#include "ui/FilesModel.h"
#include "ui/Format.h"
#include "ui/Keychain.h"
#include "ui/MainWindow.h"
#include "ui/ServiceStatus.h"
#include "ui/Settings.h"
#include "ui/TransfersModel.h"
#include "ui/TrayController.h"
#include "ui/sharing/SharingActions.h"
#include "ui/dialogs/ContributionDialog.h"
#include "ui/dialogs/LoginDialog.h"
#include "ui/dialogs/RegisterDialog.h"
#include "ui/dialogs/SettingsDialog.h"

#include <QAction>
#include <QApplication>
#include <QFileInfo>
#include <QJsonObject>
#include <QMessageBox>
#include <QTimer>

namespace as::ui {

constexpr int kSharedWithMePollMs = 30000;

TrayApp::TrayApp(EngineApi* engine, Settings* settings, Keychain* keychain, Options options, QObject* parent)
    : QObject(parent), m_engine(engine), m_settings(settings), m_keychain(keychain), m_options(std::move(options))
{
    if (m_options.program.isEmpty())
        m_options.program = QCoreApplication::applicationFilePath();
    m_files = new FilesModel(this);
    m_transfers = new TransfersModel(this);
    m_status = new ServiceStatus(m_engine, this);
    m_engineActions = new EngineActions(m_engine, m_files, m_transfers, m_status, this);
    m_actions = new AppActions(m_engineActions, m_status, this);
    m_window = new MainWindow(m_engineActions, m_actions, m_files, m_transfers, m_status);
    m_tray = new TrayController(m_actions, m_status, m_transfers, this);
    m_tray->setNotificationSettings(m_settings->data());
    m_window->setHideOnClose(m_tray->available());
    if (!m_settings->data().downloadDir.isEmpty())
        m_window->setDownloadDir(m_settings->data().downloadDir);

    connect(m_actions->showWindow, &QAction::triggered, m_window, &MainWindow::restore);
    connect(m_actions->quit, &QAction::triggered, this, &TrayApp::quitRequested);
    connect(m_actions->login, &QAction::triggered, this, &TrayApp::showLogin);
    connect(m_tray, &TrayController::activated, this, &TrayApp::toggleWindow);
    connect(m_tray, &TrayController::fallbackMessage, m_window, &MainWindow::showMessage);
    connect(m_engineActions, &EngineActions::event, m_tray, &TrayController::notify);
    connect(m_engineActions, &EngineActions::linkEvent, m_tray, &TrayController::notifyWithCopy);
    connect(m_window, &MainWindow::settingsRequested, this, &TrayApp::showSettings);
    connect(m_window, &MainWindow::aboutRequested, m_window, [this] {
        QMessageBox::about(m_window, tr("About AmazingStore"),
                           tr("<p><b>AmazingStore</b> %1</p><p>Encrypted storage that is as available as a data "
                              "center and as cheap as peer-to-peer.</p>")
                               .arg(QCoreApplication::applicationVersion()));
    });
    connect(m_window, &MainWindow::downloadDirChosen, this, [this](const QString& dir) {
        SettingsData d = m_settings->data();
        d.downloadDir = dir;
        m_settings->setData(d);
    });
    connect(m_window->contributionView(), &ContributionView::capacityChangeRequested, this, [this](qint64 bytes) {
        SettingsData d = m_settings->data();
        d.capacityBytes = bytes;
        applySettings(d);
    });
    connect(m_status, &ServiceStatus::changed, this, &TrayApp::maybeAskToLogIn);
    connect(m_status, &ServiceStatus::changed, this, &TrayApp::maybeStartContributing);
    connect(m_keychain, &Keychain::fallbackActivated, m_window, &MainWindow::showMessage);
}

TrayApp::~TrayApp() { delete m_window; }

void TrayApp::start(const QStringList& arguments)
{
    const bool minimised = m_settings->data().startMinimized && m_tray->available();
    if (!minimised)
        m_window->show();
    if (!m_tray->available())
        m_window->showMessage(tr("No system tray was found: AmazingStore runs in this window, and closing it quits."));
    m_status->refresh();
    m_engineActions->refreshFiles();
    m_window->sharing()->watchSharedWithMe(kSharedWithMePollMs); // "Shared with me" and its notification
    handleArguments(arguments);
}

void TrayApp::handleArguments(const QStringList& arguments)
{
    QStringList files;
    for (const QString& a : arguments) {
        if (EngineActions::looksLikeLink(a)) {
            m_window->restore();
            m_window->openLink(a);
        } else if (QFileInfo(a).isFile()) {
            files << QFileInfo(a).absoluteFilePath();
        } else if (!a.isEmpty()) {
            m_window->showMessage(tr("Not a file or share link: %1").arg(a));
        }
    }
    if (!files.isEmpty()) {
        m_engineActions->upload(files);
        m_window->showTransfers();
    }
    if (!arguments.isEmpty())
        m_window->restore();
}

void TrayApp::toggleWindow()
{
    if (m_window->isVisible() && !m_window->isMinimized())
        m_window->hide();
    else
        m_window->restore();
}

QString TrayApp::secretKey() const
{
    return m_settings->data().dcUrl + QLatin1Char('|') + m_settings->data().user;
}

void TrayApp::maybeAskToLogIn()
{
    if (m_loginAsked || !m_status->known() || m_status->loggedIn() || !m_status->engineReachable())
        return;
    m_loginAsked = true;
    if (!m_options.askToLogIn)
        return;
    if (m_settings->data().user.isEmpty()) {
        showLogin();
        return;
    }
    // A remembered password logs in silently; otherwise ask.
    m_keychain->read(secretKey(), [this](bool found, const QString& password) {
        if (found && !password.isEmpty())
            m_engineActions->login(m_settings->data().dcUrl, m_settings->data().user, password);
        else
            showLogin();
    });
}

void TrayApp::maybeStartContributing()
{
    // The tray app is the node while it holds the profile: it contributes storage like `amazingstore-node
    // run`. When a daemon holds the profile (status.daemon), the daemon does it and we only drive it.
    if (m_contributing || !m_options.contribute || !m_status->loggedIn() || m_status->status().daemon)
        return;
    if (m_askingToContribute)
        return;
    if (!m_settings->data().contributionAsked) {
        // A profile that already holds replicas agreed before this question existed.
        const NodeStatus& s = m_status->status();
        if (s.replicasHeld > 0 || s.usedBytes > 0) {
            SettingsData d = m_settings->data();
            d.contributionAsked = true;
            m_settings->setData(d);
        } else {
            askToContribute(); // `run` starts once the user answered: nothing is held before
            return;
        }
    }
    m_contributing = true;
    CommandReply* r = api::send(*m_engine, api::RunRequest{m_options.heartbeatIntervalMs});
    connect(r, &CommandReply::finished, this, [this, r] {
        r->deleteLater();
        if (!r->ok())
            m_window->showMessage(tr("Storage contribution stopped: %1").arg(r->errorMessage()));
        // Try again a minute later (a DC that refused us, a daemon that took the profile meanwhile).
        QTimer::singleShot(60000, this, [this] {
            m_contributing = false;
            maybeStartContributing();
        });
    });
}

void TrayApp::askToContribute()
{
    if (m_askingToContribute)
        return;
    m_askingToContribute = true;
    m_consentDialog = new ContributionDialog(m_window);
    m_consentDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_consentDialog, &QDialog::finished, this, [this] {
        const qint64 bytes = m_consentDialog->capacityBytes(); // 0 after "Not now"
        m_consentDialog = nullptr;
        // The engine's capacity first, then `run`: the first heartbeat already offers what the user chose.
        CommandReply* r = api::send(*m_engine, api::ConfigRequest{QStringLiteral("capacity"), QString::number(bytes)});
        connect(r, &CommandReply::finished, this, [this, r, bytes] {
            r->deleteLater();
            m_askingToContribute = false;
            if (!r->ok()) { // not started with a capacity the user did not choose; asked again next start
                m_window->showMessage(tr("The engine did not take the setting %1: %2")
                                          .arg(QStringLiteral("capacity"), r->errorMessage()));
                return;
            }
            SettingsData d = m_settings->data();
            d.contributionAsked = true;
            d.capacityBytes = bytes;
            m_settings->setData(d);
            m_window->showMessage(bytes > 0 ? tr("Contributing up to %1 of disk space to other users.").arg(Format::bytes(bytes))
                                            : tr("Not contributing storage. You can change this in the Contribution tab."));
            m_status->refresh();
            maybeStartContributing();
        });
    });
    m_consentDialog->open();
    if (!m_window->isVisible()) // started minimised: the question still needs an answer
        m_consentDialog->show();
}

void TrayApp::openAccountDialog(AccountDialog* dlg)
{
    // Log in and Create account: the same form, the same way to remember what was entered.
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->setDcUrl(m_settings->data().dcUrl);
    connect(dlg, &QDialog::accepted, this, [this, dlg] {
        SettingsData d = m_settings->data();
        d.dcUrl = dlg->dcUrl();
        d.user = dlg->user();
        m_settings->setData(d);
        if (dlg->rememberPassword())
            m_keychain->write(secretKey(), dlg->password());
    });
    dlg->open();
}

void TrayApp::showLogin()
{
    auto* dlg = new LoginDialog(m_engineActions, m_window);
    dlg->setUser(m_settings->data().user);
    connect(dlg, &LoginDialog::registerInstead, this, &TrayApp::showRegister);
    openAccountDialog(dlg);
}

void TrayApp::showRegister()
{
    openAccountDialog(new RegisterDialog(m_engineActions, m_window));
}

void TrayApp::showSettings()
{
    // The engine's values of its own settings first, so the dialog shows what is in force.
    m_engineActions->loadEngineConfig(m_settings->data(), [this](SettingsData current) {
        m_settings->setData(current);
        auto* dlg = new SettingsDialog(current, m_window);
        dlg->setAttribute(Qt::WA_DeleteOnClose);
        dlg->setContributionDirEditable(m_engineActions->engineHasSetting(QStringLiteral("contribution-dir")));
        connect(dlg, &QDialog::accepted, this, [this, dlg] { applySettings(dlg->data()); });
        dlg->open();
    });
}

void TrayApp::applySettings(const SettingsData& data)
{
    const SettingsData old = m_settings->data();
    m_settings->setData(data);
    m_engineActions->applyConfig(old, data);
    m_tray->setNotificationSettings(data);
    if (old.startAtLogin != data.startAtLogin) {
        Autostart autostart(m_options.autostartDir.isEmpty() ? Autostart::defaultDir() : m_options.autostartDir);
        if (!autostart.setEnabled(data.startAtLogin, m_options.program, m_options.profileDir))
            m_window->showMessage(tr("Could not change the autostart entry in %1.").arg(autostart.entryPath()));
    }
}

} // namespace as::ui
