#pragma once
// Sharing to a named user at the DC (docs/sharing.md "Sharing to a named user"; routes in core/protocol/Grants.h).

#include "server/http/Http.h"

namespace as::server {

// The owner of `objectId` when it is shared with `user`; NotFound otherwise. ownedObject uses it to answer a
// recipient's delete or link request with 403 and who owns the file.
Result<QString> grantOwnerFor(DcContext& ctx, const QString& objectId, const QString& user);

void registerGrantRoutes(Router& r);

} // namespace as::server
