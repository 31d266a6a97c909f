#include "server/store/BlobStore.h"

#include "core/util/Ids.h"

#include <QDir>
#include <QFile>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace as::server {
using namespace Qt::Literals::StringLiterals;

namespace {

Error ioError(const QString& what)
{
    return makeError(ErrorCode::Io, u"%1: %2"_s.arg(what, QString::fromLocal8Bit(std::strerror(errno))));
}

Status syncDir(const QString& dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return ioError(u"open directory"_s);
    const int rc = ::fsync(fd);
    ::close(fd);
    return rc == 0 ? Status() : Status(ioError(u"fsync directory"_s));
}

} // namespace

Status writeAllAt(int fd, const char* data, size_t size, qint64 offset)
{
    while (size > 0) {
        const ssize_t n = ::pwrite(fd, data, size, off_t(offset));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return ioError(u"write"_s);
        }
        data += n;
        size -= size_t(n);
        offset += n;
    }
    return {};
}

Status syncFd(int fd)
{
    return ::fsync(fd) == 0 ? Status() : Status(ioError(u"fsync"_s));
}

Result<BlobStore> BlobStore::open(const QString& dataDir)
{
    QDir d(dataDir);
    if (!d.mkpath(u"blobs"_s) || !d.mkpath(u"partial"_s))
        return makeError(ErrorCode::Io, u"cannot create blobs/ and partial/ under %1"_s.arg(dataDir));
    return BlobStore(d.absolutePath());
}

QString BlobStore::blobPath(const QString& id) const
{
    if (!isValidId(id))
        return {};
    return u"%1/blobs/%2/%3/%4"_s.arg(m_root, id.left(2), id.mid(2, 2), id);
}

QString BlobStore::partialPath(const QString& id) const
{
    if (!isValidId(id))
        return {};
    return u"%1/partial/%2.part"_s.arg(m_root, id);
}

Status BlobStore::preparePartial(const QString& id, qint64 size)
{
    const QString path = partialPath(id);
    if (path.isEmpty())
        return makeError(ErrorCode::InvalidArgument, u"invalid id"_s);
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return ioError(u"create partial"_s);
    struct stat st { };
    Status result;
    if (::fstat(fd, &st) != 0)
        result = ioError(u"stat partial"_s);
    else if (st.st_size != size && ::ftruncate(fd, off_t(size)) != 0)
        result = ioError(u"size partial"_s);
    else
        result = syncFd(fd);
    ::close(fd);
    if (result)
        result = syncDir(m_root + u"/partial"_s);
    return result;
}

Result<int> BlobStore::openPartialForWrite(const QString& id)
{
    const QString path = partialPath(id);
    if (path.isEmpty())
        return makeError(ErrorCode::InvalidArgument, u"invalid id"_s);
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return ioError(u"open partial"_s);
    return fd;
}

Status BlobStore::publish(const QString& id)
{
    const QString from = partialPath(id), to = blobPath(id);
    if (from.isEmpty())
        return makeError(ErrorCode::InvalidArgument, u"invalid id"_s);
    const int fd = ::open(QFile::encodeName(from).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ioError(u"open partial"_s);
    Status synced = syncFd(fd);
    ::close(fd);
    if (!synced)
        return synced;
    const QString dir = QFileInfo(to).absolutePath();
    if (!QDir().mkpath(dir))
        return makeError(ErrorCode::Io, u"cannot create blob directory"_s);
    if (::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0)
        return ioError(u"rename into blob tree"_s);
    if (Status s = syncDir(dir); !s)
        return s;
    return syncDir(m_root + u"/partial"_s);
}

bool BlobStore::hasBlob(const QString& id) const
{
    const QString p = blobPath(id);
    return !p.isEmpty() && QFileInfo::exists(p);
}

Result<std::pair<int, qint64>> BlobStore::openBlob(const QString& id) const
{
    const QString path = blobPath(id);
    if (path.isEmpty())
        return makeError(ErrorCode::InvalidArgument, u"invalid id"_s);
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? Error { ErrorCode::NotFound, u"blob missing"_s } : ioError(u"open blob"_s);
    struct stat st { };
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        return ioError(u"stat blob"_s);
    }
    return std::pair<int, qint64> { fd, qint64(st.st_size) };
}

void BlobStore::remove(const QString& id)
{
    for (const QString& p : { blobPath(id), partialPath(id) })
        if (!p.isEmpty())
            ::unlink(QFile::encodeName(p).constData());
}

} // namespace as::server
