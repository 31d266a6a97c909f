#pragma once
// The one class that owns the tray: the icon and its state (normal, transferring, peer-only,
// paused, error), the tooltip, the menu (open window, current transfers, upload, open link, pause, slow
// mode, quit) and the notifications, filtered by the per-event settings. Where the desktop has no system
// tray it creates nothing and the window stays the way back; notifications then go to the window's
// status bar.

#include "ui/ServiceStatus.h"
#include "ui/Settings.h"

#include <QObject>
#include <QSystemTrayIcon>

class QMenu;

namespace as::ui {

class AppActions;
class TransfersModel;

class TrayController : public QObject {
    Q_OBJECT
public:
    TrayController(AppActions* actions, ServiceStatus* status, TransfersModel* transfers, QObject* parent = nullptr);
    ~TrayController() override;

    bool available() const { return m_tray != nullptr; }
    QMenu* menu() const { return m_menu; }
    TrayState state() const { return m_state; }
    QString toolTip() const { return m_toolTip; }
    void setNotificationSettings(const SettingsData& s) { m_settings = s; }
    QString lastNotification() const { return m_lastNotification; }
    QString lastNotificationCopies() const { return m_clickCopies; }

public slots:
    // kind as EngineApi::notify: "upload-done", "download-done", "failed", "mode-changed".
    void notify(const QString& kind, const QString& title, const QString& text);
    // The same, and a click on the notification copies `clipboard` (e.g. share links) instead of showing
    // the window.
    void notifyWithCopy(const QString& kind, const QString& title, const QString& text, const QString& clipboard);
    void notificationClicked(); // what a click on the last notification does

signals:
    void activated();                       // the icon was clicked: show or hide the window
    void fallbackMessage(const QString& text); // a notification when no tray exists; also "link copied"

private:
    void updateState();
    void rebuildTransfersMenu();
    void onModeChanged(as::Mode mode);

    AppActions* m_actions;
    ServiceStatus* m_status;
    TransfersModel* m_transfers;
    QSystemTrayIcon* m_tray = nullptr;
    QMenu* m_menu;
    QMenu* m_transfersMenu;
    TrayState m_state = TrayState::Normal;
    QString m_toolTip;
    SettingsData m_settings;
    QString m_lastNotification;
    QString m_clickCopies; // what a click on the last notification puts on the clipboard
};

} // namespace as::ui
