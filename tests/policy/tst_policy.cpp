// Unit tests of the replication policy: model, placement, failure detector, estimator and decide().
#include "core/policy/ReplicationPolicy.h"

#include <QtTest>
#include <cmath>

using namespace as::policy;

namespace {

constexpr double kHour = 3600.0;

Key keyOf(std::uint8_t first, std::uint8_t last = 0)
{
    Key k {};
    k[0] = first;
    k[31] = last;
    return k;
}

HolderState onlineHolder(std::uint8_t id, double availability = 0.3)
{
    HolderState h;
    h.peer = keyOf(id);
    h.online = true;
    h.availability = availability;
    h.ipv4 = (10u << 24) | (std::uint32_t(id) << 8) | 1u;
    return h;
}

HolderState offlineHolder(std::uint8_t id, double since, std::span<const double> history, double availability = 0.3)
{
    HolderState h = onlineHolder(id, availability);
    h.online = false;
    h.offlineSince = since;
    h.absenceHistory = history;
    return h;
}

Candidate candidate(std::uint8_t id, double availability, std::uint32_t ipv4, std::int64_t freeBytes = 1 << 30)
{
    return Candidate { keyOf(id), availability, freeBytes, ipv4 };
}

DetectorParams detectorParams()
{
    DetectorParams p;
    p.permanentShare = 0.01;
    p.population = { 0.5, 4 * kHour };
    return p;
}

} // namespace

class TestPolicy : public QObject {
    Q_OBJECT
private slots:
    // --- hybrid availability model -------------------------------------------------------------------
    void paperCaseGivesSix()
    {
        const ReplicaThreshold t = replicaThreshold({ 0.932, {}, 0.3, 0.99, 20 });
        QCOMPARE(t.count, 6);
        QVERIFY(t.targetMet);
        QVERIFY(t.availability >= 0.99);
        // Five are not enough: 0.068 · 0.7^5 ≈ 0.0114 > 0.01.
        QVERIFY(1.0 - 0.068 * std::pow(0.7, 5) < 0.99);
    }
    void perHolderFiguresCountFirst()
    {
        // Two strong holders (0.8): 0.068·0.2 > 0.01, 0.068·0.2·0.2 < 0.01 → c = 2.
        const double strong[] = { 0.8, 0.8 };
        QCOMPARE(replicaThreshold({ 0.932, strong, 0.3, 0.99, 20 }).count, 2);
        // Unknown figures (NaN) fall back to the population mean → back to 6.
        const double unknown[] = { kUnknown, kUnknown };
        QCOMPARE(replicaThreshold({ 0.932, unknown, 0.3, 0.99, 20 }).count, 6);
        // Existing holders count best first, then new ones at the mean: 0.8, 0.05, 0.3 → c = 3.
        const double mixed[] = { 0.05, 0.8 };
        QCOMPARE(replicaThreshold({ 0.932, mixed, 0.3, 0.99, 20 }).count, 3);
    }
    void outageDropsTheDcTerm()
    {
        // Pure P2P: 0.7^c ≤ 0.01 → c ≥ 12.9 → 13.
        QCOMPARE(replicaThreshold({ 0.0, {}, 0.3, 0.99, 20 }).count, 13);
        const double holders[] = { 0.3, 0.3 };
        QCOMPARE(groupAvailability(0.0, holders), 1.0 - 0.49);
        QCOMPARE(groupAvailability(0.932, {}), 0.932);
    }
    void edgeInputsAreGuarded()
    {
        QCOMPARE(replicaThreshold({ 0.999, {}, 0.3, 0.99, 20 }).count, 0); // DC alone meets it
        ReplicaThreshold never = replicaThreshold({ 0.5, {}, 0.0, 0.99, 20 });
        QCOMPARE(never.count, 20);
        QVERIFY(!never.targetMet);
        QCOMPARE(replicaThreshold({ 0.5, {}, std::nan(""), 0.99, 7 }).count, 7); // NaN mean → 0 → cap
        QCOMPARE(replicaThreshold({ 0.5, {}, 1.5, 0.99, 20 }).count, 1); // a ≥ 1 clamps to 1
        QCOMPARE(replicaThreshold({ 0.5, {}, -3.0, 0.99, 20 }).count, 20); // a ≤ 0 never helps
        QCOMPARE(replicaThreshold({ 0.5, {}, 0.3, 1.0, 20 }).count, 20); // target 1 unreachable
        QCOMPARE(replicaThreshold({ std::nan(""), {}, 0.3, std::nan(""), 20 }).count, 13); // NaN target → 0.99
        QCOMPARE(replicaThreshold({ 0.5, {}, 0.3, 0.99, -4 }).count, 0); // negative cap → 0
        QCOMPARE(clampProbability(std::nan(""), 0.25), 0.25);
    }

