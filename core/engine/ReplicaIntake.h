#pragma once
// The daemon's capacity logic (docs/design.md §5 "Contribution"): whether a replica the DC assigns is taken.
// It reads the profile through ReplicaBook, the few questions it asks of the store, so it is unit-tested
// with an in-memory book (tests/engine/tst_engine_decisions.cpp); the daemon uses StoreReplicaBook.

#include "core/state/Store.h"

#include <QString>

#include <functional>
#include <optional>

namespace as::engine {

struct DiskSpace {
    qint64 freeBytes = 0; // what this process may still write
    qint64 totalBytes = 0;
};

// Free space a contribution never takes: 5 % of the volume, at least 1 GB (docs/node.md "Contribution and a
// full disk"). The user's own files come first.
qint64 diskReserveBytes(const DiskSpace& disk);

// What the node can really take: the configured capacity, less what the disk cannot hold beyond the reserve.
// Reported to the DC in heartbeats, so it stops assigning before the disk fills.
qint64 usableCapacityBytes(qint64 capacityBytes, qint64 replicaBytes, const std::optional<DiskSpace>& disk);

class ReplicaBook {
public:
    virtual ~ReplicaBook() = default;
    virtual bool ownsObject(const QString& objectId) const = 0; // one of my own objects
    virtual std::optional<state::ReplicaRecord> replica(const QString& objectId) const = 0;
    virtual qint64 replicaBytes() const = 0; // held and being fetched
    virtual qint64 capacityBytes() const = 0; // what the user contributes
    virtual std::optional<DiskSpace> disk() const = 0; // the volume new replicas go to; nullopt if unknown
};

// The space of the volume that holds `dir`; nullopt if unknown.
using DiskOf = std::function<std::optional<DiskSpace>(const QString& dir)>;
std::optional<DiskSpace> volumeSpace(const QString& dir);

// The profile store as a ReplicaBook: the daemon's default. `diskOf` measures the replicas' volume
// (volumeSpace when empty; a test gives a disk of the size it needs).
class StoreReplicaBook final : public ReplicaBook {
public:
    StoreReplicaBook(const state::Store& store, QString replicasDir, DiskOf diskOf = {})
        : m_store(store)
        , m_replicasDir(std::move(replicasDir))
        , m_diskOf(std::move(diskOf))
    { }
    bool ownsObject(const QString& objectId) const override;
    std::optional<state::ReplicaRecord> replica(const QString& objectId) const override;
    qint64 replicaBytes() const override;
    qint64 capacityBytes() const override;
    std::optional<DiskSpace> disk() const override;

private:
    const state::Store& m_store;
    QString m_replicasDir;
    DiskOf m_diskOf;
};

enum class Intake {
    Take,
    AlreadyFetching, // a job for it runs
    OwnObject,       // my own upload: seeded anyway, never counted as a replica
    AlreadyHeld,
    BadSize,         // the DC named no positive size
    NoRoom,          // held + being fetched + this would exceed the capacity
    DiskFull,        // within the capacity, but the disk would keep less than its reserve free
};

// Capacity counts what is held and what is being fetched (records in "downloading"); a record of this very
// object (an earlier fetch that did not finish) is not counted twice.
Intake judgeAssignment(const ReplicaBook& book, const QString& objectId, qint64 size, bool fetching);

} // namespace as::engine
