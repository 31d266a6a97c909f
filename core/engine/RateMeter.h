#pragma once
// Smoothed bytes-per-second for progress lines (exponential moving average over ~2 s).

#include <QElapsedTimer>
#include <QtGlobal>

namespace as::engine {

class RateMeter {
public:
    RateMeter() { m_clock.start(); }
    void reset(qint64 bytes = 0)
    {
        m_clock.restart();
        m_lastMs = 0;
        m_lastBytes = bytes;
        m_rate = 0;
    }
    // Feeds the running total; returns the smoothed rate.
    double update(qint64 bytes)
    {
        const qint64 now = m_clock.elapsed();
        const qint64 dt = now - m_lastMs;
        if (dt >= 200) {
            const double inst = double(bytes - m_lastBytes) * 1000.0 / double(dt);
            const double alpha = m_rate == 0 ? 1.0 : std::min(1.0, double(dt) / 2000.0);
            m_rate = m_rate + alpha * (inst - m_rate);
            m_lastMs = now;
            m_lastBytes = bytes;
        }
        return m_rate;
    }
    double rate() const { return m_rate; }

private:
    QElapsedTimer m_clock;
    qint64 m_lastMs = 0;
    qint64 m_lastBytes = 0;
    double m_rate = 0;
};

} // namespace as::engine