    // --- placement -----------------------------------------------------------------------------------
    void placementPrefersAvailabilityAndCapacity()
    {
        const Candidate cands[] = { candidate(1, 0.2, 0x0a000101), candidate(2, 0.9, 0x0a000201, 10),
            candidate(3, 0.6, 0x0a000301), candidate(4, 0.5, 0x0a000401) };
        const std::vector<Key> chosen = choosePlacement({ keyOf(0x80), keyOf(0x99), 1000, 2, {}, cands, 0.3 });
        QCOMPARE(chosen.size(), std::size_t(2));
        QCOMPARE(chosen[0], keyOf(3)); // 2 is better but has only 10 bytes free
        QCOMPARE(chosen[1], keyOf(4));
    }
    void placementSpreadsAcrossNetworks()
    {
        const HolderState holders[] = { onlineHolder(7) }; // network 10.0.7.0/24
        const Candidate cands[] = { candidate(1, 0.9, 0x0a000705), candidate(2, 0.8, 0x0a000909),
            candidate(3, 0.7, 0x0a00090a), candidate(4, 0.6, 0x0a000b01) };
        std::vector<Key> chosen = choosePlacement({ keyOf(0x80), keyOf(0x99), 1, 2, holders, cands, 0.3 });
        QCOMPARE(chosen, (std::vector<Key> { keyOf(2), keyOf(4) })); // 1 shares 10.0.7/24, 3 shares with 2
        // When nothing else exists, the same /24 is used after all.
        chosen = choosePlacement({ keyOf(0x80), keyOf(0x99), 1, 4, holders, cands, 0.3 });
        QCOMPARE(chosen, (std::vector<Key> { keyOf(2), keyOf(4), keyOf(1), keyOf(3) }));
    }
    void placementNeverPicksOwnerOrHolder()
    {
        const HolderState holders[] = { onlineHolder(5) };
        const Candidate cands[]
            = { candidate(9, 0.99, 0x0b000001), candidate(5, 0.95, 0x0c000001), candidate(6, 0.1, 0x0d000001) };
        const std::vector<Key> chosen = choosePlacement({ keyOf(0x80), keyOf(9), 1, 3, holders, cands, 0.3 });
        QCOMPARE(chosen, std::vector<Key> { keyOf(6) });
    }
    void placementIsDeterministicWithXorTies()
    {
        // Equal availability: the candidate closest to the object id wins, whatever the input order.
        const Candidate a[] = { candidate(0x10, 0.5, 0), candidate(0x81, 0.5, 0), candidate(0x40, 0.5, 0) };
        const Candidate b[] = { candidate(0x40, 0.5, 0), candidate(0x10, 0.5, 0), candidate(0x81, 0.5, 0) };
        const auto first = choosePlacement({ keyOf(0x80), keyOf(1), 1, 2, {}, a, 0.3 });
        QCOMPARE(first, choosePlacement({ keyOf(0x80), keyOf(1), 1, 2, {}, b, 0.3 }));
        QCOMPARE(first, (std::vector<Key> { keyOf(0x81), keyOf(0x10) }));
    }

