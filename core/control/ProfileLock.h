#pragma once
// One engine per profile (docs/design.md §5 "Control"): whoever holds <profile>/engine.lock runs the engine and
// serves the control socket; everyone else hands commands to it. A lock left by a crashed process is
// taken over (QLockFile checks whether its pid is still alive).

#include "core/util/Result.h"

#include <QString>

#include <memory>

class QLockFile;

namespace as::control {

class ProfileLock {
public:
    ~ProfileLock();
    // The lock, or nullptr when another live process holds it (its pid in `holderPid` if known).
    // An error only when the lock file cannot be created at all.
    static Result<std::unique_ptr<ProfileLock>> tryAcquire(const QString& profileDir, qint64* holderPid = nullptr);

private:
    explicit ProfileLock(std::unique_ptr<QLockFile> lock);
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace as::control
