#include "ui/Format.h"

#include "core/util/Units.h"

#include <QLocale>

namespace as::ui {

QString Format::bytes(qint64 bytes)
{
    // The one convention of every front end (core/util/Units.h): decimal SI units as Linux file managers show
    // them, "1 B", "20.0 kB", "98.7 MB", so the tray says what the CLI says.
    return util::formatBytes(bytes);
}

QString Format::rate(double bytesPerSecond)
{
    return tr("%1/s").arg(bytes(qint64(bytesPerSecond)));
}

QString Format::eta(qint64 seconds)
{
    if (seconds < 0)
        return QStringLiteral("—");
    if (seconds < 60)
        return tr("%n s", nullptr, int(seconds));
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    if (seconds < 86400)
        return tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
    return tr("%n day(s)", nullptr, int(seconds / 86400));
}

QString Format::stage(const QString& s)
{
    if (s == QLatin1String("queued")) return tr("Queued");
    if (s == QLatin1String("encrypting")) return tr("Encrypting");
    if (s == QLatin1String("hashing")) return tr("Hashing");
    if (s == QLatin1String("registering")) return tr("Registering");
    if (s == QLatin1String("uploading")) return tr("Uploading to data center");
    if (s == QLatin1String("waiting-dc")) return tr("Waiting for the data center");
    if (s == QLatin1String("replicating")) return tr("Replicating to peers");
    if (s == QLatin1String("downloading")) return tr("Downloading");
    if (s == QLatin1String("caching")) return tr("Keeping the torrent");
    if (s == QLatin1String("verifying")) return tr("Verifying");
    if (s == QLatin1String("decrypting")) return tr("Decrypting");
    if (s == QLatin1String("seeding")) return tr("Seeding");
    if (s == QLatin1String("done")) return tr("Done");
    if (s == QLatin1String("failed")) return tr("Failed");
    return s;
}

QString Format::objectState(const QString& s)
{
    if (s == QLatin1String("encrypting")) return tr("Encrypting");
    if (s == QLatin1String("uploading")) return tr("Uploading");
    if (s == QLatin1String("available")) return tr("Available");
    if (s == QLatin1String("failed")) return tr("Failed");
    return s;
}

QString Format::percent(double fraction)
{
    return tr("%1 %").arg(QLocale().toString(fraction * 100.0, 'f', 1));
}

} // namespace as::ui
