#pragma once
// The states the profile records, as enums: the engine compares these, never their text. The text is what
// the profile database stores and what --json shows (ObjectInfo::state); it is made only at those edges
// (Store.cpp, the engine's JSON replies) by the functions below.

#include <QString>

#include <optional>

namespace as::state {

// One of my objects (objects.state).
enum class ObjectState { Uploading, Available };
// One file's way through the upload pipeline (uploads.stage), in order; the stage is saved after each step
// so that a restart resumes from it. Encrypted is only read (profiles of older versions).
enum class UploadStage { Queued, Encrypted, Hashed, Registered, Uploaded, Done, Failed };
// A replica this node keeps for others (replicas.state).
enum class ReplicaState { Downloading, Held };

QString stateName(ObjectState state);     // "uploading" | "available"
QString stageName(UploadStage stage);     // "queued" | "encrypted" | "hashed" | "registered" | "uploaded" | "done" | "failed"
QString stateName(ReplicaState state);    // "downloading" | "held"
// nullopt for text no version wrote (a damaged profile): the caller says what that means.
std::optional<ObjectState> objectStateFromName(const QString& name);
std::optional<UploadStage> uploadStageFromName(const QString& name);
std::optional<ReplicaState> replicaStateFromName(const QString& name);

} // namespace as::state
