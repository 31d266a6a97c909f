#include "ui/TrayController.h"

#include "ui/AppActions.h"
#include "ui/Format.h"
#include "ui/Icons.h"
#include "ui/TransfersModel.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QMenu>

namespace as::ui {

TrayController::TrayController(AppActions* actions, ServiceStatus* status, TransfersModel* transfers,
                               QObject* parent)
    : QObject(parent), m_actions(actions), m_status(status), m_transfers(transfers)
{
    // The menu exists even without a tray, so its actions can be tested and reused.
    m_menu = new QMenu;
    m_menu->addAction(m_actions->showWindow);
    m_menu->addSeparator();
    m_transfersMenu = m_menu->addMenu(tr("Current &transfers"));
    m_menu->addAction(m_actions->upload);
    m_menu->addAction(m_actions->openLink);
    m_menu->addSeparator();
    m_menu->addAction(m_actions->pause);
    m_menu->addAction(m_actions->slowMode);
    m_menu->addSeparator();
    m_menu->addAction(m_actions->quit);
    connect(m_menu, &QMenu::aboutToShow, this, &TrayController::rebuildTransfersMenu);

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(this);
        m_tray->setContextMenu(m_menu);
        connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason r) {
            if (r == QSystemTrayIcon::Trigger || r == QSystemTrayIcon::DoubleClick)
                emit activated();
        });
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, &TrayController::notificationClicked);
    }
    connect(m_status, &ServiceStatus::changed, this, &TrayController::updateState);
    connect(m_status, &ServiceStatus::modeChanged, this, &TrayController::onModeChanged);
    connect(m_transfers, &TransfersModel::activeCountChanged, m_status, &ServiceStatus::setActiveTransfers);
    connect(m_transfers, &QAbstractItemModel::dataChanged, this, [this] {
        if (m_menu->isVisible())
            rebuildTransfersMenu();
    });
    rebuildTransfersMenu();
    updateState();
    if (m_tray)
        m_tray->show();
}

TrayController::~TrayController() { delete m_menu; }

void TrayController::updateState()
{
    m_state = m_status->trayState();
    const NodeStatus& s = m_status->status();
    QString tip = tr("AmazingStore");
    switch (m_state) {
    case TrayState::Normal:
        tip += m_status->dcState() == DcState::Reachable ? tr(" — connected to the data center")
                                                         : tr(" — connecting to the data center…");
        break;
    case TrayState::SignedOut: tip += tr(" — not logged in"); break;
    case TrayState::Transferring:
        tip += tr(" — %n transfer(s) running", nullptr, m_transfers->activeCount());
        break;
    case TrayState::PeerOnly:
        tip += tr(" — peer-only mode (data center unreachable)") + tr("; %1").arg(m_status->outageText());
        break;
    case TrayState::Paused: tip += tr(" — paused"); break;
    case TrayState::Error: tip += tr(" — problem: %1").arg(m_status->lastError()); break;
    }
    if (s.slowMode)
        tip += tr(" (slow mode)");
    m_toolTip = tip;
    if (m_tray) {
        m_tray->setIcon(trayIcon(m_state));
        m_tray->setToolTip(tip);
    }
}

void TrayController::rebuildTransfersMenu()
{
    m_transfersMenu->clear();
    const QList<TransferInfo> active = m_transfers->active();
    if (active.isEmpty()) {
        m_transfersMenu->addAction(tr("No transfers running"))->setEnabled(false);
        return;
    }
    for (const TransferInfo& t : active.mid(0, 8)) {
        const int pct = t.bytesTotal > 0 ? int(100.0 * double(t.bytesDone) / double(t.bytesTotal)) : 0;
        QAction* a = m_transfersMenu->addAction(tr("%1 — %2 %3 %, %4 to go")
                                                    .arg(t.name, Format::stage(t.stage))
                                                    .arg(pct)
                                                    .arg(Format::bytes(t.bytesToGo())));
        connect(a, &QAction::triggered, m_actions->showWindow, &QAction::trigger);
    }
    if (active.size() > 8)
        m_transfersMenu->addAction(tr("… and %n more", nullptr, int(active.size() - 8)))->setEnabled(false);
}

void TrayController::onModeChanged(Mode mode)
{
    if (mode == Mode::P2p)
        notify(QStringLiteral("mode-changed"), tr("Peer-only mode"),
               tr("The data center is unreachable. Your files stay available from peers; uploads continue "
                  "with more peer replicas."));
    else
        notify(QStringLiteral("mode-changed"), tr("Data center back"),
               tr("The data center is reachable again."));
}

void TrayController::notify(const QString& kind, const QString& title, const QString& text)
{
    notifyWithCopy(kind, title, text, {});
}

void TrayController::notificationClicked()
{
    if (m_clickCopies.isEmpty()) {
        emit activated();
        return;
    }
    QGuiApplication::clipboard()->setText(m_clickCopies);
    emit fallbackMessage(tr("Share link copied to the clipboard. Anyone with the link can download and decrypt the file."));
}

void TrayController::notifyWithCopy(const QString& kind, const QString& title, const QString& text,
                                    const QString& clipboard)
{
    bool wanted = true;
    if (kind == QLatin1String("upload-done"))
        wanted = m_settings.notifyUploadDone;
    else if (kind == QLatin1String("download-done"))
        wanted = m_settings.notifyDownloadDone;
    else if (kind == QLatin1String("failed"))
        wanted = m_settings.notifyFailed;
    else if (kind == QLatin1String("mode-changed"))
        wanted = m_settings.notifyModeChanged;
    if (!wanted)
        return;
    m_clickCopies = clipboard;
    const int links = clipboard.isEmpty() ? 0 : int(clipboard.count(QLatin1Char('\n'))) + 1;
    if (m_tray && QSystemTrayIcon::supportsMessages()) {
        const QString shown = links == 0 ? text : text + QLatin1Char(' ') + tr("Click here to copy the share link(s).", nullptr, links);
        m_lastNotification = title + QStringLiteral(": ") + shown;
        const auto icon = kind == QLatin1String("failed") ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information;
        m_tray->showMessage(title, shown, icon, 8000);
    } else {
        // The status bar cannot be clicked: say where the link is.
        m_lastNotification = title + QStringLiteral(": ") + text
                             + (links == 0 ? QString() : QLatin1Char(' ') + tr("Copy the share link(s) from the file's menu in My files or Transfers.", nullptr, links));
        emit fallbackMessage(m_lastNotification);
    }
}

} // namespace as::ui
