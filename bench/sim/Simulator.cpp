#include "bench/sim/Simulator.h"

#include "bench/sim/Churn.h"
#include "bench/sim/ReplicaLayer.h"
#include "bench/sim/Schedule.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

namespace as::sim {

namespace {

enum class EventType : std::uint8_t {
    Online, Offline, Depart, Join, DcDown, DcUp, Request, Timeout, Hourly, Daily, Place, PlacementWindow
};

struct Event {
    double time;
    std::uint64_t seq; // FIFO among equal times: keeps runs deterministic
    EventType type;
    std::uint32_t user;
    std::uint32_t tag; // absence number for timeouts
    bool operator>(const Event& o) const { return time != o.time ? time > o.time : seq > o.seq; }
};

class Simulation {
public:
    // With `replay`, churn, outages, uploads and requests come from the schedule instead of the generators.
    Simulation(const SimConfig& config, const Schedule* replay)
        : m_config(config)
        , m_replay(replay)
        , m_world(config)
        , m_churnRng(config.seed, 1)
        , m_requestRng(config.seed, 2)
        , m_worldRng(config.seed, 3)
        , m_auditRng(config.seed, 4)
    {
        Rng serverRng(config.seed, 5); // its own stream: the rest of the world is drawn as before
        for (std::size_t i = 0; i < m_world.serverId.size(); i += 8) {
            const std::uint64_t b = serverRng.bits();
            for (std::size_t j = 0; j < 8; ++j)
                m_world.serverId[i + j] = std::uint8_t(b >> (8 * j));
        }
        m_result.config = config;
        m_result.dcAlone.name = "dc-alone";
        m_result.ours.name = "amazingstore";
        m_result.baseline.name = "baseline";
        m_world.measureStart = replay ? 0.0 : config.warmupDays * kDay;
        m_end = replay ? replay->days * kDay : m_world.measureStart + config.days * kDay;
        // The detector starts from the policy's defaults, not from the generator's parameters: what it
        // knows of the churn it learns by the daily refit.
        policy::DetectorParams params;
        params.permanentShare = config.permanentSharePrior;
        params.priorWeight = config.detectorPriorWeight;
        m_world.detector = policy::FailureDetector(params);
    }

    SimResult run(const std::function<void(double)>& progress)
    {
        buildWorld();
        while (!m_events.empty()) {
            const Event e = m_events.top();
            if (e.time > m_end)
                break;
            m_events.pop();
            advanceTo(e.time);
            handle(e);
            if (progress && e.type == EventType::Daily)
                progress(std::clamp(m_world.now / m_end, 0.0, 1.0));
        }
        advanceTo(m_end);
        finish();
        return std::move(m_result);
    }

private:
    void push(double time, EventType type, std::uint32_t user = 0, std::uint32_t tag = 0)
    {
        m_events.push({ time, m_seq++, type, user, tag });
    }

    void buildWorld()
    {
        if (m_replay)
            return buildReplayWorld();
        for (int i = 0; i < m_config.users; ++i)
            m_world.users.push_back(makeUser(m_config, m_worldRng, 0.0));
        buildObjects();
        m_ours = std::make_unique<ReplicaLayer>(m_world, Strategy::AmazingStore, m_result.ours);
        m_baseline = std::make_unique<ReplicaLayer>(m_world, Strategy::FixedTimeout, m_result.baseline);
        // Start in the stationary mix (online with the user's availability) so day 1 looks like day 30.
        for (std::uint32_t i = 0; i < m_world.users.size(); ++i)
            startUser(i, m_worldRng.chance(m_world.users[i].targetAvailability));
        push(dcUpDuration(m_config, m_churnRng), EventType::DcDown);
        push(m_config.placementTime, EventType::Place);
        push(kHour, EventType::Hourly);
        push(kDay, EventType::Daily);
        if (m_config.placementWindow > 0)
            push(m_config.placementWindow, EventType::PlacementWindow);
    }

