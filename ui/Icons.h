#pragma once
// The app's SVG icons (resources/amazingstore.qrc); SVG stays crisp at any device pixel ratio.

#include "ui/ServiceStatus.h"

#include <QIcon>

namespace as::ui {

void initResources(); // registers the icon and translation resources of the static as_ui library

QIcon appIcon();
QIcon trayIcon(TrayState state);
QIcon actionIcon(const char* name); // ":/icons/<name>.svg", the theme's icon of that name first

} // namespace as::ui
