#include "core/state/States.h"

#include "core/util/EnumNames.h"

namespace as::state {
namespace {

using util::EnumNames;
using util::nameOf;
using util::valueOf;

constexpr EnumNames<ObjectState, 2> kObjectStates{{
    {ObjectState::Uploading, "uploading"},
    {ObjectState::Available, "available"},
}};
constexpr EnumNames<UploadStage, 7> kUploadStages{{
    {UploadStage::Queued, "queued"},
    {UploadStage::Encrypted, "encrypted"},
    {UploadStage::Hashed, "hashed"},
    {UploadStage::Registered, "registered"},
    {UploadStage::Uploaded, "uploaded"},
    {UploadStage::Done, "done"},
    {UploadStage::Failed, "failed"},
}};
constexpr EnumNames<ReplicaState, 2> kReplicaStates{{
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
