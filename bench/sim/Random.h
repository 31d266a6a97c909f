#pragma once
// The simulator's randomness: std::mt19937_64 streams with our own inverse-CDF samplers, so a seed gives
// the same run with any standard library (std::*_distribution are implementation-defined).

#include <cmath>
#include <cstdint>
#include <random>

namespace as::sim {

// SplitMix64: derives independent stream seeds from the one user seed.
inline std::uint64_t splitMix64(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

class Rng {
public:
    explicit Rng(std::uint64_t seed, std::uint64_t stream)
        : m_engine(splitMix64(seed ^ splitMix64(stream)))
    { }

    std::uint64_t bits() { return m_engine(); }
    // Uniform in (0, 1): never 0, so logs are safe.
    double uniform() { return (double(m_engine() >> 11) + 0.5) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : m_engine() % n; }
    bool chance(double p) { return uniform() < p; }
    double exponential(double mean) { return -mean * std::log(uniform()); }
    // Weibull with the given mean: scale = mean / Γ(1 + 1/shape).
    double weibullWithMean(double shape, double mean)
    {
        const double scale = mean / std::tgamma(1.0 + 1.0 / shape);
        return scale * std::pow(-std::log(uniform()), 1.0 / shape);
    }
    double normal()
    {
        // Box–Muller, one value per call (simplicity over speed: used only while building the world).
        return std::sqrt(-2.0 * std::log(uniform())) * std::cos(2.0 * M_PI * uniform());
    }
    double logNormal(double median, double sigma) { return median * std::exp(sigma * normal()); }

private:
    std::mt19937_64 m_engine;
};

} // namespace as::sim
