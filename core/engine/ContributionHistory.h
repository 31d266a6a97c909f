#pragma once
// The node's contribution over time, as its operator's dashboard shows it (the `contribution` command's
// `history`): while the engine contributes (`run`, in the daemon or the tray app) it samples the space used
// by replicas, the bytes served to peers, the replicas held and whether the node was online, at start,
// every kSampleIntervalMs and at a clean stop, into the profile's store. Old samples are thinned out:
// five-minute points for kFineKeepMs, then one point per hour, nothing older than kKeepMs.
//
// "Online" means useful to the system: the DC answered this node since the last sample (or its last call
// did; before the first call, a configured DC not known to be down), or the node served bytes to peers
// meanwhile. Each sample stands for the time since the previous one
// (at most one interval); time the engine did not run is covered by no sample and counts as offline.

#include "core/state/Store.h"

#include <QDateTime>
#include <QObject>
#include <functional>
#include <optional>

class QTimer;

namespace as::engine {

class EngineContext;

class ContributionHistory : public QObject {
    Q_OBJECT
public:
    // Five minutes: fine enough to show a laptop's evening session and to measure availability to about a
    // percent within a day (288 samples), coarse enough that the database and the chart stay small. The
    // DC's heartbeat (60 s) keeps the "DC answered" signal fresh within each interval.
    static constexpr qint64 kSampleIntervalMs = 5 * 60 * 1000;
    // Five-minute points for two days (576 points: the chart's "today and yesterday"), then hourly points
    // for 90 days (2,160 points: a quarter's trend, the window the availability figure uses at most).
    static constexpr qint64 kFineKeepMs = 2LL * 24 * 3600 * 1000;
    static constexpr qint64 kCoarseBucketMs = 3600 * 1000;
    static constexpr qint64 kKeepMs = 90LL * 24 * 3600 * 1000;
    // The node's own availability figure looks back this far (30 days, as the DC's figures do).
    static constexpr qint64 kAvailabilityWindowMs = 30LL * 24 * 3600 * 1000;

    struct Options {
        qint64 intervalMs = kSampleIntervalMs;
        std::function<QDateTime()> clock; // empty: the system clock (UTC); tests pass their own
    };

    ContributionHistory(EngineContext& ctx, Options options, QObject* parent = nullptr);
    ~ContributionHistory() override;

    // Takes the start sample (covering no time) and samples every interval from then on.
    void start();
    // Takes the last sample (a clean stop) and stops sampling.
    void stop();
    bool isRunning() const { return m_running; }
    // One sample now (also what the timer does).
    Status sampleNow();

    // Share of the time online in the `windowMs` before `now` (from the first sample if that is later),
    // from the samples' online time; nullopt when the samples cover no time yet. Less than an interval since
    // the last sample is the interval in progress and not counted; a longer silence counts as offline.
    static std::optional<double> availability(const QList<state::ContributionSample>& samples, const QDateTime& now,
        qint64 windowMs = kAvailabilityWindowMs, qint64 intervalMs = kSampleIntervalMs);

private:
    Status record(bool atStart);
    QDateTime now() const;

    EngineContext& m_ctx;
    Options m_opt;
    QTimer* m_timer;
    bool m_running = false;
    bool m_dcAnswered = false; // a DC call succeeded since the last sample
    bool m_dcKnown = false; // a DC call has finished since this object was made
    bool m_dcReachable = false; // the last DC call's outcome
};

} // namespace as::engine
