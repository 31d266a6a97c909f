#pragma once
// Parameters and results of the AmazingStore simulator. Every figure and its source is explained in
// docs/simulation.md; defaults are the deployed system's scale (paper §5: ~12,000 users, ~1,000 online
// at the daily peak, ~52,000 objects, DC availability 0.932).

#include <cstdint>
#include <string>
#include <vector>

namespace as::sim {

constexpr double kHour = 3600.0;
constexpr double kDay = 24 * kHour;

struct SimConfig {
    int users = 12000;
    int objects = 52000;
    int days = 30; // measured days, after the warm-up
    std::uint64_t seed = 1;

    double warmupDays = 7; // churn runs, histories fill, figures converge; not measured
    double placementTime = 2 * kDay + 21 * kHour; // initial upload of all objects (evening peak)

    // Users (two classes; see docs/simulation.md).
    double contributorShare = 0.08;
    double contributorAvailabilityMin = 0.10, contributorAvailabilityMax = 0.45;
    double casualAvailabilityMin = 0.005, casualAvailabilityMax = 0.06;
    double contributorMeanSession = 6 * kHour, casualMeanSession = 1.5 * kHour;
    double sessionShape = 0.6; // Weibull shape of session lengths
    double absenceShape = 0.5; // Weibull shape of absences (in diurnally warped time)
    double diurnalAmplitude = 0.6; // 0: no daily cycle; < 1
    double peakHour = 21.0;
    double meanMembership = 120 * kDay; // exponential; the user leaves for good at a session end after it
    double rejoinDelayMean = 1 * kDay; // a replacement user joins this long (exp.) after a departure
    double capacityMedianContributor = 8e9, capacityMedianCasual = 2e9, capacitySigma = 0.7;
    int subnets = 300; // campus /24 networks users are spread over

    // Objects: log-normal sizes, Zipf popularity.
    double objectSizeMedian = 2e6, objectSizeSigma = 1.8, objectSizeMin = 1e4, objectSizeMax = 2e9;
    double zipfExponent = 0.9;
    double requestsPerOnlineUserHour = 1.0;

    // DC outages: exponential up-times, uniform down-times → A_dc = up / (up + down) ≈ 0.932.
    double dcMeanUp = 41.0 * kHour;
    double dcDownMin = 1 * kHour, dcDownMax = 5 * kHour;

    // AmazingStore policy.
    double target = 0.99; // the paper's two nines; docs/simulation.md: why the floor, not a higher T, gives the margin
    int maxReplicas = 12;
    int minReplicas = 5; // durability floor (PolicyConfig::minReplicas); docs/simulation.md: why 5
    double surplusMargin = 1.5; // PolicyConfig::surplusMargin
    // The DC gives a peer at most `pendingPerPeer` assignments it has not fetched yet (kMaxPendingPerPeer); a fetch
    // takes about a heartbeat, so here a peer takes at most that many new replicas per `placementWindow` seconds
    // and a group that found no room waits for the next window. 0: placement is instantaneous.
    double placementWindow = 0;
    int pendingPerPeer = 4;
    double detectorSweep = 1 * kHour; // how often long absences are re-scored
    double rescoreStep = 0.05; // re-evaluate a holder's groups when its P_dead moved this much
    double permanentSharePrior = 0.005;
    bool perPeerPermanentShare = true; // q_i from the departure rate and the peer's cycle
    double detectorPriorWeight = 1.5; // own absences vs the population's Weibull
    double confirmedDepartureAfter = 14 * kDay;
    double refitWindow = 7 * kDay; // the daily refit uses absences that started this recently (as the DC)
    double peerFitPriorWeight = 8; // absences the population's Weibull is worth in a peer's own fit

    // Baseline: fixed timeout, eager repair, fixed count.
    double baselineTimeout = 1 * kHour;
    int baselineReplicas = 6;

