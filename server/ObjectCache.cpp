#include "server/ObjectCache.h"

#include <chrono>

namespace as::server {

namespace {
qint64 nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
} // namespace

std::optional<ObjectCache::Entry> ObjectCache::get(const QString& id)
{
    std::lock_guard lock(m_mutex);
    auto it = m_entries.constFind(id);
    if (it == m_entries.constEnd() || nowMs() - it->at > m_ttlMs)
        return std::nullopt;
    return it->entry;
}

void ObjectCache::put(const QString& id, Entry entry)
{
    std::lock_guard lock(m_mutex);
    if (m_entries.size() >= m_max)
        m_entries.clear(); // crude but bounded; entries are cheap to rebuild
    m_entries.insert(id, Stored { std::move(entry), nowMs() });
}

void ObjectCache::invalidate(const QString& id)
{
    std::lock_guard lock(m_mutex);
    m_entries.remove(id);
}

} // namespace as::server
