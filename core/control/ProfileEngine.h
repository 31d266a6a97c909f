#pragma once
// The one start-up rule both front ends follow (docs/design.md §5 "Control"): take the profile's lock and run
// the engine in this process, or, when a live process holds it, drive that process's engine over the
// control socket. The caller decides how to host its own engine (the CLI on its main thread, the tray app
// on an engine thread); this decides which of the two it gets.

#include "core/control/ProfileLock.h"
#include "core/control/RemoteEngine.h"
#include "core/util/Result.h"

#include <QString>

#include <memory>

namespace as::control {

struct ProfileEngine {
    std::unique_ptr<ProfileLock> lock;     // set: this process runs the engine (keep it for its lifetime)
    std::unique_ptr<RemoteEngine> remote;  // set: another process does, connected to its control socket
    qint64 holderPid = 0;                  // that process, when known

    bool isLocal() const { return lock != nullptr; }
};

// Errors: the lock file cannot be made, or the holder does not answer on its control socket.
Result<ProfileEngine> attachToProfile(const QString& profileDir);

} // namespace as::control
