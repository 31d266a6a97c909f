#pragma once
// Ciphertext blobs under DATA/blobs/ab/cd/<id> and upload partials under DATA/partial/<id>.part. Ids are
// validated (isValidId) before they become part of a path, so nothing outside the data folder can be named.
// Publishing is atomic: the complete, verified partial is fsync'd and renamed into the blob tree, and the
// directory is fsync'd, so a crash leaves either no blob or the whole blob.

#include "core/util/Result.h"

#include <QString>

namespace as::server {

class BlobStore {
public:
    static Result<BlobStore> open(const QString& dataDir);

    QString blobPath(const QString& id) const; // empty for an invalid id
    QString partialPath(const QString& id) const; // empty for an invalid id

    // Creates the sparse partial file of `size` bytes if absent.
    Status preparePartial(const QString& id, qint64 size);
    // Opens the partial for writing parts (returns an fd the caller closes).
    Result<int> openPartialForWrite(const QString& id);
    Status publish(const QString& id);
    bool hasBlob(const QString& id) const;
    // Opens a published blob for reading: fd (caller closes) and size.
    Result<std::pair<int, qint64>> openBlob(const QString& id) const;
    void remove(const QString& id); // blob and partial, if present

private:
    explicit BlobStore(QString root)
        : m_root(std::move(root))
    { }
    QString m_root;
};

// pwrite()s all of `data` at `offset`, retrying short writes and EINTR.
Status writeAllAt(int fd, const char* data, size_t size, qint64 offset);
Status syncFd(int fd);

} // namespace as::server
