#include "server/replication/PeerTable.h"

#include "core/util/Encoding.h"
#include "server/Availability.h"
#include "server/DcConfig.h"
#include "server/store/MetadataStore.h"

#include <algorithm>
#include <cmath>

namespace as::server {

policy::Key keyOf(const QString& hexId)
{
    if (auto raw = fromHex(hexId))
        if (auto k = policy::toKey(*raw))
            return *k;
    return {};
}

std::uint32_t ipv4Of(const QString& address)
{
    const QStringList parts = address.split(u'.');
    if (parts.size() != 4)
        return 0;
    std::uint32_t ip = 0;
    for (const QString& p : parts) {
        bool ok = false;
        const uint v = p.toUInt(&ok);
        if (!ok || v > 255)
            return 0;
        ip = (ip << 8) | v;
    }
    return ip;
}

policy::DetectorEvidence PeerTable::evidence() const
{
    policy::DetectorEvidence e;
    e.endedAbsences = endedAbsences;
    e.openAbsences = openAbsences;
    e.confirmedDepartures = confirmedDepartures;
    e.peerSeconds = peerSeconds;
    return e;
}

std::optional<PeerTable> loadPeerTable(
    MetadataStore& store, const DcConfig& config, qint64 now, const policy::WeibullParams& population)
{
    auto peers = store.allPeers();
    if (!peers)
        return std::nullopt;
    const qint64 window = config.availabilityWindowSeconds, grace = config.onlineGrace();
    const double scale = config.detectorTimeScale;
    Watching watching { now, window, grace, scale, config.newcomerPrior(), {} };
    if (auto runs = store.dcRunsSince(now - window)) // unreadable: figures count the DC's downtime, as before
        watching.unheard = downtimeOf(*runs, now - window);
    QHash<QString, QList<protocol::Session>> sessions;
    if (auto all = store.allSessionsSince(now - window))
        for (const auto& p : *all)
            sessions.insert(p.peerId, p.sessions);
    PeerTable table;
    double weighted = 0, weight = 0;
    for (const PeerRecord& p : *peers) {
        PeerView v;
        v.owner = p.owner;
        v.key = keyOf(p.peerId);
        v.ipv4 = ipv4Of(p.address);
        v.freeBytes = std::max<qint64>(0, p.capacityBytes - p.usedBytes);
        v.lastSeen = p.lastSeen;
        v.online = now - p.lastSeen <= grace;
        QList<protocol::Session> s = sessions.value(p.peerId);
        std::sort(s.begin(), s.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
        // A standby has seen peers only since the outage began (docs/outage.md): measured from its first
        // session there, not from when the DC first saw the peer (that history is the DC's).
        const qint64 since = config.standby && !s.isEmpty() ? s.first().start : p.firstSeen;
        v.availability = s.isEmpty() ? policy::kUnknown : measuredAvailability(s, since, watching);
        // The gaps between sessions are the peer's absences (they all started within the window); a gap across
        // the DC's own downtime is not one: nobody knows what the peer did then.
        for (qsizetype i = 1; i < s.size(); ++i) {
            const qint64 gap = s[i].start - s[i - 1].end;
            if (gap > 0 && heardSeconds(s[i - 1].end, s[i].start, watching.unheard) == gap)
                v.absences.push_back(double(gap) * scale);
        }
        table.endedAbsences.insert(table.endedAbsences.end(), v.absences.begin(), v.absences.end());
        const qint64 observed = heardSeconds(std::max(p.firstSeen, now - window), now, watching.unheard);
        table.peerSeconds += double(std::max<qint64>(observed, 0)) * scale;
        if (!v.absences.empty())
            v.meanCycle = double(observed) * scale / double(v.absences.size());
        if (!v.online) {
            // The absence running now: a departure past the horizon, else a censored transient one (if it
            // started within the window, as the ended ones did: long absences are not over-represented).
            const double away = double(now - p.lastSeen) * scale;
            if (away >= kDepartureHorizon)
                table.confirmedDepartures += 1;
            else if (p.lastSeen >= now - window)
                table.openAbsences.push_back(away);
        }
        if (v.absences.size() > size_t(kPeerHistory))
            v.absences.erase(v.absences.begin(), v.absences.end() - kPeerHistory);
        if (!v.absences.empty())
            v.absenceFit = policy::fitWeibullShrunk(v.absences, {}, population, kPeerFitPriorWeight);
        // p counts holders watched for at least the prior's weight: a younger one is online by selection (it
        // was placed while online) and measures above the mean (docs/replication.md "Measured availability").
        const double watched = double(heardSeconds(since, now, watching.unheard)) * scale;
        const bool watchedEnough = watched >= watching.prior.seconds;
        if (p.usedBytes > 0 && !std::isnan(v.availability) && watchedEnough) {
            weighted += double(p.usedBytes) * v.availability;
            weight += double(p.usedBytes);
        }
        table.peers.insert(p.peerId, std::move(v));
    }
    if (weight > 0)
        table.holderAvailability = weighted / weight;
    return table;
}

} // namespace as::server
