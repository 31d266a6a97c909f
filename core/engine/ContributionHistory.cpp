#include "core/engine/ContributionHistory.h"
#include "core/engine/LogStatus.h"

#include "core/engine/EngineContext.h"

#include <QTimer>

namespace as::engine {

ContributionHistory::ContributionHistory(EngineContext& ctx, Options options, QObject* parent)
    : QObject(parent)
    , m_ctx(ctx)
    , m_opt(std::move(options))
    , m_timer(new QTimer(this))
{
    if (m_opt.intervalMs <= 0)
        m_opt.intervalMs = kSampleIntervalMs;
    m_timer->setInterval(int(std::min<qint64>(m_opt.intervalMs, INT_MAX)));
    connect(m_timer, &QTimer::timeout, this, [this] { logIfFailed(sampleNow(), "contribution history: sample"); });
    connect(&m_ctx, &EngineContext::dcCallFinished, this, [this](bool reachable) {
        m_dcKnown = true;
        m_dcReachable = reachable;
        m_dcAnswered = m_dcAnswered || reachable;
    });
}

ContributionHistory::~ContributionHistory() = default;

QDateTime ContributionHistory::now() const
{
    return m_opt.clock ? m_opt.clock() : QDateTime::currentDateTimeUtc();
}

void ContributionHistory::start()
{
    if (m_running)
        return;
    m_running = true;
    logIfFailed(record(true), "contribution history: first sample");
    m_timer->start();
}

void ContributionHistory::stop()
{
    if (!m_running)
        return;
    m_timer->stop();
    logIfFailed(record(false), "contribution history: last sample");
    m_running = false;
}

Status ContributionHistory::sampleNow()
{
    return record(false);
}

Status ContributionHistory::record(bool atStart)
{
    state::Store& store = m_ctx.store();
    const QDateTime t = now();
    const auto last = store.lastContributionSample();
    state::ContributionSample s;
    s.t = t;
    s.usedBytes = store.replicaBytes();
    s.bytesServed = store.counter(QStringLiteral("bytes_served"));
    for (const state::ReplicaRecord& r : store.replicas())
        s.replicasHeld += r.state == state::ReplicaState::Held ? 1 : 0;
    const bool served = last && s.bytesServed > last->bytesServed;
    // Before the first DC call of this run has finished, the DC counts as reachable unless none is set up
    // or it is already known to be down.
    const bool dcUp = m_dcKnown ? m_dcReachable : m_ctx.dc() != nullptr && m_ctx.mode() == Mode::Dc;
    s.online = m_dcAnswered || dcUp || served;
    m_dcAnswered = false;
    // A sample stands for the time since the previous one, at most one interval: a longer gap is time the
    // engine did not run (or the machine slept), which no sample vouches for.
    if (!atStart && last && last->t < t)
        s.spanMs = std::min(last->t.msecsTo(t), m_opt.intervalMs);
    s.onlineMs = s.online ? s.spanMs : 0;
    if (last && t <= last->t)
        s.t = last->t.addMSecs(1); // the clock went back: keep the history ordered
    if (Status st = store.addContributionSample(s); !st)
        return st;
    return store.compactContributionHistory(t.addMSecs(-kFineKeepMs), kCoarseBucketMs, t.addMSecs(-kKeepMs));
}

std::optional<double> ContributionHistory::availability(
    const QList<state::ContributionSample>& samples, const QDateTime& now, qint64 windowMs, qint64 intervalMs)
{
    if (samples.isEmpty())
        return std::nullopt;
    const QDateTime from = std::max(now.addMSecs(-windowMs), samples.first().t.addMSecs(-samples.first().spanMs));
    // The interval in progress is not known yet; a longer silence since the last sample is time off.
    const QDateTime last = samples.last().t;
    const QDateTime to = last < now && last.msecsTo(now) < intervalMs ? last : now;
    const qint64 total = from.msecsTo(to);
    if (total <= 0)
        return std::nullopt;
    qint64 online = 0;
    qint64 covered = 0;
    for (const state::ContributionSample& s : samples) {
        if (s.t <= from || s.t > to)
            continue;
        online += s.onlineMs;
        covered += s.spanMs;
    }
    if (covered == 0)
        return std::nullopt;
    return std::clamp(double(online) / double(total), 0.0, 1.0);
}

} // namespace as::engine
