#include "core/state/States.h"

#include <array>
#include <utility>

namespace as::state {
namespace {

template <class E, size_t N>
QString nameOf(const std::array<std::pair<E, const char*>, N>& names, E value)
{
    for (const auto& [v, n] : names)
        if (v == value)
            return QString::fromLatin1(n);
    return {};
}

template <class E, size_t N>
std::optional<E> valueOf(const std::array<std::pair<E, const char*>, N>& names, const QString& text)
{
    for (const auto& [v, n] : names)
        if (text == QLatin1String(n))
            return v;
    return std::nullopt;
}

constexpr std::array<std::pair<ObjectState, const char*>, 2> kObjectStates{{
    {ObjectState::Uploading, "uploading"},
    {ObjectState::Available, "available"},
}};
constexpr std::array<std::pair<UploadStage, const char*>, 7> kUploadStages{{
    {UploadStage::Queued, "queued"},
    {UploadStage::Encrypted, "encrypted"},
    {UploadStage::Hashed, "hashed"},
    {UploadStage::Registered, "registered"},
    {UploadStage::Uploaded, "uploaded"},
    {UploadStage::Done, "done"},
    {UploadStage::Failed, "failed"},
}};
constexpr std::array<std::pair<ReplicaState, const char*>, 2> kReplicaStates{{
    {ReplicaState::Downloading, "downloading"},
    {ReplicaState::Held, "held"},
}};

} // namespace

QString stateName(ObjectState state) { return nameOf(kObjectStates, state); }
QString stageName(UploadStage stage) { return nameOf(kUploadStages, stage); }
QString stateName(ReplicaState state) { return nameOf(kReplicaStates, state); }
std::optional<ObjectState> objectStateFromName(const QString& name) { return valueOf(kObjectStates, name); }
std::optional<UploadStage> uploadStageFromName(const QString& name) { return valueOf(kUploadStages, name); }
std::optional<ReplicaState> replicaStateFromName(const QString& name) { return valueOf(kReplicaStates, name); }

} // namespace as::state
