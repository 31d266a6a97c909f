#include "core/transfer/ResumeStore.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

namespace as::transfer {

namespace {
const QLatin1String kSuffix(".resume");
}

ResumeStore::ResumeStore(QString dir)
    : m_dir(std::move(dir))
{ }

bool ResumeStore::isValidTorrentId(QStringView id)
{
    if (id.size() != 64 && id.size() != 40)
        return false;
    for (QChar c : id) {
        const bool hex = (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f');
        if (!hex)
            return false;
    }
    return true;
}

QString ResumeStore::path(const QString& id) const
{
    return QDir(m_dir).filePath(id + kSuffix);
}

Status ResumeStore::ensureDir() const
{
    if (!enabled())
        return Status::success();
    if (!QDir().mkpath(m_dir))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create resume folder %1").arg(m_dir));
    return Status::success();
}

Status ResumeStore::write(const QString& id, const QByteArray& data) const
{
    if (!enabled())
        return Status::success();
    if (!isValidTorrentId(id))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("bad torrent id"));
    QSaveFile file(path(id)); // temp file + fsync + rename on commit()
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString()));
    return Status::success();
}

Result<QByteArray> ResumeStore::read(const QString& id) const
{
    if (!isValidTorrentId(id))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("bad torrent id"));
    QFile file(path(id));
    if (!file.exists())
        return makeError(ErrorCode::NotFound, QStringLiteral("no resume data for %1").arg(id));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
    return file.readAll();
}

Status ResumeStore::remove(const QString& id) const
{
    if (!enabled())
        return Status::success();
    if (!isValidTorrentId(id))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("bad torrent id"));
    QFile file(path(id));
    if (file.exists() && !file.remove())
        return makeError(ErrorCode::Io, QStringLiteral("cannot remove %1").arg(file.fileName()));
    return Status::success();
}

QStringList ResumeStore::ids() const
{
    QStringList out;
    if (!enabled())
        return out;
    const QStringList names = QDir(m_dir).entryList({ QStringLiteral("*.resume") }, QDir::Files, QDir::Name);
    for (const QString& name : names) {
        const QString id = name.chopped(kSuffix.size());
        if (isValidTorrentId(id))
            out.append(id);
    }
    return out;
}

} // namespace as::transfer
