#include "core/engine/ReplicaIntake.h"

#include "core/state/Settings.h"

#include <QDir>
#include <QFileInfo>
#include <QStorageInfo>
#include <algorithm>

namespace as::engine {

bool StoreReplicaBook::ownsObject(const QString& objectId) const { return m_store.object(objectId).has_value(); }

std::optional<state::ReplicaRecord> StoreReplicaBook::replica(const QString& objectId) const
{
    return m_store.replica(objectId);
}

qint64 StoreReplicaBook::replicaBytes() const { return m_store.replicaBytes(); }

qint64 StoreReplicaBook::capacityBytes() const { return state::loadSettings(m_store).capacityBytes; }

std::optional<DiskSpace> StoreReplicaBook::disk() const
{
    return m_diskOf ? m_diskOf(m_replicasDir) : volumeSpace(m_replicasDir);
}

std::optional<DiskSpace> volumeSpace(const QString& path)
{
    // The folder may not exist yet: its nearest existing parent is on the same volume.
    QFileInfo dir(path);
    while (!dir.exists() && !dir.isRoot() && dir.absolutePath() != dir.absoluteFilePath())
        dir = QFileInfo(dir.absolutePath());
    const QStorageInfo storage(dir.absoluteFilePath());
    if (!storage.isValid() || storage.bytesAvailable() < 0 || storage.bytesTotal() <= 0)
        return std::nullopt;
    return DiskSpace { storage.bytesAvailable(), storage.bytesTotal() };
}

qint64 diskReserveBytes(const DiskSpace& disk)
{
    constexpr qint64 kMinReserve = 1000LL * 1000 * 1000;
    return std::max(kMinReserve, disk.totalBytes / 20);
}

qint64 usableCapacityBytes(qint64 capacityBytes, qint64 replicaBytes, const std::optional<DiskSpace>& disk)
{
    if (!disk)
        return capacityBytes;
    const qint64 roomOnDisk = std::max<qint64>(0, disk->freeBytes - diskReserveBytes(*disk));
    return std::clamp<qint64>(replicaBytes + roomOnDisk, 0, capacityBytes);
}

Intake judgeAssignment(const ReplicaBook& book, const QString& objectId, qint64 size, bool fetching)
{
    if (fetching)
        return Intake::AlreadyFetching;
    if (book.ownsObject(objectId))
        return Intake::OwnObject;
    const auto existing = book.replica(objectId);
    if (existing && existing->state == state::ReplicaState::Held)
        return Intake::AlreadyHeld;
    if (size <= 0)
        return Intake::BadSize;
    const qint64 used = book.replicaBytes() - (existing ? existing->size : 0);
    if (used + size > book.capacityBytes())
        return Intake::NoRoom;
    // Judged against what is free now: replicas still being fetched may not have written their bytes yet, and
    // the reserve (at least 1 GB) absorbs them.
    if (const auto disk = book.disk(); disk && size > disk->freeBytes - diskReserveBytes(*disk))
        return Intake::DiskFull;
    return Intake::Take;
}

} // namespace as::engine
