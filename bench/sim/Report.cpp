#include "bench/sim/Report.h"

#include <QJsonArray>

namespace as::sim {

namespace {

// The deployed system's figures (paper §5 / docs/design.md §1).
constexpr double kPaperDcAlone = 0.9322;
constexpr double kPaperOverall = 0.9913;
constexpr double kPaperPeerServed = 0.9038;
constexpr double kPaperPeerSide = 0.838;

QJsonObject policyJson(const PolicyResult& r, double dcAvailability)
{
    QJsonObject o;
    o[u"dc_availability"] = dcAvailability;
    o[u"availability"] = r.availability;
    o[u"time_availability"] = r.timeAvailability;
    o[u"peer_served_fraction"] = r.peerServedFraction;
    o[u"peer_side_availability"] = r.peerSideAvailability;
    o[u"replicas_mean"] = r.replicasMean;
    o[u"threshold_mean"] = r.thresholdMean;
    o[u"repair_bytes"] = r.repairBytes;
    o[u"repairs"] = double(r.repairs);
    o[u"drops"] = double(r.drops);
    o[u"objects_lost"] = double(r.objectsLost);
    o[u"failed_requests"] = double(r.failedRequests);
    o[u"audits"] = double(r.audits);
    o[u"audit_bytes"] = r.auditBytes;
    o[u"cheaters_expelled"] = double(r.cheatersExpelled);
    o[u"cheater_replica_share"] = r.cheaterReplicaShare;
    return o;
}

QString percent(double v)
{
    return QString::number(100.0 * v, 'f', 2) + u'%';
}

QString bytes(double v)
{
    if (v >= 1e12)
        return QString::number(v / 1e12, 'f', 2) + QStringLiteral(" TB");
    if (v >= 1e9)
        return QString::number(v / 1e9, 'f', 2) + QStringLiteral(" GB");
    return QString::number(v / 1e6, 'f', 1) + QStringLiteral(" MB");
}

// [time, object, "peers" | "dc" | "failed", holders online, owner online] per request: compact, for tools.
QJsonArray requestOutcomesJson(const std::vector<RequestOutcome>& outcomes)
{
    QJsonArray all;
    for (const RequestOutcome& o : outcomes) {
        const char* served = o.served == RequestOutcome::Served::Peers ? "peers"
            : o.served == RequestOutcome::Served::Dc                     ? "dc"
                                                                         : "failed";
        all.append(QJsonArray { o.time, double(o.object), QLatin1String(served), o.holdersOnline, o.ownerOnline });
    }
    return all;
}

} // namespace

QJsonObject toJson(const SimResult& r)
{
    // The AmazingStore policy's figures at the top level (docs/design.md §8), the others beside them.
    QJsonObject o = policyJson(r.ours, r.dcAvailability);
    o[u"baseline"] = policyJson(r.baseline, r.dcAvailability);
    o[u"dc_alone"] = policyJson(r.dcAlone, r.dcAvailability);
    o[u"requests"] = double(r.requests);
    o[u"users"] = r.config.users;
    o[u"users_ever"] = r.usersEver;
    o[u"departures"] = r.departures;
    o[u"dc_outages"] = r.dcOutages;
    o[u"objects"] = r.config.objects;
    o[u"days"] = r.config.days;
    o[u"seed"] = QString::number(r.config.seed);
    o[u"target"] = r.config.target;
    o[u"min_replicas"] = r.config.minReplicas;
    o[u"online_daily_peak_mean"] = r.onlinePeakMean;
    if (!r.requestOutcomes.empty())
        o[u"request_outcomes"] = requestOutcomesJson(r.requestOutcomes);
    QJsonObject outage;
    outage[u"standby_count"] = r.config.standbyCount;
    outage[u"standby_min_availability"] = r.config.standbyMinAvailability;
    outage[u"standbys_named_mean"] = r.standbysNamedMean;
    outage[u"requests"] = double(r.outageRequests);
    outage[u"requests_no_standby"] = double(r.outageRequestsNoStandby);
    outage[u"uploads"] = r.outageUploads;
    outage[u"dht_lookup"] = r.config.dhtLookup;
    // A request during an outage that needs only a holder online (the DHT finds the rest); with
    // --requests-need-standby these failed, and this says what they would add.
    outage[u"availability_without_standby_rule"] = r.ours.availability
        + (r.config.dhtLookup ? 0.0 : double(r.outageRequestsNoStandby) / double(std::max<std::int64_t>(r.requests, 1)));
    o[u"outage_mode"] = outage;
    QJsonObject learnt;
    learnt[u"absence_weibull_shape"] = r.detectorShape;
    learnt[u"absence_weibull_scale_hours"] = r.detectorScale / kHour;
    learnt[u"permanent_share"] = r.permanentShare;
    learnt[u"holder_availability_mean"] = r.holderAvailability;
    o[u"learnt"] = learnt;
    return o;
}

QString toTable(const SimResult& r)
{
    QString out;
    auto line
        = [&](const QString& what, const QString& dc, const QString& ours, const QString& base, const QString& paper) {
              out += what.leftJustified(34) + dc.rightJustified(12) + ours.rightJustified(14) + base.rightJustified(14)
                  + paper.rightJustified(10) + u'\n';
          };
    out += QStringLiteral("AmazingStore simulator: %1 users (%2 ever, %3 departures), %4 objects, %5 days, seed %6, "
                          "target %7\n")
               .arg(r.config.users)
               .arg(r.usersEver)
               .arg(r.departures)
               .arg(r.config.objects)
               .arg(r.config.days)
               .arg(r.config.seed)
               .arg(r.config.target);
    out += QStringLiteral("online at the daily peak (mean) %1; requests %2; DC up %3 of the time\n\n")
               .arg(r.onlinePeakMean, 0, 'f', 0)
               .arg(r.requests)
               .arg(percent(r.dcAvailability));
    line(QString(), QStringLiteral("DC alone"), QStringLiteral("AmazingStore"), QStringLiteral("baseline"),
        QStringLiteral("paper"));
    line(QStringLiteral("availability (requests)"), percent(r.dcAlone.availability), percent(r.ours.availability),
        percent(r.baseline.availability), percent(kPaperOverall) + QStringLiteral(" *"));
    if (!r.config.dhtLookup)
        line(QStringLiteral("  if outage requests needed no standby"), QString(),
            percent(r.ours.availability + double(r.outageRequestsNoStandby) / double(std::max<std::int64_t>(r.requests, 1))),
            QString(), QString());
    line(QStringLiteral("availability (object-time)"), percent(r.dcAlone.timeAvailability),
        percent(r.ours.timeAvailability), percent(r.baseline.timeAvailability), QString());
    line(QStringLiteral("served by peers (requests)"), percent(0), percent(r.ours.peerServedFraction),
        percent(r.baseline.peerServedFraction), percent(kPaperPeerServed));
    line(QStringLiteral("peer-side availability (obj-time)"), QString(), percent(r.ours.peerSideAvailability),
        percent(r.baseline.peerSideAvailability), percent(kPaperPeerSide));
    line(QStringLiteral("replicas per object (mean)"), QStringLiteral("0"),
        QString::number(r.ours.replicasMean, 'f', 2), QString::number(r.baseline.replicasMean, 'f', 2),
        QStringLiteral(">= 6"));
    line(QStringLiteral("threshold c (mean)"), QString(), QString::number(r.ours.thresholdMean, 'f', 2),
        QString::number(r.baseline.thresholdMean, 'f', 2), QStringLiteral("6"));
    line(QStringLiteral("repair traffic"), QStringLiteral("0"), bytes(r.ours.repairBytes),
        bytes(r.baseline.repairBytes), QString());
    line(QStringLiteral("replicas created / dropped"), QString(),
        QStringLiteral("%1/%2").arg(r.ours.repairs).arg(r.ours.drops),
        QStringLiteral("%1/%2").arg(r.baseline.repairs).arg(r.baseline.drops), QString());
    line(QStringLiteral("objects lost at the peer layer"), QString(), QString::number(r.ours.objectsLost),
        QString::number(r.baseline.objectsLost), QString());
    line(QStringLiteral("failed requests"), QString::number(r.dcAlone.failedRequests),
        QString::number(r.ours.failedRequests), QString::number(r.baseline.failedRequests), QString());
    if (r.config.cheaterShare > 0 || r.ours.audits > 0) {
        line(QStringLiteral("audits (traffic)"), QString(),
            QStringLiteral("%1 (%2)").arg(r.ours.audits).arg(bytes(r.ours.auditBytes)), QStringLiteral("none"), QString());
        line(QStringLiteral("cheaters expelled"), QString(), QString::number(r.ours.cheatersExpelled), QStringLiteral("0"),
            QString());
        line(QStringLiteral("claimed replicas on cheaters"), QString(), percent(r.ours.cheaterReplicaShare),
            percent(r.baseline.cheaterReplicaShare), QString());
    }
    out += QStringLiteral("\noutage mode: %1 standbys named per outage (k = %2, availability >= %3); %4 requests during "
                          "outages, %5 of them with a holder online but no standby reachable (%7); %6 uploads to standbys\n")
               .arg(r.standbysNamedMean, 0, 'f', 1)
               .arg(r.config.standbyCount)
               .arg(r.config.standbyMinAvailability)
               .arg(r.outageRequests)
               .arg(r.outageRequestsNoStandby)
               .arg(r.outageUploads)
               .arg(r.config.dhtLookup ? QStringLiteral("found over the DHT") : QStringLiteral("failed: --requests-need-standby"));
    out += QStringLiteral(
        "learnt by the DC: absences Weibull(shape %1, scale %2 h), q = %3, holders' mean availability %4\n")
               .arg(r.detectorShape, 0, 'f', 2)
               .arg(r.detectorScale / kHour, 0, 'f', 1)
               .arg(r.permanentShare, 0, 'f', 4)
               .arg(r.holderAvailability, 0, 'f', 3);
    out += QStringLiteral("* paper: DC alone %1 → %2 overall (AmazingStore, PKU deployment, April 2010)\n")
               .arg(percent(kPaperDcAlone), percent(kPaperOverall));
    return out;
}

QByteArray seriesCsv(const SimResult& r)
{
    QByteArray csv = "day,online_users,dc_up,ours_peer_side,baseline_peer_side,ours_replicas,baseline_replicas,"
                     "ours_repair_bytes,baseline_repair_bytes\n";
    for (const SeriesPoint& p : r.series) {
        csv += QByteArray::number(p.day, 'f', 4) + ',' + QByteArray::number(p.onlineUsers) + ','
            + QByteArray::number(p.dcUp ? 1 : 0) + ',' + QByteArray::number(p.oursPeerSide, 'f', 5) + ','
            + QByteArray::number(p.baselinePeerSide, 'f', 5) + ',' + QByteArray::number(p.oursReplicas, 'f', 4) + ','
            + QByteArray::number(p.baselineReplicas, 'f', 4) + ',' + QByteArray::number(p.oursRepairBytes, 'f', 0) + ','
            + QByteArray::number(p.baselineRepairBytes, 'f', 0) + '\n';
    }
    return csv;
}

} // namespace as::sim
