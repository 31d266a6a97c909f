#pragma once
// Proof of storage at the DC (docs/replication.md, "Proof of storage"): which replica of which peer to audit,
// the challenges in flight, and each peer's record. A replica counts only while its holder proves it:
//  - pass (the block and its sibling hashes check against the torrent: core/transfer/BlockProof) → +1;
//  - "cannot" (the node says it lost the replica) or no answer within four later heartbeats (the challenge is
//    repeated in each answer, so a restarted node sees it again) → the replica is withdrawn (the node is told
//    to drop it, its claim is ignored) and the peer gets a strike;
//  - a proof that does not check (a lie), or 3 strikes → the peer is expelled: every claim it makes is
//    ignored and it gets no assignments;
//  - a proof of a block the peer's address read from the DC's public bytes (/data) after the challenge was
//    issued (server/replication/DataReads) proves nothing: a strike, and the replica is withdrawn.
// A peer is vetted after 3 passes; until then it is audited at every heartbeat and placement trusts it less.
// Records (passes, strikes, expulsion, withdrawn replicas) are saved through setPersist after each change and
// restored at start, so a DC restart neither re-trusts a cheater nor forgets vetting; challenges in flight are
// not kept (new ones follow). Thread-safe.

#include "core/protocol/Audits.h"
#include "server/store/MetadataStore.h"

#include <QHash>
#include <QSet>
#include <QStringList>

#include <functional>
#include <mutex>
#include <random>

namespace as::server {

class AuditBook {
public:
    struct Config {
        qint64 intervalSeconds = 6 * 3600; // a vetted peer: about one audit per this long
        int vettingPasses = 3;
        int strikesToExpel = 3;
    };
    struct Outcome {
        QStringList withdrawn; // objects whose claim no longer counts (tell the node to drop them)
        bool expelled = false;
    };
    using TorrentOf = std::function<QByteArray(const QString& objectId)>;
    // Whether the answering peer read bytes [begin, end) of the object from the DC at or after `sinceMs`.
    using ReadFromDc = std::function<bool(const QString& objectId, qint64 begin, qint64 end, qint64 sinceMs)>;

    // Called after a record changed, outside the book's lock, with the new counts and newly withdrawn objects.
    using Persist = std::function<void(const AuditRecord&)>;

    AuditBook();
    void setConfig(const Config& config);
    void setPersist(Persist persist);
    void restore(const QList<AuditRecord>& records); // at start, before any heartbeat

    // The answers of one heartbeat, and the expiry of challenges this peer left unanswered.
    Outcome takeAnswers(const QString& peerId, const QList<protocol::AuditAnswer>& answers, const TorrentOf& torrentOf,
        const ReadFromDc& readFromDc = {});
    // New challenges for this peer over the replicas it holds (not its own objects). `heartbeatSeconds`: the
    // interval the peer heartbeats at; `nowMs`: when the challenge is issued (reads after it void the answer).
    QList<protocol::AuditChallenge> challenge(const QString& peerId, const QStringList& replicas,
        const TorrentOf& torrentOf, qint64 heartbeatSeconds, qint64 nowMs = 0);

    // The peer was told to drop these replicas: challenges on them are void (an honest node deletes the replica
    // as told and can no longer prove it; that is no loss and no strike).
    void release(const QString& peerId, const QStringList& objectIds);

    bool vetted(const QString& peerId) const;
    bool expelled(const QString& peerId) const;
    QSet<QString> withdrawn(const QString& peerId) const; // claims not to be counted again
    struct Totals {
        qint64 passed = 0, failed = 0, expelled = 0;
        qint64 readFromDc = 0; // answers voided because the block was read from the DC meanwhile (in `failed`)
    };
    Totals totals() const;

private:
    struct Pending {
        protocol::AuditChallenge challenge;
        int heartbeatsSince = 0;
        qint64 issuedAtMs = 0;
    };
    struct Record {
        int passes = 0;
        int strikes = 0;
        bool expelled = false;
        QHash<QString, Pending> pending; // by challenge id
        QSet<QString> withdrawn;
    };
    Outcome judge(Record& r, const QList<protocol::AuditAnswer>& answers, const TorrentOf& torrentOf,
        const ReadFromDc& readFromDc);
    void strike(Record& r, const QString& objectId, Outcome& out);
    void expel(Record& r, Outcome& out);

    Config m_config;
    Persist m_persist;
    mutable std::mutex m_mutex;
    QHash<QString, Record> m_peers;
    std::mt19937_64 m_rng;
    Totals m_totals;
};

} // namespace as::server
