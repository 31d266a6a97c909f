#pragma once
// The peer table as the replication policy sees it, read from the metadata store (docs/replication.md "How the
// DC and nodes run it"): each peer's measured availability, its absences (the gaps between its heartbeat
// sessions), its own absence Weibull shrunk toward the population's, and the evidence the detector is refitted
// from. Durations the detector sees are in "detector time": seconds × DcConfig::detectorTimeScale.

#include "core/policy/DetectorFit.h"

#include <QHash>
#include <QString>
#include <vector>

namespace as::server {

struct DcConfig;
class MetadataStore;

struct PeerView {
    QString owner;
    policy::Key key {};
    std::uint32_t ipv4 = 0;
    qint64 freeBytes = 0;
    qint64 lastSeen = 0;
    bool online = false;
    double availability = policy::kUnknown;
    std::vector<double> absences; // detector time, the most recent ones last (at most kPeerHistory)
    double meanCycle = policy::kUnknown; // detector time
    std::optional<policy::WeibullParams> absenceFit; // detector time
};

struct PeerTable {
    QHash<QString, PeerView> peers;
    // Evidence for policy::refitDetector (detector time): absences that started within the availability
    // window, ended or still open, absences past the departure horizon, observed peer-time.
    std::vector<double> endedAbsences, openAbsences;
    double confirmedDepartures = 0;
    double peerSeconds = 0;
    // The model's p: peers' availability weighted by the replica bytes they hold (what "the peer a replica is
    // on" offers; by head count most holders are weak peers with a replica or two). NaN while nobody holds any.
    double holderAvailability = policy::kUnknown;

    policy::DetectorEvidence evidence() const;
};

inline constexpr int kPeerHistory = 16; // own absences the detector sees per peer (as the simulator keeps)
inline constexpr double kPeerFitPriorWeight = 8; // absences the population's Weibull is worth in a peer's fit
inline constexpr double kDepartureHorizon = 14 * 24 * 3600.0; // detector time: an absence this long is a departure

std::uint32_t ipv4Of(const QString& address);
policy::Key keyOf(const QString& hexId);

// Reads every peer and its sessions within the availability window; nullopt if the store fails. Per-peer
// absence fits shrink toward `population`.
std::optional<PeerTable> loadPeerTable(
    MetadataStore& store, const DcConfig& config, qint64 now, const policy::WeibullParams& population);

} // namespace as::server