    // The schedule's users (each in a /24 of its own, as the testbed's nodes are), its objects with their
    // owners and sizes, and every event of the schedule on the heap.
    void buildReplayWorld()
    {
        for (std::size_t i = 0; i < m_replay->users.size(); ++i) {
            const ScheduleUser& su = m_replay->users[i];
            User u = makeUser(m_config, m_worldRng, su.join);
            u.targetAvailability = su.availability;
            u.capacity = su.capacity;
            u.ipv4 = (127u << 24) | (std::uint32_t(i + 1) << 8) | 1u;
            u.membershipEnd = std::numeric_limits<double>::infinity(); // departures are events
            m_world.users.push_back(u);
        }
        m_world.objects.resize(std::size_t(m_replay->objects));
        for (Object& o : m_world.objects)
            for (std::size_t i = 0; i < o.id.size(); i += 8) {
                const std::uint64_t b = m_worldRng.bits();
                for (std::size_t j = 0; j < 8; ++j)
                    o.id[i + j] = std::uint8_t(b >> (8 * j));
            }
        for (const ScheduleEvent& e : m_replay->events)
            if (e.kind == ScheduleKind::Upload) {
                m_world.objects[std::size_t(e.object)].owner = std::uint32_t(e.user);
                m_world.objects[std::size_t(e.object)].bytes = e.bytes;
            }
        m_ours = std::make_unique<ReplicaLayer>(m_world, Strategy::AmazingStore, m_result.ours);
        m_baseline = std::make_unique<ReplicaLayer>(m_world, Strategy::FixedTimeout, m_result.baseline);
        for (const ScheduleEvent& e : m_replay->events) {
            const auto user = std::uint32_t(std::max(e.user, 0));
            const auto object = std::uint32_t(std::max(e.object, 0));
            switch (e.kind) {
            case ScheduleKind::Online: push(e.time, EventType::Online, user); break;
            case ScheduleKind::Offline:
            case ScheduleKind::Freeze: push(e.time, EventType::Offline, user); break;
            case ScheduleKind::Depart: push(e.time, EventType::Depart, user); break;
            case ScheduleKind::DcDown: push(e.time, EventType::DcDown); break;
            case ScheduleKind::DcUp: push(e.time, EventType::DcUp); break;
            case ScheduleKind::Upload: push(e.time, EventType::Place, user, object); break;
            case ScheduleKind::Request: push(e.time, EventType::Request, user, object); break;
            }
        }
        push(kHour, EventType::Hourly);
        push(kDay, EventType::Daily);
        if (m_config.placementWindow > 0)
            push(m_config.placementWindow, EventType::PlacementWindow);
    }

    void startUser(std::uint32_t index, bool online)
    {
        if (online)
            goOnline(index);
        else
            push(nextAbsenceEnd(m_config, m_world.users[index], m_churnRng, m_world.now), EventType::Online, index);
    }

    void joinUser()
    {
        m_world.users.push_back(makeUser(m_config, m_worldRng, m_world.now));
        m_ours->addUserSlot();
        m_baseline->addUserSlot();
        startUser(std::uint32_t(m_world.users.size() - 1), true);
    }

    void buildObjects()
    {
        m_world.objects.resize(std::size_t(m_config.objects));
        for (Object& o : m_world.objects) {
            for (std::size_t i = 0; i < o.id.size(); i += 8) {
                const std::uint64_t b = m_worldRng.bits();
                for (std::size_t j = 0; j < 8; ++j)
                    o.id[i + j] = std::uint8_t(b >> (8 * j));
            }
            o.owner = std::uint32_t(m_worldRng.below(m_world.users.size()));
            o.bytes = std::int64_t(std::clamp(m_worldRng.logNormal(m_config.objectSizeMedian, m_config.objectSizeSigma),
                m_config.objectSizeMin, m_config.objectSizeMax));
        }
        // Zipf popularity over a random ranking of the objects.
        std::vector<std::uint32_t> rank(m_world.objects.size());
        for (std::uint32_t i = 0; i < rank.size(); ++i)
            rank[i] = i;
        for (std::size_t i = rank.size(); i > 1; --i)
            std::swap(rank[i - 1], rank[m_worldRng.below(i)]);
        m_popularity = rank;
        m_zipfCdf.resize(rank.size());
        double sum = 0;
        for (std::size_t i = 0; i < rank.size(); ++i) {
            sum += 1.0 / std::pow(double(i + 1), m_config.zipfExponent);
            m_zipfCdf[i] = sum;
        }
        for (double& v : m_zipfCdf)
            v /= sum;
    }

