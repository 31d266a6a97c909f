#pragma once
// The app's SVG icons (resources/amazingstore.qrc); SVG stays crisp at any device pixel ratio.

#include "ui/ServiceStatus.h"

#include <QIcon>

namespace as::ui {

void initResources(); // registers the icon and translation resources of the static as_ui library

QIcon appIcon();
QIcon trayIcon(TrayState state);
// ":/icons/<name>.svg", its neutral grey painted in the palette's text colour (light and dark palettes).
QIcon actionIcon(const char* name);

} // namespace as::ui
