#include "ui/AppActions.h"

#include "ui/EngineActions.h"
#include "ui/Icons.h"
#include "ui/ServiceStatus.h"

#include <QAction>
#include <QSignalBlocker>

namespace as::ui {

AppActions::AppActions(EngineActions* engine, ServiceStatus* status, QObject* parent)
    : QObject(parent), m_status(status)
{
    showWindow = new QAction(appIcon(), tr("&Open AmazingStore"), this);
    upload = new QAction(actionIcon("upload"), tr("&Upload files…"), this);
    upload->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_U));
    openLink = new QAction(actionIcon("open-link"), tr("Open share &link…"), this);
    openLink->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    pause = new QAction(actionIcon("pause"), tr("&Pause transfers"), this);
    pause->setCheckable(true);
    pause->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    slowMode = new QAction(actionIcon("slow"), tr("&Slow mode (alternative limits)"), this);
    slowMode->setCheckable(true);
    slowMode->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    settings = new QAction(actionIcon("settings"), tr("S&ettings…"), this);
    settings->setShortcut(QKeySequence::Preferences);
    login = new QAction(actionIcon("account"), tr("Log &in…"), this);
    logout = new QAction(tr("Log &out"), this);
    quit = new QAction(actionIcon("quit"), tr("&Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    connect(pause, &QAction::triggered, engine, &EngineActions::setPaused);
    connect(slowMode, &QAction::triggered, engine, &EngineActions::setSlowMode);
    connect(logout, &QAction::triggered, engine, &EngineActions::logout);
    connect(status, &ServiceStatus::changed, this, &AppActions::syncFromStatus);
    syncFromStatus();
}

void AppActions::syncFromStatus()
{
    const QSignalBlocker b1(pause);
    const QSignalBlocker b2(slowMode);
    pause->setChecked(m_status->status().paused);
    slowMode->setChecked(m_status->status().slowMode);
    const bool in = m_status->loggedIn();
    login->setVisible(!in);
    logout->setVisible(in);
    upload->setEnabled(in || !m_status->known());
}

} // namespace as::ui