    void goOnline(std::uint32_t index)
    {
        User& u = m_world.users[index];
        if (u.absenceCount > 0) {
            // Close the absence: it joins the peer's history and, for replica holders, the population's.
            const double absence = m_world.now - u.lastChange;
            u.history[std::size_t(u.historyNext)] = absence;
            u.historyNext = (u.historyNext + 1) % kHistoryLength;
            u.historySize = std::min(u.historySize + 1, kHistoryLength);
            if (m_ours->holdsAny(index)) {
                m_recentAbsences.push_back({ u.lastChange, absence });
                ++m_holderAbsencesEnded;
            }
            u.absenceFit = policy::fitWeibullShrunk(
                m_world.historyOf(u), {}, m_world.detector.params().population, m_config.peerFitPriorWeight);
        }
        const bool metadataWas = m_world.metadataReachable();
        u.online = true;
        if (u.firstOnline < 0)
            u.firstOnline = m_world.now;
        u.lastChange = m_world.now;
        u.deadProbability = 0;
        u.onlineIndex = int(m_world.onlineUsers.size());
        m_world.onlineUsers.push_back(index);
        m_ours->userOnline(index);
        m_baseline->userOnline(index);
        if (!m_replay)
            push(nextSessionEnd(m_config, u, m_churnRng, m_world.now), EventType::Offline, index);
        if (!metadataWas && m_world.metadataReachable()) // a standby is back during the outage
            metadataBack();
        m_dayPeak = std::max(m_dayPeak, int(m_world.onlineUsers.size()));
    }

    void goOffline(std::uint32_t index)
    {
        User& u = m_world.users[index];
        u.onlineAccum += m_world.now - u.lastChange;
        u.online = false;
        u.lastChange = m_world.now;
        ++u.absenceCount;
        const int pos = u.onlineIndex;
        m_world.users[m_world.onlineUsers.back()].onlineIndex = pos;
        m_world.onlineUsers[std::size_t(pos)] = m_world.onlineUsers.back();
        m_world.onlineUsers.pop_back();
        u.onlineIndex = -1;
        u.deadProbability = m_world.scoreNow(u);
        u.scoredAt = u.deadProbability;
        m_ours->userOffline(index);
        m_baseline->userOffline(index);
        push(m_world.now + m_config.baselineTimeout, EventType::Timeout, index, u.absenceCount);
        if (m_replay)
            return; // the schedule says when the user returns or leaves
        if (m_world.now >= u.membershipEnd) {
            depart(index);
            push(m_world.now + m_churnRng.exponential(m_config.rejoinDelayMean), EventType::Join);
        } else {
            push(nextAbsenceEnd(m_config, u, m_churnRng, m_world.now), EventType::Online, index);
        }
    }

    void depart(std::uint32_t index)
    {
        m_world.users[index].departed = true;
        ++m_result.departures;
        m_ours->userDeparted(index);
        m_baseline->userDeparted(index);
    }

    void scheduleRequest()
    {
        const double rate = m_config.requestsPerOnlineUserHour / kHour * double(m_world.onlineUsers.size());
        push(m_world.now + (rate > 0 ? m_requestRng.exponential(1.0 / rate) : 60.0), EventType::Request);
    }

    std::uint32_t drawObject()
    {
        const double u = m_requestRng.uniform();
        const std::size_t rank
            = std::size_t(std::lower_bound(m_zipfCdf.begin(), m_zipfCdf.end(), u) - m_zipfCdf.begin());
        return m_popularity[std::min(rank, m_popularity.size() - 1)];
    }

