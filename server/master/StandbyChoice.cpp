#include "server/master/StandbyChoice.h"

#include "core/util/Encoding.h"
#include "core/util/Ids.h"

#include <algorithm>
#include <vector>

namespace as::server {

QList<protocol::StandbyMaster> chooseStandbys(
    const QString& serverId, const QList<StandbyCandidate>& candidates, const StandbyRule& rule)
{
    const QByteArray target = fromHex(serverId).value_or(QByteArray(32, '\0'));
    struct Ranked {
        QByteArray distance;
        const StandbyCandidate* c;
    };
    std::vector<Ranked> ranked;
    for (const StandbyCandidate& c : candidates) {
        if (!c.online || c.masterPort <= 0 || c.address.isEmpty() || !(c.availability >= rule.minAvailability))
            continue;
        auto id = fromHex(c.peerId);
        if (!id || id->size() != 32)
            continue;
        ranked.push_back({ xorDistance(target, *id), &c });
    }
    std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) { return a.distance < b.distance; });
    QList<protocol::StandbyMaster> out;
    for (const Ranked& r : ranked) {
        if (out.size() >= rule.count)
            break;
        out.append({ r.c->peerId, r.c->address, r.c->masterPort, serverId });
    }
    return out;
}

} // namespace as::server
