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

QString Format::stage(TransferStage s)
{
    switch (s) {
    case TransferStage::Queued: return tr("Queued");
    case TransferStage::Encrypting: return tr("Encrypting");
    case TransferStage::Hashing: return tr("Hashing");
    case TransferStage::Registering: return tr("Registering");
    case TransferStage::Uploading: return tr("Uploading to data center");
    case TransferStage::WaitingDc: return tr("Waiting for the data center");
    case TransferStage::Replicating: return tr("Replicating to peers");
    case TransferStage::Downloading: return tr("Downloading");
    case TransferStage::Caching: return tr("Keeping the torrent");
    case TransferStage::Verifying: return tr("Verifying");
    case TransferStage::Decrypting: return tr("Decrypting");
    case TransferStage::Seeding: return tr("Seeding");
    case TransferStage::Done: return tr("Done");
    case TransferStage::Failed: return tr("Failed");
    case TransferStage::Checking:
    case TransferStage::Paused:
    case TransferStage::Error: break;
    }
    return stageName(s); // torrent states of `transfers`, which no view shows
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