    void request(std::uint32_t object)
    {
        ++m_result.requests;
        // In a replay the owner's node seeds its own upload, as the real node does (docs/testbed.md).
        const bool owner = m_replay && m_world.users[m_world.objects[object].owner].online;
        // During an outage the requester needs the object's metadata (torrent, holders): from a standby, or by
        // the object's info-hash over the DHT (SimConfig::dhtLookup).
        const bool metadata = m_config.dhtLookup || m_world.metadataReachable();
        const bool ours = owner || m_ours->peerAvailable(object);
        if (!m_world.dcUp && m_world.measuring()) {
            ++m_result.outageRequests;
            m_result.outageRequestsNoStandby += ours && !m_world.metadataReachable() ? 1 : 0;
        }
        countRequest(m_result.dcAlone, false);
        countRequest(m_result.ours, ours && metadata);
        countRequest(m_result.baseline, (owner || m_baseline->peerAvailable(object)) && metadata);
        if (m_replay) {
            using Served = RequestOutcome::Served;
            const Served served = ours && metadata ? Served::Peers : m_world.dcUp ? Served::Dc : Served::Failed;
            m_result.requestOutcomes.push_back({ m_world.now, object, served, m_ours->servingHolders(object), owner });
        }
    }

    // The DC's standby plan as nodes last heard it before an outage (server/master/StandbyChoice.h): the 4k
    // online peers closest to the server's id, those measured at least standbyMinAvailability, k closest.
    void nameStandbys()
    {
        const int k = m_config.standbyCount;
        std::vector<std::pair<policy::Key, std::uint32_t>> near;
        for (std::uint32_t u : m_world.onlineUsers) {
            policy::Key d = m_world.users[u].id;
            for (std::size_t i = 0; i < d.size(); ++i)
                d[i] ^= m_world.serverId[i];
            near.push_back({ d, u });
        }
        const std::size_t wide = std::min(near.size(), std::size_t(4 * std::max(k, 0)));
        std::partial_sort(near.begin(), near.begin() + std::ptrdiff_t(wide), near.end());
        m_world.standbys.clear();
        for (std::size_t i = 0; i < wide && int(m_world.standbys.size()) < k; ++i)
            if (m_world.observedAvailability(m_world.users[near[i].second]) >= m_config.standbyMinAvailability)
                m_world.standbys.push_back(near[i].second);
        if (m_world.measuring())
            m_standbysNamed += double(m_world.standbys.size());
    }

    void metadataBack()
    {
        m_ours->metadataBack();
        m_baseline->metadataBack();
        placeWaitingUploads();
    }

    // A replay's upload: to the DC, to a standby during an outage (pure-P2P count), or it waits for either.
    void upload(std::uint32_t object)
    {
        if (!m_world.metadataReachable()) {
            m_waitingUploads.push_back(object);
            return;
        }
        if (!m_placed)
            m_world.populationAvailability = policy::kBootstrapPopulationAvailability;
        const bool outage = !m_world.dcUp;
        m_result.outageUploads += outage ? 1 : 0;
        m_ours->place(object, outage);
        m_baseline->place(object, outage);
        m_placed = true;
        ++m_uploaded;
        // The DC's p follows its holders within seconds of their first replica, not from the next day.
        m_world.populationAvailability = m_ours->meanHolderAvailability();
    }

    void placeWaitingUploads()
    {
        const std::vector<std::uint32_t> waiting = std::move(m_waitingUploads);
        m_waitingUploads.clear();
        for (std::uint32_t o : waiting)
            upload(o);
    }

    void countRequest(PolicyResult& r, bool peers)
    {
        if (peers)
            r.peerServedFraction += 1; // counts now, normalised in finish()
        else if (m_world.dcUp)
            r.availability += 1; // DC-served count for now
        else
            ++r.failedRequests;
    }

