#include "LatencyProbe.h"

#include <algorithm>

LatencyProbe::LatencyProbe(int intervalMs, QObject* parent) : QObject(parent), m_intervalMs(intervalMs)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        const qint64 now = m_clock.nsecsElapsed();
        const double lateMs = double(now - m_lastNs) / 1e6 - m_intervalMs;
        m_samples.append(std::max(0.0, lateMs));
        m_lastNs = now;
    });
}

void LatencyProbe::start()
{
    m_clock.start();
    m_lastNs = 0;
    m_timer.start();
}

void LatencyProbe::stop() { m_timer.stop(); }

double LatencyProbe::percentile(double p) const
{
    if (m_samples.isEmpty())
        return 0;
    QVector<double> s = m_samples;
    std::sort(s.begin(), s.end());
    const qsizetype i = std::min<qsizetype>(s.size() - 1, qsizetype(p / 100.0 * double(s.size())));
    return s.at(i);
}

double LatencyProbe::max() const
{
    return m_samples.isEmpty() ? 0 : *std::max_element(m_samples.begin(), m_samples.end());
}
