#pragma once
// Measures how late a periodic QTimer fires on the GUI thread: the lateness is what a user feels as lag.

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QVector>

class LatencyProbe : public QObject {
    Q_OBJECT
public:
    explicit LatencyProbe(int intervalMs = 10, QObject* parent = nullptr);
    void start();
    void stop();
    void reset() { m_samples.clear(); }
    int count() const { return int(m_samples.size()); }
    double percentile(double p) const; // ms
    double max() const;

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    int m_intervalMs;
    QVector<double> m_samples;
};