    void handle(const Event& e)
    {
        switch (e.type) {
        case EventType::Online:
            if (!m_world.users[e.user].departed && !m_world.users[e.user].online)
                goOnline(e.user);
            break;
        case EventType::Offline:
            if (m_world.users[e.user].online)
                goOffline(e.user);
            break;
        case EventType::Depart:
            if (m_world.users[e.user].online)
                goOffline(e.user);
            if (!m_world.users[e.user].departed)
                depart(e.user);
            break;
        case EventType::Join:
            joinUser();
            break;
        case EventType::DcDown:
            m_world.dcUp = false;
            if (m_world.measuring())
                ++m_result.dcOutages;
            nameStandbys();
            if (!m_replay)
                push(m_world.now + dcDownDuration(m_config, m_churnRng), EventType::DcUp);
            break;
        case EventType::DcUp:
            m_world.dcUp = true;
            m_ours->dcUp();
            m_baseline->dcUp();
            placeWaitingUploads();
            if (!m_replay)
                push(m_world.now + dcUpDuration(m_config, m_churnRng), EventType::DcDown);
            break;
        case EventType::Request:
            if (m_replay) {
                request(e.tag);
                break;
            }
            if (m_placed)
                request(drawObject());
            scheduleRequest();
            break;
        case EventType::Timeout: {
            const User& u = m_world.users[e.user];
            if (m_placed && !u.online && u.absenceCount == e.tag)
                m_baseline->timeout(e.user);
            break;
        }
        case EventType::Hourly:
            if (m_placed) {
                // What the DC learns of its holders (it recomputes p every 30 s; hourly is close enough here).
                m_world.populationAvailability = m_ours->meanHolderAvailability();
                m_ours->sweep();
                m_ours->audit(kHour, m_auditRng); // the baseline has no proof of storage
                sample();
            }
            push(m_world.now + kHour, EventType::Hourly);
            break;
        case EventType::PlacementWindow:
            m_ours->newPlacementWindow();
            push(m_world.now + m_config.placementWindow, EventType::PlacementWindow);
            break;
        case EventType::Daily:
            daily();
            push(m_world.now + kDay, EventType::Daily);
            break;
        case EventType::Place:
            if (m_replay) {
                upload(e.tag);
                break;
            }
            m_world.populationAvailability = policy::kBootstrapPopulationAvailability;
            m_ours->placeAll();
            m_baseline->placeAll();
            m_placed = true;
            m_uploaded = m_world.objects.size();
            scheduleRequest();
            break;
        }
    }

    void daily()
    {
        if (m_world.measuring())
            m_peakSum += m_dayPeak, ++m_peakDays;
        m_dayPeak = int(m_world.onlineUsers.size());
        if (!m_placed)
            return;
        // What the DC learns daily: the holders' absences (Weibull refit) and the share of absences that
        // proved permanent (not seen for confirmedDepartureAfter); p is refreshed hourly.
        // Absences of holders that started within the window: the ended ones exactly, the ones still
        // running as censored (only those, so that long absences are not over-represented); absences past
        // the departure horizon count as departures.
        const double windowStart = m_world.now - m_config.refitWindow;
        std::erase_if(m_recentAbsences, [&](const RecentAbsence& a) { return a.start < windowStart; });
        std::vector<double> ended, open;
        ended.reserve(m_recentAbsences.size());
        for (const RecentAbsence& a : m_recentAbsences)
            ended.push_back(a.duration);
        std::int64_t confirmed = 0;
        std::int64_t holders = 0;
        for (std::uint32_t i = 0; i < m_world.users.size(); ++i) {
            const User& u = m_world.users[i];
            if (!m_ours->holdsAny(i))
                continue;
            ++holders;
            if (u.online)
                continue;
            if (m_world.now - u.lastChange > m_config.confirmedDepartureAfter)
                ++confirmed;
            else if (u.lastChange >= windowStart)
                open.push_back(m_world.now - u.lastChange);
        }
        m_holderSeconds += kDay * double(holders);
        policy::DetectorEvidence evidence;
        evidence.endedAbsences = ended;
        evidence.openAbsences = open;
        evidence.confirmedDepartures = double(confirmed);
        evidence.absencesEnded = double(m_holderAbsencesEnded);
        evidence.peerSeconds = m_holderSeconds;
        policy::RefitConfig refit;
        refit.permanentSharePrior = m_config.permanentSharePrior;
        refit.perPeerPermanentShare = m_config.perPeerPermanentShare;
        m_world.detector = policy::FailureDetector(refitDetector(m_world.detector.params(), evidence, refit));
    }

    void advanceTo(double t)
    {
        const double from = std::max(m_world.now, m_world.measureStart);
        if (t > from && m_placed) {
            const double dt = t - from;
            accumulate(m_result.ours, *m_ours, dt);
            accumulate(m_result.baseline, *m_baseline, dt);
            m_result.dcAlone.timeAvailability += (m_world.dcUp ? 1.0 : 0.0) * dt;
            m_result.dcAvailability += (m_world.dcUp ? 1.0 : 0.0) * dt;
        }
        m_world.dcObserved += t - m_world.now;
        if (m_world.dcUp)
            m_world.dcUpAccum += t - m_world.now;
        m_world.now = t;
    }

