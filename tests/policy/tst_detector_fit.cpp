// Unit tests of the detector refit (core/policy/DetectorFit.h): the Weibull MLE recovers known parameters from
// seeded samples, with and without right-censoring; the shrunk fit moves from the prior to the peer's own
// figures as its samples grow; degenerate inputs (empty, one sample, all equal) give defined answers; q and the
// departure rate follow the evidence.
#include "core/policy/DetectorFit.h"

#include <QtTest>
#include <cmath>
#include <random>

using namespace as::policy;

namespace {

constexpr double kHour = 3600.0;

// Our own inverse-CDF sampler on std::mt19937_64 (its output is fixed by the standard, unlike the
// distributions'), so the samples, and the tolerances below, are the same on every platform.
struct Sampler {
    std::mt19937_64 engine;
    explicit Sampler(std::uint64_t seed)
        : engine(seed)
    { }
    double uniform() { return (double(engine() >> 11) + 0.5) * 0x1.0p-53; }
    double weibull(const WeibullParams& p) { return p.scale * std::pow(-std::log(uniform()), 1.0 / p.shape); }
};

std::vector<double> weibullSample(const WeibullParams& p, int n, std::uint64_t seed)
{
    Sampler s(seed);
    std::vector<double> out;
    for (int i = 0; i < n; ++i)
        out.push_back(s.weibull(p));
    return out;
}

bool near(double value, double expected, double relative)
{
    return std::abs(value / expected - 1) <= relative;
}

} // namespace

class TestDetectorFit : public QObject {
    Q_OBJECT
private slots:
    void mleRecoversKnownParameters()
    {
        for (const WeibullParams truth : { WeibullParams { 0.5, 4 * kHour }, WeibullParams { 0.8, 12 * kHour },
                 WeibullParams { 3.0, 10 * kHour } }) {
            const auto fit = fitWeibullMle(weibullSample(truth, 4000, 7));
            QVERIFY(fit.has_value());
            QVERIFY2(near(fit->shape, truth.shape, 0.05) && near(fit->scale, truth.scale, 0.08),
                qPrintable(QStringLiteral("truth (%1, %2 h) fit (%3, %4 h)")
                               .arg(truth.shape)
                               .arg(truth.scale / kHour)
                               .arg(fit->shape)
                               .arg(fit->scale / kHour)));
        }
    }

    void censoringRemovesTheBiasOfOpenAbsences()
    {
        // Each absence is watched for an exponential time; those still running at the end are open (censored).
        const WeibullParams truth { 0.5, 8 * kHour };
        Sampler s(3);
        std::vector<double> ended, open;
        for (int i = 0; i < 6000; ++i) {
            const double absence = s.weibull(truth);
            const double watched = -std::log(s.uniform()) * 24 * kHour;
            (absence <= watched ? ended : open).push_back(std::min(absence, watched));
        }
        QVERIFY(open.size() > 1000); // the long tail is mostly open
        const auto naive = fitWeibullMle(ended);
        const auto censored = fitWeibullMle(ended, open);
        QVERIFY(naive && censored);
        qInfo("ended only: (%.3f, %.2f h); with %zu open: (%.3f, %.2f h)", naive->shape, naive->scale / kHour,
            open.size(), censored->shape, censored->scale / kHour);
        QVERIFY(naive->scale < 0.6 * truth.scale); // ignoring open absences underestimates the tail badly
        QVERIFY(near(censored->shape, truth.shape, 0.07));
        QVERIFY(near(censored->scale, truth.scale, 0.15));
    }

    void sameSamplesAnyOrderSameFit()
    {
        std::vector<double> a = weibullSample({ 0.6, 5 * kHour }, 500, 11);
        std::vector<double> b(a.rbegin(), a.rend());
        std::swap(b[3], b[400]);
        const auto fa = fitWeibullMle(a), fb = fitWeibullMle(b);
        QVERIFY(fa && fb);
        QCOMPARE(fa->shape, fb->shape);
        QCOMPARE(fa->scale, fb->scale);
    }

