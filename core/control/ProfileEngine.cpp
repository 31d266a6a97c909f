#include "core/control/ProfileEngine.h"

namespace as::control {

Result<ProfileEngine> attachToProfile(const QString& profileDir)
{
    ProfileEngine attached;
    auto acquired = ProfileLock::tryAcquire(profileDir, &attached.holderPid);
    if (!acquired)
        return acquired.error();
    if (*acquired) {
        attached.lock = std::move(*acquired);
        return attached;
    }
    attached.remote = std::make_unique<RemoteEngine>();
    if (const Status s = attached.remote->connectTo(profileDir); !s)
        return Error{s.error().code,
                     QStringLiteral("the profile is in use by process %1, which does not answer: %2")
                         .arg(attached.holderPid)
                         .arg(s.error().message)};
    return attached;
}

} // namespace as::control
