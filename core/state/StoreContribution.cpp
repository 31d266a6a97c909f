// Store: the node's contribution history (table contribution_history, migration 2).
#include "core/state/SqlHelpers.h"
#include "core/state/Store.h"

#include <QSqlDatabase>
#include <limits>

namespace as::state {
using detail::exec;
using detail::fromMs;
using detail::run;

namespace {
const QString kColumns = QStringLiteral("t, used_bytes, bytes_served, replicas_held, online, span_ms, online_ms");

ContributionSample sampleFromRow(const QSqlQuery& q)
{
    ContributionSample s;
    s.t = fromMs(q.value(0));
    s.usedBytes = q.value(1).toLongLong();
    s.bytesServed = q.value(2).toLongLong();
    s.replicasHeld = q.value(3).toInt();
    s.online = q.value(4).toBool();
    s.spanMs = q.value(5).toLongLong();
    s.onlineMs = q.value(6).toLongLong();
    return s;
}

QVariantList binds(const ContributionSample& s)
{
    return { s.t.toMSecsSinceEpoch(), s.usedBytes, s.bytesServed, s.replicasHeld, int(s.online), s.spanMs, s.onlineMs };
}
} // namespace

Status Store::addContributionSample(const ContributionSample& sample)
{
    if (!sample.t.isValid() || sample.spanMs < 0 || sample.onlineMs < 0 || sample.onlineMs > sample.spanMs)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("contribution sample: bad time or span"));
    return exec(m_connection,
        QStringLiteral("INSERT INTO contribution_history (%1) VALUES (?, ?, ?, ?, ?, ?, ?)").arg(kColumns),
        binds(sample));
}

QList<ContributionSample> Store::contributionHistory(const QDateTime& since) const
{
    QList<ContributionSample> out;
    auto q
        = run(m_connection, QStringLiteral("SELECT %1 FROM contribution_history WHERE t > ? ORDER BY t").arg(kColumns),
            { since.isValid() ? since.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min() });
    while (q && q->next())
        out.append(sampleFromRow(*q));
    return out;
}

std::optional<ContributionSample> Store::lastContributionSample() const
{
    auto q = run(
        m_connection, QStringLiteral("SELECT %1 FROM contribution_history ORDER BY t DESC LIMIT 1").arg(kColumns));
    if (!q || !q->next())
        return std::nullopt;
    return sampleFromRow(*q);
}

Status Store::compactContributionHistory(const QDateTime& mergeBefore, qint64 bucketMs, const QDateTime& dropBefore)
{
    if (bucketMs <= 0)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("contribution history: bucket must be positive"));
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const qint64 mergeMs = mergeBefore.toMSecsSinceEpoch();
    // Only the buckets that still hold more than one point (usually the hour or two that aged past
    // mergeBefore since the last call).
    QList<qint64> buckets;
    auto q = run(m_connection,
        QStringLiteral("SELECT t / ? AS b FROM contribution_history WHERE t < ? GROUP BY b HAVING COUNT(*) > 1"),
        { bucketMs, mergeMs });
    while (q && q->next())
        buckets.append(q->value(0).toLongLong());
    if (!db.transaction())
        return makeError(ErrorCode::Io, QStringLiteral("profile database: cannot start a transaction"));
    auto rollback = [&db](Status s) {
        db.rollback();
        return s;
    };
    for (qint64 b : buckets) {
        const qint64 from = b * bucketMs;
        const qint64 to = std::min(from + bucketMs, mergeMs);
        auto rows = run(m_connection,
            QStringLiteral("SELECT %1 FROM contribution_history WHERE t >= ? AND t < ? ORDER BY t").arg(kColumns),
            { from, to });
        if (!rows)
            return rollback(
                makeError(ErrorCode::Io, QStringLiteral("profile database: cannot read the contribution history")));
        // The merged point keeps the bucket's last values (they are levels and monotonic counters) and
        // stands for all the time its points stood for.
        ContributionSample merged;
        int n = 0;
        while (rows->next()) {
            const ContributionSample s = sampleFromRow(*rows);
            merged.t = s.t;
            merged.usedBytes = s.usedBytes;
            merged.bytesServed = s.bytesServed;
            merged.replicasHeld = s.replicasHeld;
            merged.online = s.online;
            merged.spanMs += s.spanMs;
            merged.onlineMs += s.onlineMs;
            ++n;
        }
        if (n < 2)
            continue;
        // Online when it was for most of the hour (or, for points that cover no time, when the last was).
        merged.online = merged.spanMs > 0 ? 2 * merged.onlineMs >= merged.spanMs : merged.online;
        if (Status s = exec(
                m_connection, QStringLiteral("DELETE FROM contribution_history WHERE t >= ? AND t < ?"), { from, to });
            !s)
            return rollback(s);
        if (Status s = exec(m_connection,
                QStringLiteral("INSERT INTO contribution_history (%1) VALUES (?, ?, ?, ?, ?, ?, ?)").arg(kColumns),
                binds(merged));
            !s)
            return rollback(s);
    }
    if (Status s = exec(m_connection, QStringLiteral("DELETE FROM contribution_history WHERE t < ?"),
            { dropBefore.toMSecsSinceEpoch() });
        !s)
        return rollback(s);
    if (!db.commit())
        return rollback(
            makeError(ErrorCode::Io, QStringLiteral("profile database: cannot commit the contribution history")));
    return Status::success();
}

} // namespace as::state
