#pragma once
// Shared by Objects.cpp and Upload.cpp: the caller's object and its protocol view.

#include "core/protocol/Objects.h"
#include "server/DcContext.h"
#include "server/http/Http.h"

namespace as::server {

// detail: include "missing" ranges and "holders".
protocol::ObjectInfo toInfo(DcContext& ctx, const ObjectRecord& o, bool detail);
// The caller's object, or NotFound — also for another account's object, so others' ids cannot be probed.
Result<ObjectRecord> ownedObject(DcContext& ctx, const QString& user, const QString& id);

// The opening of the routes only an object's owner may use: authenticate, the path's object id, the caller's
// object (unauthorized before not found, as authenticatedId).
struct OwnedObject {
    QString user;
    ObjectRecord object;
};
Result<OwnedObject> authenticatedOwner(DcContext& ctx, const httplib::Request& req);

// Registration and deletion as the routes do them, also for changes merged from standbys (docs/outage.md).
struct Registered {
    ObjectRecord object;
    bool created = false; // false: the same owner registered the same torrent before (idempotent)
};
Result<Registered> registerObjectFor(DcContext& ctx, const QString& user, const protocol::ObjectRegister& body);
Status deleteObjectFor(DcContext& ctx, const QString& user, const QString& id);

} // namespace as::server
