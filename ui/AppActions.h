#pragma once
// The actions the window's menus and toolbar and the tray menu share, so that a toggle (pause, slow mode)
// shows the same state everywhere. Checked states follow the engine's reported status; triggering a toggle
// sends the command and the status refresh confirms it.

#include <QObject>

class QAction;

namespace as::ui {

class EngineActions;
class ServiceStatus;

class AppActions : public QObject {
    Q_OBJECT
public:
    AppActions(EngineActions* engine, ServiceStatus* status, QObject* parent = nullptr);

    QAction* showWindow;
    QAction* upload;
    QAction* openLink;
    QAction* pause;
    QAction* slowMode;
    QAction* settings;
    QAction* login;
    QAction* logout;
    QAction* quit;

private:
    void syncFromStatus();
    ServiceStatus* m_status;
};

} // namespace as::ui
