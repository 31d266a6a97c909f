#include "server/Availability.h"

#include "core/policy/AvailabilityModel.h"

#include <algorithm>

namespace as::server {

double onlineFraction(
    const QList<protocol::Session>& sessions, qint64 firstSeen, qint64 now, qint64 window, qint64 grace)
{
    const qint64 from = std::max(now - window, firstSeen);
    if (now <= from)
        return sessions.isEmpty() ? 0.0 : 1.0;
    qint64 online = 0;
    for (const auto& s : sessions) {
        const qint64 end = (now - s.end <= grace) ? now : s.end;
        const qint64 a = std::max(s.start, from), b = std::min(end, now);
        if (b > a)
            online += b - a;
    }
    return std::clamp(double(online) / double(now - from), 0.0, 1.0);
}

double measuredAvailability(const QList<protocol::Session>& sessions, qint64 firstSeen, qint64 now, qint64 window,
    qint64 grace, double timeScale, policy::NewcomerPrior prior)
{
    if (prior.seconds <= 0)
        return onlineFraction(sessions, firstSeen, now, window, grace);
    const double observed = double(std::max<qint64>(now - std::max(now - window, firstSeen), 0)) * timeScale;
    const double fraction = onlineFraction(sessions, firstSeen, now, window, grace);
    return policy::withNewcomerPrior(fraction * observed, observed, prior);
}

} // namespace as::server
