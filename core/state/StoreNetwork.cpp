// Store: what the node remembers about the network (torrents, resume data, holders, DHT nodes, DC health)
// and its counters and raw settings.
#include "core/state/SqlHelpers.h"
#include "core/state/Store.h"

#include <QStringList>

namespace as::state {
using detail::exec;
using detail::fromMs;
using detail::run;

Status Store::cacheTorrent(const QString& objectId, const QByteArray& torrent)
{
    return exec(m_connection, QStringLiteral("INSERT OR REPLACE INTO torrents (object_id, torrent, fetched) VALUES (?, ?, ?)"),
                {objectId, torrent, QDateTime::currentMSecsSinceEpoch()});
}

QByteArray Store::cachedTorrent(const QString& objectId) const
{
    auto q = run(m_connection, QStringLiteral("SELECT torrent FROM torrents WHERE object_id = ?"), {objectId});
    return q && q->next() ? q->value(0).toByteArray() : QByteArray();
}

Status Store::saveResumeData(const QString& objectId, const QByteArray& data)
{
    return exec(m_connection, QStringLiteral("INSERT OR REPLACE INTO resume_data (object_id, data) VALUES (?, ?)"),
                {objectId, data});
}

QByteArray Store::resumeData(const QString& objectId) const
{
    auto q = run(m_connection, QStringLiteral("SELECT data FROM resume_data WHERE object_id = ?"), {objectId});
    return q && q->next() ? q->value(0).toByteArray() : QByteArray();
}

Status Store::removeResumeData(const QString& objectId)
{
    return exec(m_connection, QStringLiteral("DELETE FROM resume_data WHERE object_id = ?"), {objectId});
}

namespace {
// Remembered per object (newest first) and for the DHT: enough to find a swarm again, bounded.
constexpr int kHoldersPerObject = 20;
constexpr int kDhtNodesKept = 500;
} // namespace

Status Store::addHolder(const QString& objectId, const QString& endpoint, const QDateTime& seen)
{
    if (Status s = exec(m_connection,
                        QStringLiteral("INSERT INTO holders (object_id, endpoint, last_seen) VALUES (?, ?, ?) "
                                       "ON CONFLICT (object_id, endpoint) DO UPDATE SET last_seen = MAX(last_seen, excluded.last_seen)"),
                        {objectId, endpoint, seen.toMSecsSinceEpoch()});
        !s)
        return s;
    return exec(m_connection,
                QStringLiteral("DELETE FROM holders WHERE object_id = ? AND endpoint NOT IN "
                               "(SELECT endpoint FROM holders WHERE object_id = ? ORDER BY last_seen DESC LIMIT ?)"),
                {objectId, objectId, kHoldersPerObject});
}

Status Store::forgetHolder(const QString& objectId, const QString& endpoint)
{
    return exec(m_connection, QStringLiteral("DELETE FROM holders WHERE object_id = ? AND endpoint = ?"), {objectId, endpoint});
}

QStringList Store::holders(const QString& objectId, int limit) const
{
    QStringList out;
    auto q = run(m_connection,
                 QStringLiteral("SELECT endpoint FROM holders WHERE object_id = ? ORDER BY last_seen DESC LIMIT ?"),
                 {objectId, limit});
    while (q && q->next())
        out.append(q->value(0).toString());
    return out;
}

QStringList Store::allHolders(int limit) const
{
    QStringList out;
    auto q = run(m_connection, QStringLiteral("SELECT endpoint FROM holders GROUP BY endpoint "
                                              "ORDER BY MAX(last_seen) DESC LIMIT ?"),
                 {limit});
    while (q && q->next())
        out.append(q->value(0).toString());
    return out;
}

Status Store::saveDhtNodes(const QStringList& endpoints, const QDateTime& seen)
{
    for (const QString& e : endpoints) {
        if (Status s = exec(m_connection,
                            QStringLiteral("INSERT INTO dht_nodes (endpoint, last_seen) VALUES (?, ?) "
                                           "ON CONFLICT (endpoint) DO UPDATE SET last_seen = excluded.last_seen"),
                            {e, seen.toMSecsSinceEpoch()});
            !s)
            return s;
    }
    return exec(m_connection,
                QStringLiteral("DELETE FROM dht_nodes WHERE endpoint NOT IN "
                               "(SELECT endpoint FROM dht_nodes ORDER BY last_seen DESC LIMIT ?)"),
                {kDhtNodesKept});
}

QStringList Store::dhtNodes(int limit) const
{
    QStringList out;
    auto q = run(m_connection, QStringLiteral("SELECT endpoint FROM dht_nodes ORDER BY last_seen DESC LIMIT ?"), {limit});
    while (q && q->next())
        out.append(q->value(0).toString());
    return out;
}

Status Store::recordHealth(const HealthSample& s)
{
    return exec(m_connection, QStringLiteral("INSERT INTO dc_health (t, ok, latency_ms) VALUES (?, ?, ?)"),
                {s.t.toMSecsSinceEpoch(), s.ok ? 1 : 0, s.latencyMs});
}

QList<HealthSample> Store::healthSince(const QDateTime& since) const
{
    QList<HealthSample> out;
    auto q = run(m_connection, QStringLiteral("SELECT t, ok, latency_ms FROM dc_health WHERE t >= ? ORDER BY t"),
                 {since.toMSecsSinceEpoch()});
    while (q && q->next())
        out.append(HealthSample{fromMs(q->value(0)), q->value(1).toBool(), q->value(2).toInt()});
    return out;
}

double Store::dcAvailability(const QDateTime& since, double fallback) const
{
    auto q = run(m_connection, QStringLiteral("SELECT COUNT(*), COALESCE(SUM(ok), 0) FROM dc_health WHERE t >= ?"),
                 {since.toMSecsSinceEpoch()});
    if (!q || !q->next() || q->value(0).toLongLong() == 0)
        return fallback;
    return q->value(1).toDouble() / q->value(0).toDouble();
}

Status Store::pruneHealth(const QDateTime& before)
{
    return exec(m_connection, QStringLiteral("DELETE FROM dc_health WHERE t < ?"), {before.toMSecsSinceEpoch()});
}

Status Store::addToCounter(const QString& key, qint64 delta)
{
    return exec(m_connection,
                QStringLiteral("INSERT INTO counters (key, value) VALUES (?, ?) "
                               "ON CONFLICT (key) DO UPDATE SET value = value + excluded.value"),
                {key, delta});
}

qint64 Store::counter(const QString& key) const
{
    auto q = run(m_connection, QStringLiteral("SELECT value FROM counters WHERE key = ?"), {key});
    return q && q->next() ? q->value(0).toLongLong() : 0;
}

std::optional<QString> Store::setting(const QString& key) const
{
    auto q = run(m_connection, QStringLiteral("SELECT value FROM settings WHERE key = ?"), {key});
    if (!q || !q->next())
        return std::nullopt;
    return q->value(0).toString();
}

Status Store::setSetting(const QString& key, const QString& value)
{
    return exec(m_connection, QStringLiteral("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)"), {key, value});
}

} // namespace as::state
