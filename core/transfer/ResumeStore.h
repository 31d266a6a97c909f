#pragma once
// A folder of libtorrent resume files, one `<id>.resume` per torrent, each written atomically (temp file,
// fsync, rename via QSaveFile) so that a crash leaves either the old or the new file, never half of one.
// No libtorrent here: the bytes are opaque to this class.

#include "core/util/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace as::transfer {

class ResumeStore {
public:
    explicit ResumeStore(QString dir);

    const QString& dir() const { return m_dir; }
    bool enabled() const { return !m_dir.isEmpty(); }

    Status ensureDir() const;
    // `id` must be 64 (v2) or 40 (v1-only) lowercase hex; anything else is refused before it names a file.
    Status write(const QString& id, const QByteArray& data) const;
    Result<QByteArray> read(const QString& id) const;
    Status remove(const QString& id) const;
    // Ids of the well-named resume files present, sorted.
    QStringList ids() const;

    static bool isValidTorrentId(QStringView id);

private:
    QString path(const QString& id) const;
    QString m_dir;
};

} // namespace as::transfer
