#pragma once
// Revocable share links at the DC (docs/sharing.md): a link id stands for one grant of one object, valid until
// it expires or its owner revokes it. The share page (/s/{link}) and its bytes (/s/{link}/data) check it on
// every request; so does the app's resolution (GET /api/v1/links/{link}).

#include "server/http/Http.h"

#include "core/protocol/Links.h"

namespace as::server {

struct ValidLink {
    protocol::LinkInfo link;
    ObjectRecord object;
};

// The link and its object while the link works. NotFound for an unknown link or a deleted object; `gone` is
// set (answer 410) when the link expired or was revoked, with a detail a person can read.
struct LinkCheck {
    Result<ValidLink> valid;
    bool gone = false;
};
LinkCheck checkLink(DcContext& ctx, const QString& linkId);

// Answers a failed check as problem+json (404, or 410 for an expired or revoked link).
void sendLinkProblem(httplib::Response& res, const LinkCheck& check);

// The ids of `held` whose objects their owners deleted (a re-key deletes the old object): the heartbeat
// answer tells the node to drop those replicas. Only ids that were not `accepted` (a deleted object's
// holdings go with it) or that the planner still has assigned to the peer are looked up.
QStringList deletedAmong(DcContext& ctx, const QString& peerId, const QStringList& held, const QStringList& accepted);

void registerShareLinkRoutes(Router& r);
// At a standby master: only the resolution (valid links answer, expired or revoked ones are 410).
void registerStandbyLinkRoutes(Router& r);

} // namespace as::server
