#include "server/replication/DataReads.h"

#include <arpa/inet.h>

#include <algorithm>

namespace as::server {

QString DataReads::addressKey(const std::string& address)
{
    std::string a = address;
    if (a.rfind("::ffff:", 0) == 0 && a.find('.') != std::string::npos)
        a = a.substr(7);
    unsigned char raw[16];
    if (::inet_pton(AF_INET6, a.c_str(), raw) == 1)
        return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(raw), 8).toHex()) + QStringLiteral("::/64");
    return QString::fromStdString(a);
}

void DataReads::setWindow(qint64 windowMs)
{
    std::lock_guard lock(m_mutex);
    m_windowMs = windowMs;
}

void DataReads::pruneLocked(qint64 nowMs)
{
    const qint64 oldest = nowMs - m_windowMs;
    for (auto it = m_reads.begin(); it != m_reads.end();) {
        it->removeIf([oldest](const Read& r) { return r.atMs < oldest; });
        it = it->isEmpty() ? m_reads.erase(it) : std::next(it);
    }
    for (auto it = m_peersAt.begin(); it != m_peersAt.end();) {
        it->removeIf([oldest](const auto& seen) { return seen.value() < oldest; });
        it = it->isEmpty() ? m_peersAt.erase(it) : std::next(it);
    }
    m_prunedAtMs = nowMs;
}

void DataReads::notePeer(const std::string& address, const QString& peerId, qint64 atMs)
{
    const QString key = addressKey(address);
    std::lock_guard lock(m_mutex);
    if (atMs - m_prunedAtMs > m_windowMs / 10 || (m_peersAt.size() >= kMaxKeys && !m_peersAt.contains(key)))
        pruneLocked(atMs);
    if (m_peersAt.size() >= kMaxKeys && !m_peersAt.contains(key))
        return; // unrecorded: that address's reads count against its peers as before
    QHash<QString, qint64>& peers = m_peersAt[key];
    if (peers.size() < kMaxPeersPerAddress || peers.contains(peerId))
        peers[peerId] = atMs;
}

bool DataReads::sharedAddress(const std::string& address, const QString& peerId, qint64 nowMs) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_peersAt.constFind(addressKey(address));
    if (it == m_peersAt.cend())
        return false;
    const qint64 oldest = nowMs - m_windowMs;
    for (auto seen = it->cbegin(); seen != it->cend(); ++seen)
        if (seen.key() != peerId && seen.value() >= oldest)
            return true;
    return false;
}

void DataReads::record(const std::string& address, const QString& objectId, qint64 begin, qint64 end, qint64 atMs)
{
    if (end <= begin)
        return;
    const QString key = addressKey(address) + QLatin1Char(' ') + objectId;
    std::lock_guard lock(m_mutex);
    // A full scan at most once per tenth of the window, or when full: O(1) amortised per read.
    if (atMs - m_prunedAtMs > m_windowMs / 10 || (m_reads.size() >= kMaxKeys && !m_reads.contains(key)))
        pruneLocked(atMs);
    if (m_reads.size() >= kMaxKeys && !m_reads.contains(key))
        return; // full of live reads: this one goes unrecorded (docs/replication.md says what that allows)
    QList<Read>& reads = m_reads[key];
    reads.append({ begin, end, atMs });
    if (reads.size() > kMaxRangesPerKey) {
        Read all { begin, end, atMs };
        for (const Read& r : std::as_const(reads)) {
            all.begin = std::min(all.begin, r.begin);
            all.end = std::max(all.end, r.end);
        }
        reads = { all }; // covers every range it replaces, stamped with the newest time
    }
}

bool DataReads::readSince(
    const std::string& address, const QString& objectId, qint64 begin, qint64 end, qint64 sinceMs) const
{
    const QString key = addressKey(address) + QLatin1Char(' ') + objectId;
    std::lock_guard lock(m_mutex);
    const auto it = m_reads.constFind(key);
    if (it == m_reads.cend())
        return false;
    return std::any_of(it->cbegin(), it->cend(),
        [&](const Read& r) { return r.atMs >= sinceMs && r.begin < end && begin < r.end; });
}

} // namespace as::server
