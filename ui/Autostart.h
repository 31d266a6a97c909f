#pragma once
// "Start at login": an XDG autostart entry (~/.config/autostart/amazingstore.desktop, honouring
// $XDG_CONFIG_HOME) that starts the tray app with this profile.

#include <QString>

namespace as::ui {

class Autostart {
public:
    // autostartDir: normally defaultDir(); tests pass a temporary folder.
    explicit Autostart(QString autostartDir = defaultDir());

    static QString defaultDir();
    QString entryPath() const;
    bool isEnabled() const;
    // program: absolute path of the executable; profileDir empty = the default profile.
    bool setEnabled(bool enabled, const QString& program, const QString& profileDir);

private:
    QString m_dir;
};

} // namespace as::ui
