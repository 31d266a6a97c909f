#include "core/control/ProfileLock.h"

#include <QDir>
#include <QFile>
#include <QLockFile>

namespace as::control {

ProfileLock::ProfileLock(std::unique_ptr<QLockFile> lock) : m_lock(std::move(lock)) {}
ProfileLock::~ProfileLock() = default;

Result<std::unique_ptr<ProfileLock>> ProfileLock::tryAcquire(const QString& profileDir, qint64* holderPid)
{
    if (!QDir().mkpath(profileDir))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create the profile folder %1").arg(profileDir));
    QFile::setPermissions(profileDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    auto lock = std::make_unique<QLockFile>(QDir(profileDir).filePath(QStringLiteral("engine.lock")));
    lock->setStaleLockTime(0); // never stale by age: only a dead holder frees it
    if (lock->tryLock(0))
        return std::unique_ptr<ProfileLock>(new ProfileLock(std::move(lock)));
    if (lock->error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host, app;
        if (lock->getLockInfo(&pid, &host, &app) && holderPid)
            *holderPid = pid;
        return std::unique_ptr<ProfileLock>();
    }
    return makeError(ErrorCode::Io, QStringLiteral("cannot lock the profile %1").arg(profileDir));
}

} // namespace as::control
