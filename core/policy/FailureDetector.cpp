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

FailureDetector::FailureDetector(const DetectorParams& params)
    : m_params(params)
{
    m_params.permanentShare = clampProbability(m_params.permanentShare);
    if (!(m_params.departureRate > 0) || !std::isfinite(m_params.departureRate))
        m_params.departureRate = 0;
    m_params.priorWeight = std::max(m_params.priorWeight, 1e-6);
    m_params.ownTailSoftness = std::max(m_params.ownTailSoftness, 0.0);
}

double FailureDetector::transientSurvival(
    double offlineFor, std::span<const double> absenceHistory, const std::optional<WeibullParams>& peerFit) const
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
    return (own + w * weibullSurvival(peerFit ? *peerFit : m_params.population, d)) / (count + w);
}

double FailureDetector::permanentShareFor(double meanCycle) const
{
    if (m_params.departureRate > 0 && meanCycle > 0 && std::isfinite(meanCycle))
        return std::clamp(m_params.departureRate * meanCycle, 0.0, 0.5);
    return m_params.permanentShare;
}

double FailureDetector::deadProbability(double offlineFor, std::span<const double> absenceHistory, double meanCycle,
    const std::optional<WeibullParams>& peerFit) const
{
    const double q = permanentShareFor(meanCycle);
    if (q <= 0)
        return 0.0;
    const double s = transientSurvival(offlineFor, absenceHistory, peerFit);
    return q / (q + (1.0 - q) * s);
}

} // namespace as::policy
