#include "ui/Autostart.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>

namespace as::ui {
namespace {
// Desktop Entry Exec quoting: wrap in double quotes, escape ", `, $ and \.
QString quoteArg(const QString& a)
{
    QString out;
    for (QChar c : a) {
        if (c == u'"' || c == u'`' || c == u'$' || c == u'\\')
            out += u'\\';
        out += c;
    }
    return u'"' + out + u'"';
}
} // namespace

Autostart::Autostart(QString autostartDir) : m_dir(std::move(autostartDir)) {}

QString Autostart::defaultDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + QStringLiteral("/autostart");
}

QString Autostart::entryPath() const { return QDir(m_dir).filePath(QStringLiteral("amazingstore.desktop")); }

bool Autostart::isEnabled() const { return QFile::exists(entryPath()); }

bool Autostart::setEnabled(bool enabled, const QString& program, const QString& profileDir)
{
    if (!enabled)
        return !QFile::exists(entryPath()) || QFile::remove(entryPath());
    QString exec = quoteArg(program);
    if (!profileDir.isEmpty())
        exec += QStringLiteral(" --profile ") + quoteArg(profileDir);
    const QString entry = QStringLiteral("[Desktop Entry]\n"
                                         "Type=Application\n"
                                         "Name=AmazingStore\n"
                                         "Comment=Encrypted storage and sharing (tray)\n"
                                         "Exec=%1\n"
                                         "Icon=amazingstore\n"
                                         "Terminal=false\n"
                                         "X-GNOME-Autostart-enabled=true\n")
                              .arg(exec);
    QDir().mkpath(m_dir);
    QSaveFile f(entryPath());
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write(entry.toUtf8());
    return f.commit();
}

} // namespace as::ui
