// A small-scale run of the simulator (bench/sim): the AmazingStore policy must beat the DC alone, use
// less repair traffic than the fixed-timeout baseline, and give identical results for the same seed.
#include "bench/sim/Report.h"
#include "bench/sim/Simulator.h"

#include <QJsonDocument>
#include <QtTest>

using namespace as::sim;

class TestSim : public QObject {
    Q_OBJECT
private:
    static SimConfig smallConfig(std::uint64_t seed)
    {
        SimConfig c;
        c.users = 500;
        c.objects = 2000;
        c.days = 7;
        c.seed = seed;
        return c;
    }

private slots:
    void policyBeatsDcAloneAndBaselineTraffic()
    {
        const SimResult r = runSimulation(smallConfig(3));
        QVERIFY(r.requests > 1000);
        QVERIFY2(r.ours.availability > r.dcAlone.availability,
            qPrintable(QStringLiteral("ours %1 vs DC alone %2").arg(r.ours.availability).arg(r.dcAlone.availability)));
        QVERIFY(r.ours.peerServedFraction > 0.5);
        QVERIFY2(r.ours.repairBytes < r.baseline.repairBytes,
            qPrintable(QStringLiteral("ours %1 vs baseline %2").arg(r.ours.repairBytes).arg(r.baseline.repairBytes)));
        QVERIFY(r.ours.replicasMean > 0);
        QVERIFY(r.dcAvailability > 0.5 && r.dcAvailability <= 1.0);
        QCOMPARE(r.dcAlone.peerServedFraction, 0.0);
    }
    void sameSeedSameJson()
    {
        const QByteArray a = QJsonDocument(toJson(runSimulation(smallConfig(11)))).toJson();
        const QByteArray b = QJsonDocument(toJson(runSimulation(smallConfig(11)))).toJson();
        QCOMPARE(a, b);
        const QByteArray c = QJsonDocument(toJson(runSimulation(smallConfig(12)))).toJson();
        QVERIFY(a != c);
        // The contract's keys are there (DESIGN §8).
        const QJsonObject o = QJsonDocument::fromJson(a).object();
        for (const char16_t* key : { u"dc_availability", u"availability", u"peer_served_fraction", u"replicas_mean",
                 u"repair_bytes", u"objects_lost" }) {
            QVERIFY(o.contains(QStringView(key)));
            QVERIFY(o[u"baseline"].toObject().contains(QStringView(key)));
        }
    }
};

QTEST_GUILESS_MAIN(TestSim)
#include "tst_sim.moc"
