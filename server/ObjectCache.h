#pragma once
// A short-lived cache of GET /api/v1/objects/{id} answers: the hot metadata read costs a hash lookup instead of
// two SQL queries and a JSON encoding. Entries carry the owner (authorization is still checked on every hit)
// and live `ttlMs`; this server invalidates at once on every change it makes (upload progress, publish, delete,
// heartbeats naming the object), so staleness is bounded by the TTL only for holders that stopped naming an
// object and for changes made by other servers of a multi-server DC.

#include <QByteArray>
#include <QHash>
#include <QString>
#include <mutex>
#include <optional>

namespace as::server {

class ObjectCache {
public:
    explicit ObjectCache(qint64 ttlMs = 2000, int maxEntries = 50000)
        : m_ttlMs(ttlMs)
        , m_max(maxEntries)
    { }

    struct Entry {
        QString owner;
        QByteArray json;
    };
    std::optional<Entry> get(const QString& id);
    void put(const QString& id, Entry entry);
    void invalidate(const QString& id);

private:
    struct Stored {
        Entry entry;
        qint64 at = 0;
    };
    qint64 m_ttlMs;
    int m_max;
    std::mutex m_mutex;
    QHash<QString, Stored> m_entries;
};

} // namespace as::server
