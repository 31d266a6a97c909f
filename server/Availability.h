#pragma once
// Availability from online sessions (docs/design.md §6 "Measurement"): the fraction of a sliding window during which a
// peer (or the DC itself) was online. Pure functions; time is passed in.

#include "core/policy/AvailabilityModel.h"
#include "core/protocol/Peers.h"

namespace as::server {

// Online fraction over [max(now - window, firstSeen), now], leaving out the spans in `unheard` (sorted, not
// overlapping: when the DC itself was down and could hear nobody). A session still open (its end within
// `grace` of now) counts as lasting until now. A peer seen for the first time just now is 1.0.
double onlineFraction(const QList<protocol::Session>& sessions, qint64 firstSeen, qint64 now, qint64 window,
    qint64 grace, const QList<protocol::Session>& unheard = {});

// When the DC heard nobody since `since`: the gaps between its recorded runs (`dc_runs`, oldest first), and the
// time from `since` to the first run it still has. None at a standby, which records no runs.
QList<protocol::Session> downtimeOf(const QList<protocol::Session>& runs, qint64 since);

// How the DC watched its peers, for their measured figures (docs/replication.md "Measured availability").
struct Watching {
    qint64 now = 0;
    qint64 window = 0;
    qint64 grace = 0;
    double timeScale = 1; // detector seconds per real second
    policy::NewcomerPrior prior { 0 };
    QList<protocol::Session> unheard; // downtimeOf(the DC's runs)
};

// What the replication policy uses: the online fraction over the span the DC could hear the peer, with the
// newcomer prior (policy::withNewcomerPrior) in the detector's time; the fraction alone when the prior is worth
// nothing. The DC's own downtime counts neither as the peer's absence nor as time it was watched.
double measuredAvailability(const QList<protocol::Session>& sessions, qint64 firstSeen, const Watching& watching);

// Seconds of [from, to] outside the `unheard` spans.
qint64 heardSeconds(qint64 from, qint64 to, const QList<protocol::Session>& unheard);

} // namespace as::server
