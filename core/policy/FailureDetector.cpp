#include "core/policy/FailureDetector.h"

#include "core/policy/AvailabilityModel.h"

#include <algorithm>
#include <cmath>

namespace as::policy {

double weibullSurvival(const WeibullParams& params, double duration)
{
    if (!(duration > 0))
        return 1.0;
    const double shape = params.shape > 0 ? params.shape : 1.0;
    const double scale = params.scale > 0 ? params.scale : 1.0;
    return std::exp(-std::pow(duration / scale, shape));
}

std::optional<WeibullParams> fitWeibull(std::span<const double> durations)
{
    std::vector<double> sorted;
    sorted.reserve(durations.size());
    for (double d : durations)
        if (d > 0 && std::isfinite(d))
            sorted.push_back(d);
    if (sorted.size() < 8)
        return std::nullopt;
    std::sort(sorted.begin(), sorted.end());
    const double n = double(sorted.size());
    // Median-rank plotting positions (Bernard's approximation) keep both ends finite.
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        const double cdf = (double(i) + 1 - 0.3) / (n + 0.4);
        const double x = std::log(sorted[i]);
        const double y = std::log(-std::log(1.0 - cdf));
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    const double denom = n * sxx - sx * sx;
    if (denom <= 0)
        return std::nullopt;
    const double slope = (n * sxy - sx * sy) / denom; // = shape
    const double intercept = (sy - slope * sx) / n; // = −shape · ln(scale)
    if (!(slope > 0) || !std::isfinite(intercept))
        return std::nullopt;
    return WeibullParams { slope, std::exp(-intercept / slope) };
}

FailureDetector::FailureDetector(const DetectorParams& params)
    : m_params(params)
{
    m_params.permanentShare = clampProbability(m_params.permanentShare);
    if (!(m_params.departureRate > 0) || !std::isfinite(m_params.departureRate))
        m_params.departureRate = 0;
    m_params.priorWeight = std::max(m_params.priorWeight, 1e-6);
    m_params.ownTailSoftness = std::max(m_params.ownTailSoftness, 0.0);
}

double FailureDetector::transientSurvival(double offlineFor, std::span<const double> absenceHistory) const
{
    const double d = std::isnan(offlineFor) ? 0.0 : std::max(offlineFor, 0.0);
    double own = 0;
    double count = 0;
    for (double h : absenceHistory) {
        if (!(h >= 0) || !std::isfinite(h))
            continue;
        count += 1;
        if (d <= h)
            own += 1;
        else if (h > 0)
            own += std::pow(h / d, m_params.ownTailSoftness);
    }
    const double w = m_params.priorWeight;
    return (own + w * weibullSurvival(m_params.population, d)) / (count + w);
}

double FailureDetector::permanentShareFor(double meanCycle) const
{
    if (m_params.departureRate > 0 && meanCycle > 0 && std::isfinite(meanCycle))
        return std::clamp(m_params.departureRate * meanCycle, 0.0, 0.5);
    return m_params.permanentShare;
}

double FailureDetector::deadProbability(
    double offlineFor, std::span<const double> absenceHistory, double meanCycle) const
{
    const double q = permanentShareFor(meanCycle);
    if (q <= 0)
        return 0.0;
    const double s = transientSurvival(offlineFor, absenceHistory);
    return q / (q + (1.0 - q) * s);
}

} // namespace as::policy