    // Online peers offered to placement per replica wanted. The DC offers every online peer with room; 48 random
    // ones per replica come close (the best of them is nearly always among the best online) at a bearable cost.
    // The baseline gets 8: its ~27 million placements would otherwise take most of the run time, and its
    // traffic is set by its timeout, not by which peers it picks.
    // Hostile peers (docs/simulation.md, "Cheating peers and audits"): this share of users are cheaters
    // that accept replicas and report them held but store nothing; they are drawn as contributors (the
    // peers placement likes best). Proof of storage: every online holder is audited on one random replica
    // about once per auditInterval (0: no audits); a failed audit expels the peer and its replicas. Until a
    // peer has passed vettingAudits audits, placement sees its availability times vettingDiscount, so it
    // gets replicas only where vetted peers fall short (as Storj vets new nodes).
    double cheaterShare = 0;
    double auditInterval = 6 * kHour;
    int vettingAudits = 3;
    double vettingDiscount = 0.5;
    double auditBytes = 16384 + 32 * 20; // a 16 KiB block and its merkle proof (up to 20 levels)

    // Outage mode (docs/outage.md): the DC names the standbyCount online peers closest by XOR to its server id
    // among the 4·standbyCount closest with a measured availability of at least standbyMinAvailability (the DC's
    // rule, server/master/StandbyChoice.h). During an outage nodes use the plan they last heard: repairs need
    // one of those standbys online; an upload goes to a standby with the pure-P2P count (no DC term) and waits
    // while none is reachable. A request needs a holder online, and the object's metadata: from a standby, or
    // (dhtLookup, as the real `get` does: docs/transfer.md "Without the DC") by its info-hash over the peers' DHT.
    int standbyCount = 4;
    double standbyMinAvailability = 0.3;
    bool dhtLookup = true; // false: an outage request also needs a standby online (--requests-need-standby)

    int candidateSample = 48;
    int baselineCandidateSample = 8;
    bool recordSeries = true;
};

struct PolicyResult {
    std::string name;
    double availability = 0; // successful requests / requests
    double timeAvailability = 0; // object-time with DC up or a holder online
    double peerServedFraction = 0; // requests served by peers / requests
    double peerSideAvailability = 0; // object-time with at least one holder online
    double replicasMean = 0; // time-average holders per object
    double thresholdMean = 0; // mean c (AmazingStore) at the end
    double repairBytes = 0;
    std::int64_t repairs = 0;
    std::int64_t drops = 0;
    std::int64_t objectsLost = 0; // every peer replica physically gone at some moment
    std::int64_t failedRequests = 0;
    std::int64_t audits = 0; // measured period
    double auditBytes = 0;
    std::int64_t cheatersExpelled = 0;
    double cheaterReplicaShare = 0; // time-average share of replicas (as the DC counts them) on cheaters
};

struct SeriesPoint {
    double day = 0;
    int onlineUsers = 0;
    bool dcUp = true;
    double oursPeerSide = 0, baselinePeerSide = 0; // fraction of objects with an online holder
    double oursReplicas = 0, baselineReplicas = 0; // mean holders per object
    double oursRepairBytes = 0, baselineRepairBytes = 0; // cumulative
};

// One request of a replay as the AmazingStore policy saw it, for a request-by-request comparison with the
// testbed (bench/testbed/report.py).
struct RequestOutcome {
    enum class Served : std::uint8_t { Peers, Dc, Failed };
    double time = 0; // simulated seconds
    std::uint32_t object = 0;
    Served served = Served::Failed;
    int holdersOnline = 0; // holders storing it that were online (ground truth), not counting the owner
    bool ownerOnline = false;
};

struct SimResult {
    SimConfig config;
    double dcAvailability = 0; // fraction of measured time the DC was up
    std::int64_t requests = 0;
    double onlinePeakMean = 0; // mean of the daily maxima of online users
    int usersEver = 0;
    int departures = 0;
    int dcOutages = 0; // measured period
    // Outage mode: requests made while the DC was down; those with a holder online but no reachable standby
    // (failed in outage mode; served if requests needed no metadata); standbys named per outage (mean).
    std::int64_t outageRequests = 0, outageRequestsNoStandby = 0;
    double standbysNamedMean = 0;
    int outageUploads = 0; // uploads that went to the standbys (a replay's schedule)
    PolicyResult dcAlone, ours, baseline;
    // What the DC had learnt by the end: the detector's population fit and q, the holders' mean figure.
    double detectorShape = 0, detectorScale = 0, permanentShare = 0, holderAvailability = 0;
    std::vector<SeriesPoint> series; // hourly
    std::vector<RequestOutcome> requestOutcomes; // a replay's requests, in order
};

} // namespace as::sim
