#include "server/replication/AuditBook.h"

#include "core/transfer/BlockProof.h"

#include <cstring>
#include <optional>

namespace as::server {

namespace {
// A challenge is sent again in every answer until it is answered (a node that restarted has forgotten it);
// one still open after this many of the peer's heartbeats counts as not answered.
constexpr int kAnswerWithinHeartbeats = 4;

QString newChallengeId(std::mt19937_64& rng)
{
    static const char* const kAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    QString id;
    for (int i = 0; i < 24; ++i)
        id.append(QLatin1Char(kAlphabet[rng() % 36]));
    return id;
}
} // namespace

AuditBook::AuditBook()
    : m_rng(std::random_device {}())
{ }

void AuditBook::setConfig(const Config& config)
{
    std::lock_guard lock(m_mutex);
    m_config = config;
}

void AuditBook::expel(Record& r, Outcome& out)
{
    if (!r.expelled)
        ++m_totals.expelled;
    r.expelled = true;
    r.pending.clear();
    out.expelled = true;
}

void AuditBook::strike(Record& r, const QString& objectId, Outcome& out)
{
    ++m_totals.failed;
    r.withdrawn.insert(objectId);
    out.withdrawn.append(objectId);
    if (++r.strikes >= m_config.strikesToExpel)
        expel(r, out);
}

void AuditBook::setPersist(Persist persist)
{
    std::lock_guard lock(m_mutex);
    m_persist = std::move(persist);
}

void AuditBook::restore(const QList<AuditRecord>& records)
{
    std::lock_guard lock(m_mutex);
    for (const AuditRecord& a : records) {
        Record& r = m_peers[a.peerId];
        r.passes = a.passes;
        r.strikes = a.strikes;
        r.expelled = a.expelled;
        for (const QString& id : a.withdrawn)
            r.withdrawn.insert(id);
    }
}

AuditBook::Outcome AuditBook::takeAnswers(const QString& peerId, const QList<protocol::AuditAnswer>& answers,
    const TorrentOf& torrentOf, const ReadFromDc& readFromDc)
{
    Outcome out;
    std::optional<AuditRecord> changed;
    Persist persist;
    {
        std::lock_guard lock(m_mutex);
        Record& r = m_peers[peerId];
        const int passes = r.passes, strikes = r.strikes;
        const bool expelled = r.expelled;
        out = judge(r, answers, torrentOf, readFromDc);
        if (r.passes != passes || r.strikes != strikes || r.expelled != expelled || !out.withdrawn.isEmpty())
            changed = AuditRecord { peerId, r.passes, r.strikes, r.expelled, out.withdrawn };
        persist = m_persist;
    }
    // The SQLite write happens outside the lock: other peers' heartbeats do not wait for it.
    if (changed && persist)
        persist(*changed);
    return out;
}

AuditBook::Outcome AuditBook::judge(
    Record& r, const QList<protocol::AuditAnswer>& answers, const TorrentOf& torrentOf, const ReadFromDc& readFromDc)
{
    Outcome out;
    if (r.expelled) {
        out.expelled = true;
        return out;
    }
    for (const protocol::AuditAnswer& a : answers) {
        auto it = r.pending.find(a.id);
        if (it == r.pending.end() || it->challenge.objectId != a.objectId || it->challenge.block != a.block)
            continue; // not a challenge of ours (or answered already): ignored, costs nothing
        const QString objectId = it->challenge.objectId;
        const qint64 issuedAtMs = it->issuedAtMs;
        r.pending.erase(it);
        if (!a.error.isEmpty()) {
            strike(r, objectId, out);
            continue;
        }
        transfer::BlockProof proof;
        proof.block = a.block;
        proof.data = a.data;
        for (const QByteArray& s : a.siblings) {
            util::Sha256Digest d {};
            std::memcpy(d.data(), s.constData(), std::min<qsizetype>(s.size(), 32));
            proof.siblings.push_back(d);
        }
        const qint64 begin = a.block * transfer::kBlockSize;
        if (readFromDc && readFromDc(objectId, begin, begin + transfer::kBlockSize, issuedAtMs)) {
            ++m_totals.readFromDc; // fetched from the DC to answer: it proves nothing about the peer's disk
            strike(r, objectId, out);
        } else if (transfer::verifyBlockProof(torrentOf(objectId), proof).ok()) {
            ++r.passes;
            ++m_totals.passed;
        } else { // a proof that does not check is a lie, not a loss
            strike(r, objectId, out);
            expel(r, out);
        }
        if (r.expelled)
            return out;
    }
    // Challenges left unanswered while the peer kept heartbeating.
    for (auto it = r.pending.begin(); it != r.pending.end();) {
        if (++it->heartbeatsSince > kAnswerWithinHeartbeats) {
            const QString objectId = it->challenge.objectId;
            it = r.pending.erase(it);
            strike(r, objectId, out);
            if (r.expelled)
                return out;
        } else {
            ++it;
        }
    }
    return out;
}

QList<protocol::AuditChallenge> AuditBook::challenge(const QString& peerId, const QStringList& replicas,
    const TorrentOf& torrentOf, qint64 heartbeatSeconds, qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    Record& r = m_peers[peerId];
    QStringList candidates;
    for (const QString& id : replicas)
        if (!r.withdrawn.contains(id))
            candidates.append(id);
    if (r.expelled)
        return {};
    if (!r.pending.isEmpty()) {
        QList<protocol::AuditChallenge> again;
        for (const Pending& p : std::as_const(r.pending))
            again.append(p.challenge);
        return again;
    }
    if (candidates.isEmpty())
        return {};
    const bool vetting = r.passes < m_config.vettingPasses;
    const double chance = vetting ? 1.0 : double(heartbeatSeconds) / double(std::max<qint64>(1, m_config.intervalSeconds));
    if (std::uniform_real_distribution<double>(0, 1)(m_rng) >= chance)
        return {};
    const QString objectId = candidates[qsizetype(m_rng() % quint64(candidates.size()))];
    auto blocks = transfer::blockCount(torrentOf(objectId));
    if (!blocks || *blocks <= 0)
        return {};
    protocol::AuditChallenge c { newChallengeId(m_rng), objectId, qint64(m_rng() % quint64(*blocks)) };
    r.pending.insert(c.id, { c, 0, nowMs });
    return { c };
}

void AuditBook::release(const QString& peerId, const QStringList& objectIds)
{
    if (objectIds.isEmpty())
        return;
    std::lock_guard lock(m_mutex);
    const auto r = m_peers.find(peerId);
    if (r == m_peers.end())
        return;
    for (auto it = r->pending.begin(); it != r->pending.end();)
        it = objectIds.contains(it->challenge.objectId) ? r->pending.erase(it) : std::next(it);
}

bool AuditBook::vetted(const QString& peerId) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_peers.constFind(peerId);
    return it != m_peers.cend() && !it->expelled && it->passes >= m_config.vettingPasses;
}

bool AuditBook::expelled(const QString& peerId) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_peers.constFind(peerId);
    return it != m_peers.cend() && it->expelled;
}

QSet<QString> AuditBook::withdrawn(const QString& peerId) const
{
    std::lock_guard lock(m_mutex);
    return m_peers.value(peerId).withdrawn;
}

AuditBook::Totals AuditBook::totals() const
{
    std::lock_guard lock(m_mutex);
    return m_totals;
}

} // namespace as::server