    // --- failure detector ----------------------------------------------------------------------------
    void shortAbsenceIsNotDeath()
    {
        const FailureDetector detector(detectorParams());
        const double history[] = { 2 * kHour, 5 * kHour, 1 * kHour };
        QVERIFY(detector.deadProbability(10 * 60, history) < 0.02);
        QVERIFY(detector.deadProbability(10 * 60, {}) < 0.02);
    }
    void absenceFarBeyondHistoryIsDeath()
    {
        const FailureDetector detector(detectorParams());
        const double history[] = { 2 * kHour, 5 * kHour, 1 * kHour, 3 * kHour };
        QVERIFY(detector.deadProbability(30 * 24 * kHour, history) > 0.99);
        // Monotone in the absence length.
        double previous = 0;
        for (double d = 0; d < 40 * 24 * kHour; d += 6 * kHour) {
            const double p = detector.deadProbability(d, history);
            QVERIFY(p >= previous - 1e-12);
            previous = p;
        }
    }
    void nightSleeperIsNotDeadAtEightHours()
    {
        const FailureDetector detector(detectorParams());
        std::vector<double> sleeps(14, 12 * kHour);
        QVERIFY(detector.deadProbability(8 * kHour, sleeps) < 0.05);
        // A peer whose absences are always short is suspected much sooner at the same 8 h.
        std::vector<double> napper(14, 0.5 * kHour);
        QVERIFY(detector.deadProbability(8 * kHour, napper) > 5 * detector.deadProbability(8 * kHour, sleeps));
    }
    void detectorGuardsInputs()
    {
        const FailureDetector detector(detectorParams());
        const double junk[] = { std::nan(""), -5, INFINITY };
        QCOMPARE(detector.deadProbability(std::nan(""), junk), detector.deadProbability(0, {}));
        QCOMPARE(detector.deadProbability(-100, {}), detector.deadProbability(0, {}));
        DetectorParams none = detectorParams();
        none.permanentShare = 0;
        QCOMPARE(FailureDetector(none).deadProbability(1e9, {}), 0.0);
    }
    void perPeerShareFollowsCycleLength()
    {
        // One departure per 100 peer-days: a peer away once a week is likelier gone after a given
        // absence than one that comes and goes twice a day.
        DetectorParams p = detectorParams();
        p.departureRate = 1.0 / (100 * 24 * kHour);
        const FailureDetector detector(p);
        QCOMPARE(detector.permanentShareFor(12 * kHour), 0.005);
        QCOMPARE(detector.permanentShareFor(kUnknown), p.permanentShare); // unknown cycle → population q
        const double history[] = { 10 * kHour, 12 * kHour };
        QVERIFY(detector.deadProbability(2 * 24 * kHour, history, 7 * 24 * kHour)
            > detector.deadProbability(2 * 24 * kHour, history, 12 * kHour));
        QVERIFY(detector.permanentShareFor(1e12) <= 0.5);
    }
    // --- estimator and decide() -----------------------------------------------------------------------
    void transientChurnCausesNoRepair()
    {
        const FailureDetector detector(detectorParams());
        const double history[] = { 10 * kHour, 12 * kHour, 11 * kHour, 13 * kHour };
        const double now = 100 * kHour;
        // Six holders, four asleep for 6 h: the estimate stays ≈ 6 → nothing to do.
        const HolderState holders[] = { onlineHolder(1), onlineHolder(2), offlineHolder(3, now - 6 * kHour, history),
            offlineHolder(4, now - 6 * kHour, history), offlineHolder(5, now - 6 * kHour, history),
            offlineHolder(6, now - 6 * kHour, history) };
        GroupInput group { keyOf(0x80), keyOf(0x99), 1000, holders, {}, now, 0.932, true, 0.3 };
        const Decision d = decide(group, detector);
        QCOMPARE(d.threshold, 6);
        QVERIFY(d.estimate > 5.9);
        QCOMPARE(d.action, Action::None);
    }
    void repairBelowThresholdByClosestLiveMember()
    {
        const FailureDetector detector(detectorParams());
        const double history[] = { 1 * kHour, 2 * kHour };
        const double now = 1000 * kHour;
        // Two holders gone for 20 days: the estimate falls to ≈ 4 < 6.
        const HolderState holders[] = { onlineHolder(0x01), onlineHolder(0x83), onlineHolder(0x90), onlineHolder(0x20),
            offlineHolder(0x81, now - 480 * kHour, history), offlineHolder(0x82, now - 480 * kHour, history) };
        const Candidate cands[]
            = { candidate(0x30, 0.4, 0x0b000001), candidate(0x31, 0.5, 0x0c000001), candidate(0x32, 0.45, 0x0d000001) };
        GroupInput group { keyOf(0x80), keyOf(0x99), 1000, holders, cands, now, 0.932, true, 0.3 };
        const Decision d = decide(group, detector);
        QCOMPARE(d.action, Action::Add);
        QCOMPARE(d.addCount, 2);
        QCOMPARE(d.add, (std::vector<Key> { keyOf(0x31), keyOf(0x32) }));
        // 0x81/0x82 are closer to 0x80 but offline: the closest *live* member acts.
        QVERIFY(d.actor.has_value());
        QCOMPARE(*d.actor, keyOf(0x83));
        // No candidates: the count is still reported, nobody chosen.
        group.candidates = {};
        const Decision bare = decide(group, detector);
        QCOMPARE(bare.addCount, 2);
        QVERIFY(bare.add.empty());
        // Nobody online: no member can act (only the DC could).
        const HolderState allAway[] = { offlineHolder(1, now - 480 * kHour, history) };
        group.holders = allAway;
        QVERIFY(!decide(group, detector).actor.has_value());
    }
    void returningHolderCountsAndSurplusIsDroppedWithHysteresis()
    {
        const FailureDetector detector(detectorParams());
        const double now = 1000 * kHour;
        // After a repair to 6, a returning holder makes 7 = c + 1 < c + 1.5: kept (hysteresis).
        std::vector<HolderState> holders;
        for (std::uint8_t i = 1; i <= 7; ++i)
            holders.push_back(onlineHolder(i, 0.3));
        GroupInput group { keyOf(0x80), keyOf(0x99), 1000, holders, {}, now, 0.932, true, 0.3 };
        Decision d = decide(group, detector);
        QCOMPARE(d.threshold, 6);
        QCOMPARE(d.estimate, 7.0);
        QCOMPARE(d.action, Action::None);
        // Two more return: 9 ≥ c + 1.5 → drop the weakest while the rest stays ≥ c + 0.5: down to 7.
        holders.push_back(onlineHolder(8, 0.2));
        holders.push_back(onlineHolder(9, 0.25));
        group.holders = holders;
        d = decide(group, detector);
        QCOMPARE(d.action, Action::Drop);
        QCOMPARE(d.drop, (std::vector<Key> { keyOf(8), keyOf(9) }));
    }
    void estimateSumsLiveness()
    {
        const FailureDetector detector(detectorParams());
        const double history[] = { kHour };
        const HolderState holders[] = { onlineHolder(1), offlineHolder(2, 0, history) };
        const double e = estimateLiveReplicas(holders, 0, detector);
        QVERIFY(e > 1.98 && e <= 2.0);
        HolderState cached = offlineHolder(3, 0, history);
        cached.deadProbability = 0.75;
        const HolderState withCache[] = { cached };
        QCOMPARE(estimateLiveReplicas(withCache, 0, detector), 0.25);
    }
    void outageRaisesThreshold()
    {
        const FailureDetector detector(detectorParams());
        const HolderState holders[] = { onlineHolder(1) };
        GroupInput group { keyOf(0x80), keyOf(0x99), 1000, holders, {}, 0, 0.932, false, 0.3 };
        QCOMPARE(decide(group, detector).threshold, 13);
    }
};

QTEST_GUILESS_MAIN(TestPolicy)
#include "tst_policy.moc"
