#include "core/policy/DetectorFit.h"

#include "core/policy/AvailabilityModel.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace as::policy {

namespace {

// Usable samples, sorted (so the sums, and the answer, do not depend on the callers' order) and divided by
// the largest value (so y^k stays in [0, 1] for every shape tried: no overflow).
struct Samples {
    std::vector<double> ended, open;
    double unit = 1;
};

Samples prepare(std::span<const double> ended, std::span<const double> open)
{
    Samples s;
    for (double d : ended)
        if (d > 0 && std::isfinite(d))
            s.ended.push_back(d);
    for (double d : open)
        if (d > 0 && std::isfinite(d))
            s.open.push_back(d);
    std::sort(s.ended.begin(), s.ended.end());
    std::sort(s.open.begin(), s.open.end());
    double largest = 0;
    if (!s.ended.empty())
        largest = s.ended.back();
    if (!s.open.empty())
        largest = std::max(largest, s.open.back());
    if (largest > 0) {
        s.unit = largest;
        for (double& d : s.ended)
            d /= largest;
        for (double& d : s.open)
            d /= largest;
    }
    return s;
}

// Σ y^k, Σ y^k ln y and Σ y^k ln² y over ended and open samples alike (both survive up to their value).
struct PowerSums {
    double b = 0, a = 0, c = 0;
};

PowerSums powerSums(const Samples& s, double k)
{
    PowerSums p;
    for (const std::vector<double>* list : { &s.ended, &s.open })
        for (double y : *list) {
            const double l = std::log(y);
            const double w = std::exp(k * l);
            p.b += w;
            p.a += w * l;
            p.c += w * l * l;
        }
    return p;
}

double scaleFor(const Samples& s, double shape)
{
    const double r = double(s.ended.size());
    return s.unit * std::pow(powerSums(s, shape).b / r, 1.0 / shape);
}

} // namespace

std::optional<WeibullParams> fitWeibullMle(std::span<const double> ended, std::span<const double> open)
{
    const Samples s = prepare(ended, open);
    if (s.ended.size() < 2 || s.ended.front() == s.ended.back())
        return std::nullopt;
    double meanLog = 0;
    for (double y : s.ended)
        meanLog += std::log(y);
    meanLog /= double(s.ended.size());
    // The profile likelihood's score in k, g(k) = Σy^k ln y / Σy^k − 1/k − mean(ln y_ended), increases with k
    // (a weighted variance plus 1/k²), so its one root is found by Newton steps kept inside a bracket.
    auto g = [&](double k, double* slope) {
        const PowerSums p = powerSums(s, k);
        if (slope)
            *slope = (p.c * p.b - p.a * p.a) / (p.b * p.b) + 1.0 / (k * k);
        return p.a / p.b - 1.0 / k - meanLog;
    };
    double lo = kMinWeibullShape, hi = kMaxWeibullShape;
    double shape;
    if (g(lo, nullptr) >= 0) {
        shape = lo;
    } else if (g(hi, nullptr) <= 0) {
        shape = hi;
    } else {
        double k = 1.0;
        for (int i = 0; i < 100; ++i) {
            double slope = 0;
            const double value = g(k, &slope);
            (value < 0 ? lo : hi) = k;
            double next = slope > 0 ? k - value / slope : 0.0;
            if (!(next > lo && next < hi))
                next = std::sqrt(lo * hi);
            const bool done = std::abs(next - k) <= 1e-12 * k;
            k = next;
            if (done || hi - lo <= 1e-12 * lo)
                break;
        }
        shape = k;
    }
    return WeibullParams { shape, scaleFor(s, shape) };
}

std::optional<double> fitWeibullScale(double shape, std::span<const double> ended, std::span<const double> open)
{
    if (!(shape > 0) || !std::isfinite(shape))
        return std::nullopt;
    const Samples s = prepare(ended, open);
    if (s.ended.empty())
        return std::nullopt;
    return scaleFor(s, shape);
}

WeibullParams fitWeibullShrunk(
    std::span<const double> ended, std::span<const double> open, const WeibullParams& prior, double priorWeight)
{
    WeibullParams base;
    base.shape = std::clamp(prior.shape > 0 ? prior.shape : WeibullParams {}.shape, kMinWeibullShape, kMaxWeibullShape);
    base.scale = prior.scale > 0 && std::isfinite(prior.scale) ? prior.scale : WeibullParams {}.scale;
    double r = 0;
    for (double d : ended)
        r += d > 0 && std::isfinite(d) ? 1 : 0;
    if (r == 0)
        return base;
    WeibullParams own { base.shape, 0 };
    if (auto mle = fitWeibullMle(ended, open))
        own = *mle;
    else
        own.scale = fitWeibullScale(base.shape, ended, open).value_or(base.scale);
    const double w = std::isfinite(priorWeight) ? std::max(priorWeight, 0.0) : 0.0;
    auto blend
        = [&](double mine, double theirs) { return std::exp((r * std::log(mine) + w * std::log(theirs)) / (r + w)); };
    return WeibullParams { blend(own.shape, base.shape), blend(own.scale, base.scale) };
}

DetectorParams refitDetector(const DetectorParams& current, const DetectorEvidence& evidence, const RefitConfig& config)
{
    DetectorParams params = current;
    params.population
        = fitWeibullShrunk(evidence.endedAbsences, evidence.openAbsences, config.prior, config.populationPriorWeight);
    double ended = evidence.absencesEnded;
    if (!(ended >= 0)) {
        ended = 0;
        for (double d : evidence.endedAbsences)
            ended += d > 0 && std::isfinite(d) ? 1 : 0;
    }
    const double departures
        = std::isfinite(evidence.confirmedDepartures) ? std::max(evidence.confirmedDepartures, 0.0) : 0;
    const double w = std::max(config.permanentSharePriorWeight, 0.0);
    const double q0 = clampProbability(config.permanentSharePrior);
    const double all = ended + departures + w;
    params.permanentShare = all > 0 ? (departures + q0 * w) / all : q0;
    params.departureRate = 0;
    if (config.perPeerPermanentShare && ended > 0 && ended >= config.minAbsencesForRate && evidence.peerSeconds > 0
        && std::isfinite(evidence.peerSeconds))
        params.departureRate = params.permanentShare * ended / evidence.peerSeconds;
    return params;
}

} // namespace as::policy