    void degenerateInputs()
    {
        const WeibullParams prior { 0.5, 6 * kHour };
        // Empty: no fit; the shrunk fit is the prior.
        QVERIFY(!fitWeibullMle({}).has_value());
        QVERIFY(!fitWeibullScale(0.5, {}).has_value());
        const WeibullParams none = fitWeibullShrunk({}, {}, prior, 4);
        QCOMPARE(none.shape, prior.shape);
        QCOMPARE(none.scale, prior.scale);
        // Junk only counts as empty.
        const double junk[] = { -1, 0, std::nan(""), INFINITY };
        QVERIFY(!fitWeibullMle(junk).has_value());
        QCOMPARE(fitWeibullShrunk(junk, {}, prior, 4).scale, prior.scale);
        // One sample: the shape is undefined; the scale alone is (x^k)^(1/k) = x.
        const double one[] = { 2 * kHour };
        QVERIFY(!fitWeibullMle(one).has_value());
        QCOMPARE(fitWeibullScale(0.5, one).value(), 2 * kHour);
        const WeibullParams single = fitWeibullShrunk(one, {}, prior, 4);
        QCOMPARE(single.shape, prior.shape);
        QVERIFY(single.scale < prior.scale && single.scale > 2 * kHour); // one fifth of the way (in logs)
        QVERIFY(near(single.scale, std::exp((std::log(2 * kHour) + 4 * std::log(6 * kHour)) / 5), 1e-9));
        // All equal: no MLE (the shape runs off to ∞), but a finite shrunk fit at the prior's shape.
        const std::vector<double> equal(20, 12 * kHour);
        QVERIFY(!fitWeibullMle(equal).has_value());
        const WeibullParams flat = fitWeibullShrunk(equal, {}, prior, 4);
        QVERIFY(std::isfinite(flat.shape) && std::isfinite(flat.scale));
        QCOMPARE(flat.shape, prior.shape);
        QVERIFY(flat.scale > 6 * kHour && flat.scale < 12 * kHour);
        // Two distinct values: a shape inside the clamp range.
        const double two[] = { kHour, 1.001 * kHour };
        const auto tight = fitWeibullMle(two);
        QVERIFY(tight.has_value());
        QVERIFY(tight->shape >= kMinWeibullShape && tight->shape <= kMaxWeibullShape);
        // Open absences only: nothing ended, nothing to fit.
        const double open[] = { kHour, 2 * kHour };
        QVERIFY(!fitWeibullMle({}, open).has_value());
    }

    void peerFitShrinksTowardThePopulation()
    {
        const WeibullParams population { 0.5, 4 * kHour };
        const WeibullParams own { 2.0, 12 * kHour }; // a peer that sleeps ~12 h, regularly
        const std::vector<double> many = weibullSample(own, 400, 5);
        const std::vector<double> few(many.begin(), many.begin() + 3);
        const WeibullParams fromFew = fitWeibullShrunk(few, {}, population, 8);
        const WeibullParams fromMany = fitWeibullShrunk(many, {}, population, 8);
        // Few samples: close to the population; many: close to the peer's own figures.
        QVERIFY(std::abs(std::log(fromFew.scale / population.scale)) < std::abs(std::log(fromFew.scale / own.scale)));
        QVERIFY(near(fromMany.shape, own.shape, 0.1));
        QVERIFY(near(fromMany.scale, own.scale, 0.08));
        // And the detector then suspects this peer later than the population would.
        const FailureDetector detector(DetectorParams { 0.01, 0, population, 4, 4 });
        QVERIFY(detector.deadProbability(10 * kHour, {}, NAN, fromMany) < detector.deadProbability(10 * kHour, {}));
    }

    void refitFollowsTheEvidence()
    {
        const std::vector<double> ended = weibullSample({ 0.5, 10 * kHour }, 3000, 9);
        RefitConfig config;
        config.prior = { 0.7, 2 * kHour };
        DetectorEvidence e;
        e.endedAbsences = ended;
        e.confirmedDepartures = 30;
        e.peerSeconds = 3000 * 24 * kHour;
        const DetectorParams p = refitDetector(DetectorParams {}, e, config);
        QVERIFY(near(p.population.shape, 0.5, 0.08));
        QVERIFY(near(p.population.scale, 10 * kHour, 0.2));
        // q = (30 + 0.005·2000) / (3000 + 30 + 2000)
        QVERIFY(near(p.permanentShare, 40.0 / 5030.0, 1e-9));
        QVERIFY(near(p.departureRate, p.permanentShare * 3000 / e.peerSeconds, 1e-9));
        // No evidence: the priors.
        const DetectorParams empty = refitDetector(DetectorParams {}, {}, config);
        QCOMPARE(empty.population.shape, 0.7);
        QCOMPARE(empty.permanentShare, config.permanentSharePrior);
        QCOMPARE(empty.departureRate, 0.0);
        // A count of all absences ended (the sample being a recent subset) weighs q and the rate.
        e.absencesEnded = 30000;
        const DetectorParams counted = refitDetector(DetectorParams {}, e, config);
        QVERIFY(near(counted.permanentShare, 40.0 / 32030.0, 1e-9));
    }
};

QTEST_GUILESS_MAIN(TestDetectorFit)
#include "tst_detector_fit.moc"
