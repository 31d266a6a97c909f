#pragma once
// The daemon's capacity logic (docs/design.md §5 "Contribution"): whether a replica the DC assigns is taken.
// It reads the profile through ReplicaBook, the few questions it asks of the store, so it is unit-tested
// with an in-memory book (tests/engine/tst_engine_decisions.cpp); the daemon uses StoreReplicaBook.

#include "core/state/Store.h"

#include <QString>

#include <optional>

namespace as::engine {

class ReplicaBook {
public:
    virtual ~ReplicaBook() = default;
    virtual bool ownsObject(const QString& objectId) const = 0; // one of my own objects
    virtual std::optional<state::ReplicaRecord> replica(const QString& objectId) const = 0;
    virtual qint64 replicaBytes() const = 0; // held and being fetched
    virtual qint64 capacityBytes() const = 0; // what the user contributes
};

// The profile store as a ReplicaBook: the daemon's default.
class StoreReplicaBook final : public ReplicaBook {
public:
    explicit StoreReplicaBook(const state::Store& store) : m_store(store) {}
    bool ownsObject(const QString& objectId) const override;
    std::optional<state::ReplicaRecord> replica(const QString& objectId) const override;
    qint64 replicaBytes() const override;
    qint64 capacityBytes() const override;

private:
    const state::Store& m_store;
};

enum class Intake {
    Take,
    AlreadyFetching, // a job for it runs
    OwnObject,       // my own upload: seeded anyway, never counted as a replica
    AlreadyHeld,
    BadSize,         // the DC named no positive size
    NoRoom,          // held + being fetched + this would exceed the capacity
};

// Capacity counts what is held and what is being fetched (records in "downloading"); a record of this very
// object (an earlier fetch that did not finish) is not counted twice.
Intake judgeAssignment(const ReplicaBook& book, const QString& objectId, qint64 size, bool fetching);

} // namespace as::engine
