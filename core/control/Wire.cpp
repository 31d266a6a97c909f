#include "core/control/Wire.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QList>

namespace as::control {

QString socketPath(const QString& profileDir)
{
    const QString abs = QFileInfo(profileDir).absoluteFilePath();
    const QString inProfile = QDir(abs).filePath(QStringLiteral("control.sock"));
    // Unix socket paths are limited to ~107 bytes; long profile paths use a hashed name in the temp folder.
    if (inProfile.toUtf8().size() < 100)
        return inProfile;
    const QByteArray h = QCryptographicHash::hash(abs.toUtf8(), QCryptographicHash::Sha256).toHex().left(24);
    return QDir::temp().filePath(QStringLiteral("amazingstore-") + QString::fromLatin1(h) + QStringLiteral(".sock"));
}

QByteArray encodeFrame(const QJsonObject& frame)
{
    return QJsonDocument(frame).toJson(QJsonDocument::Compact) + '\n';
}

QList<std::optional<QJsonObject>> takeFrames(QByteArray& buffer)
{
    QList<std::optional<QJsonObject>> out;
    qsizetype nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
        const QByteArray line = buffer.left(nl);
        buffer.remove(0, nl + 1);
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
        if (err.error != QJsonParseError::NoError || !doc.isObject())
            out.append(std::nullopt);
        else
            out.append(doc.object());
    }
    return out;
}

} // namespace as::control
