#include "core/engine/ReplicaIntake.h"

#include "core/state/Settings.h"

namespace as::engine {

bool StoreReplicaBook::ownsObject(const QString& objectId) const { return m_store.object(objectId).has_value(); }

std::optional<state::ReplicaRecord> StoreReplicaBook::replica(const QString& objectId) const
{
    return m_store.replica(objectId);
}

qint64 StoreReplicaBook::replicaBytes() const { return m_store.replicaBytes(); }

qint64 StoreReplicaBook::capacityBytes() const { return state::loadSettings(m_store).capacityBytes; }

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
    return used + size > book.capacityBytes() ? Intake::NoRoom : Intake::Take;
}

} // namespace as::engine
