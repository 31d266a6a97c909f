#include "ui/Icons.h"

#include <QString>

inline void initAmazingstoreResources() { Q_INIT_RESOURCE(amazingstore); }

namespace as::ui {

void initResources() { initAmazingstoreResources(); }

QIcon appIcon() { return QIcon(QStringLiteral(":/icons/amazingstore.svg")); }

QIcon trayIcon(TrayState state)
{
    switch (state) {
    case TrayState::Normal: return QIcon(QStringLiteral(":/icons/tray-normal.svg"));
    case TrayState::Transferring: return QIcon(QStringLiteral(":/icons/tray-transferring.svg"));
    case TrayState::PeerOnly: return QIcon(QStringLiteral(":/icons/tray-p2p.svg"));
    case TrayState::Paused: return QIcon(QStringLiteral(":/icons/tray-paused.svg"));
    case TrayState::Error: return QIcon(QStringLiteral(":/icons/tray-error.svg"));
    }
    return appIcon();
}

QIcon actionIcon(const char* name)
{
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name)));
}

} // namespace as::ui
