#include "server/Availability.h"

#include "core/policy/AvailabilityModel.h"

#include <algorithm>

namespace as::server {

qint64 heardSeconds(qint64 from, qint64 to, const QList<protocol::Session>& unheard)
{
    qint64 heard = std::max<qint64>(to - from, 0);
    for (const auto& gap : unheard)
        heard -= std::max<qint64>(std::min(gap.end, to) - std::max(gap.start, from), 0);
    return std::max<qint64>(heard, 0);
}

double onlineFraction(const QList<protocol::Session>& sessions, qint64 firstSeen, qint64 now, qint64 window,
    qint64 grace, const QList<protocol::Session>& unheard)
{
    const qint64 from = std::max(now - window, firstSeen);
    const qint64 span = heardSeconds(from, now, unheard);
    if (span <= 0)
        return sessions.isEmpty() ? 0.0 : 1.0;
    qint64 online = 0;
    for (const auto& s : sessions) {
        const qint64 end = (now - s.end <= grace) ? now : s.end;
        online += heardSeconds(std::max(s.start, from), std::min(end, now), unheard);
    }
    return std::clamp(double(online) / double(span), 0.0, 1.0);
}

QList<protocol::Session> downtimeOf(const QList<protocol::Session>& runs, qint64 since)
{
    QList<protocol::Session> down;
    if (runs.isEmpty())
        return down;
    if (runs.first().start > since)
        down.append({ since, runs.first().start });
    for (qsizetype i = 1; i < runs.size(); ++i)
        if (runs[i].start > runs[i - 1].end)
            down.append({ runs[i - 1].end, runs[i].start });
    return down;
}

double measuredAvailability(const QList<protocol::Session>& sessions, qint64 firstSeen, const Watching& w)
{
    const double fraction = onlineFraction(sessions, firstSeen, w.now, w.window, w.grace, w.unheard);
    if (w.prior.seconds <= 0)
        return fraction;
    const double observed = double(heardSeconds(std::max(w.now - w.window, firstSeen), w.now, w.unheard)) * w.timeScale;
    return policy::withNewcomerPrior(fraction * observed, observed, w.prior);
}

} // namespace as::server
