#pragma once
// Changes made at a standby during an outage and their hand-back to the DC (docs/outage.md "Hand-back").
// A standby keeps each registration and deletion as the user's own signed request; when the DC answers again
// it posts them to POST /api/v1/master/merge, where the DC checks each user's signature and applies them
// idempotently (objects are immutable, a registration already known changes nothing, deletions win).

#include "core/util/Result.h"

#include <QString>

namespace httplib {
struct Request;
}

namespace as::server {

struct DcContext;

// At a standby: keeps the (already authenticated) signed request `req` for the hand-back.
Status recordOutageChange(DcContext& ctx, const httplib::Request& req);

// At a standby's start: the outage uploads it accepted and has not handed back yet (kept as signed
// registrations) are planned without a DC copy again, as when they were registered (a restarted standby
// forgot them and planned their groups with the hybrid count).
Status restoreOutageUploads(DcContext& ctx);

// At the DC: whether `objectId` was registered by a hand-back (uploaded during an outage). Peers' claims on
// such an object are accepted: the group a standby placed is adopted, then kept to the DC's count.
bool isOutageUpload(DcContext& ctx, const QString& objectId);

} // namespace as::server