    void accumulate(PolicyResult& r, const ReplicaLayer& layer, double dt)
    {
        const double n = double(m_uploaded);
        const double peer = double(layer.peerAvailableObjects()) / n;
        r.peerSideAvailability += peer * dt;
        r.timeAvailability += (m_world.dcUp ? 1.0 : peer) * dt;
        r.replicasMean += double(layer.storedReplicas()) / n * dt;
        const double claimed = double(layer.aliveHolders() + layer.cheaterHolders());
        r.cheaterReplicaShare += (claimed > 0 ? double(layer.cheaterHolders()) / claimed : 0.0) * dt;
    }

    void sample()
    {
        if (!m_config.recordSeries)
            return;
        const double n = double(m_uploaded);
        SeriesPoint p;
        p.day = m_world.now / kDay;
        p.onlineUsers = int(m_world.onlineUsers.size());
        p.dcUp = m_world.dcUp;
        p.oursPeerSide = double(m_ours->peerAvailableObjects()) / n;
        p.baselinePeerSide = double(m_baseline->peerAvailableObjects()) / n;
        p.oursReplicas = double(m_ours->storedReplicas()) / n;
        p.baselineReplicas = double(m_baseline->storedReplicas()) / n;
        p.oursRepairBytes = m_result.ours.repairBytes;
        p.baselineRepairBytes = m_result.baseline.repairBytes;
        m_result.series.push_back(p);
    }

    void finish()
    {
        const double span = m_end - m_world.measureStart;
        m_result.dcAvailability /= span;
        m_result.usersEver = int(m_world.users.size());
        m_result.standbysNamedMean = m_result.dcOutages > 0 ? m_standbysNamed / double(m_result.dcOutages) : 0.0;
        m_result.onlinePeakMean = m_peakDays ? double(m_peakSum) / m_peakDays : 0;
        const double requests = double(std::max<std::int64_t>(m_result.requests, 1));
        for (PolicyResult* r : { &m_result.dcAlone, &m_result.ours, &m_result.baseline }) {
            const double byPeers = r->peerServedFraction, byDc = r->availability;
            r->availability = (byPeers + byDc) / requests;
            r->peerServedFraction = byPeers / requests;
            r->timeAvailability /= span;
            r->peerSideAvailability /= span;
            r->replicasMean /= span;
            r->cheaterReplicaShare /= span;
        }
        m_result.ours.thresholdMean = m_ours->meanThreshold();
        m_result.detectorShape = m_world.detector.params().population.shape;
        m_result.detectorScale = m_world.detector.params().population.scale;
        m_result.permanentShare = m_world.detector.params().permanentShare;
        m_result.holderAvailability = m_world.populationAvailability;
        m_result.baseline.thresholdMean = m_baseline->meanThreshold();
    }

    const SimConfig& m_config;
    const Schedule* m_replay = nullptr;
    World m_world;
    Rng m_churnRng, m_requestRng, m_worldRng, m_auditRng;
    SimResult m_result;
    std::unique_ptr<ReplicaLayer> m_ours, m_baseline;
    std::priority_queue<Event, std::vector<Event>, std::greater<>> m_events;
    std::uint64_t m_seq = 0;
    double m_end = 0;
    bool m_placed = false;
    std::size_t m_uploaded = 0; // objects placed so far (all at once, or one by one in a replay)
    std::vector<std::uint32_t> m_popularity;
    std::vector<double> m_zipfCdf;
    struct RecentAbsence {
        double start, duration;
    };
    std::vector<RecentAbsence> m_recentAbsences; // holders' absences that ended, by end time
    std::int64_t m_holderAbsencesEnded = 0;
    double m_holderSeconds = 0;
    int m_dayPeak = 0;
    double m_standbysNamed = 0; // summed over outages
    std::vector<std::uint32_t> m_waitingUploads; // outage uploads with no standby reachable
    std::int64_t m_peakSum = 0;
    int m_peakDays = 0;
};

} // namespace

SimResult runSimulation(const SimConfig& config, const std::function<void(double)>& progress, const Schedule* replay)
{
    Simulation simulation(config, replay);
    return simulation.run(progress);
}

} // namespace as::sim
