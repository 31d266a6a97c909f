#pragma once
// Availability from online sessions (docs/design.md §6 "Measurement"): the fraction of a sliding window during which a
// peer (or the DC itself) was online. Pure functions; time is passed in.

#include "core/policy/AvailabilityModel.h"
#include "core/protocol/Peers.h"

namespace as::server {

// Online fraction over [max(now - window, firstSeen), now]. A session still open (its end within `grace` of
// now) counts as lasting until now. A peer seen for the first time just now is 1.0.
double onlineFraction(
    const QList<protocol::Session>& sessions, qint64 firstSeen, qint64 now, qint64 window, qint64 grace);

// What the replication policy uses: the online fraction over the same span with the newcomer prior
// (policy::withNewcomerPrior) in the detector's time (`timeScale` simulated seconds per real second); the
// fraction alone when the prior is worth nothing.
double measuredAvailability(const QList<protocol::Session>& sessions, qint64 firstSeen, qint64 now, qint64 window,
    qint64 grace, double timeScale, policy::NewcomerPrior prior);

} // namespace as::server
