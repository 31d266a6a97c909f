#pragma once
// Which byte ranges of which object each address read from the DC's public bytes (/data/{id}, a share link's
// data) lately. Proof of storage asks it whether a challenged holder fetched the challenged block from the DC
// between the challenge and its answer (docs/replication.md, "Proof of storage"): such an answer proves
// nothing and fails. IPv6 addresses count by their /64 (one host owns the whole prefix). Bounded: ranges
// older than the window are forgotten, each (address, object) keeps at most a few ranges (more are merged
// into one covering range, which errs toward failing the cheater), and at most kMaxKeys pairs are kept.
// A read is held against a peer only when that peer is the one node seen at the address within the window:
// behind a shared address (a NAT, a LAN on loopback) another node's replica fetch or get would otherwise fail
// honest holders' audits and the DC would re-place their replicas in a loop.
// Thread-safe.

#include <QHash>
#include <QList>
#include <QString>

#include <mutex>
#include <string>

namespace as::server {

class DataReads {
public:
    static constexpr int kMaxKeys = 100000;
    static constexpr int kMaxRangesPerKey = 16;
    static constexpr int kMaxPeersPerAddress = 8; // more than one already makes the address shared

    DataReads() = default;
    explicit DataReads(qint64 windowMs)
        : m_windowMs(windowMs)
    { }
    void setWindow(qint64 windowMs);

    // The bytes [begin, end) of `objectId` were sent to `address` at `atMs`.
    void record(const std::string& address, const QString& objectId, qint64 begin, qint64 end, qint64 atMs);
    // Whether `address` read any byte of [begin, end) of `objectId` at or after `sinceMs`.
    bool readSince(const std::string& address, const QString& objectId, qint64 begin, qint64 end, qint64 sinceMs) const;

    // `peerId` heartbeated from `address` at `atMs`.
    void notePeer(const std::string& address, const QString& peerId, qint64 atMs);
    // Whether a node other than `peerId` was seen at `address` within the window before `nowMs`.
    bool sharedAddress(const std::string& address, const QString& peerId, qint64 nowMs) const;

    // "1.2.3.4" as is; an IPv6 address as its /64; "::ffff:1.2.3.4" as "1.2.3.4".
    static QString addressKey(const std::string& address);

private:
    struct Read {
        qint64 begin = 0, end = 0, atMs = 0;
    };
    void pruneLocked(qint64 nowMs);

    qint64 m_windowMs = 3600 * 1000;
    mutable std::mutex m_mutex;
    QHash<QString, QList<Read>> m_reads; // by addressKey + ' ' + object id
    QHash<QString, QHash<QString, qint64>> m_peersAt; // addressKey -> peer id -> last heartbeat (ms)
    qint64 m_prunedAtMs = 0;
};

} // namespace as::server
