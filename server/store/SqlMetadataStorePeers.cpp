// SqlMetadataStore, second half: peers, their sessions and holdings, the DC's uptime record, and statistics.
#include "server/store/SqlMetadataStore.h"
#include "server/store/SqlSupport.h"

#include <QSqlQuery>

namespace as::server {
using namespace Qt::Literals::StringLiterals;
using sql::Finish;
using sql::allRows;
using sql::bindAll;

namespace {
// One column list and one row reader for every query that returns PeerRecords. A literal (not a QString):
// prepared() caches statements by the SQL's address.
#define AS_PEER_COLUMNS                                                                                           \
    "p.peer_id, p.owner, p.address, p.port, p.capacity_bytes, p.used_bytes, p.bytes_served, p.first_seen, p.last_seen, " \
    "p.master_port"
constexpr int kPeerColumnCount = 10;

PeerRecord peerFromRow(const QSqlQuery& q)
{
    PeerRecord p;
    p.peerId = q.value(0).toString();
    p.owner = q.value(1).toString();
    p.address = q.value(2).toString();
    p.port = q.value(3).toInt();
    p.capacityBytes = q.value(4).toLongLong();
    p.usedBytes = q.value(5).toLongLong();
    p.bytesServed = q.value(6).toLongLong();
    p.firstSeen = q.value(7).toLongLong();
    p.lastSeen = q.value(8).toLongLong();
    p.masterPort = q.value(9).toInt();
    return p;
}
} // namespace

Status SqlMetadataStore::recordHeartbeat(const PeerReport& r, qint64 now, qint64 grace)
{
    if (Status s = begin(); !s)
        return s;
    auto fail = [this](Status s) {
        rollback();
        return s;
    };
    qint64 lastSeen = -1;
    bool directoryChanged = true; // a new peer, or one whose address or ports changed: a "peer" log entry
    {
        QSqlQuery& q = prepared("SELECT owner, last_seen, address, port, master_port FROM peers WHERE peer_id = ?");
        q.bindValue(0, r.peerId);
        Finish f { q };
        if (Status s = exec(q); !s)
            return fail(s);
        if (q.next()) {
            if (q.value(0).toString() != r.owner)
                return fail(makeError(ErrorCode::Conflict, u"peer id %1 belongs to another account"_s.arg(r.peerId)));
            lastSeen = q.value(1).toLongLong();
            directoryChanged = q.value(2).toString() != r.address || q.value(3).toInt() != r.port
                || q.value(4).toInt() != r.masterPort;
        }
    }
    QSqlQuery& up = prepared(
        "INSERT INTO peers (peer_id, owner, address, port, capacity_bytes, used_bytes, bytes_served, first_seen, "
        "last_seen, master_port) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (peer_id) DO UPDATE SET "
        "address = excluded.address, port = excluded.port, capacity_bytes = excluded.capacity_bytes, "
        "used_bytes = excluded.used_bytes, bytes_served = excluded.bytes_served, last_seen = excluded.last_seen, "
        "master_port = excluded.master_port");
    const QVariantList values { r.peerId, r.owner, r.address, r.port, r.capacityBytes, r.usedBytes, r.bytesServed, now,
        now, r.masterPort };
    for (int i = 0; i < values.size(); ++i)
        up.bindValue(i, values[i]);
    if (Status s = exec(up); !s)
        return fail(s);
    // Extend the current online session, or open a new one after a gap longer than the grace period.
    if (lastSeen >= 0 && now - lastSeen <= grace) {
        QSqlQuery& ext = prepared("UPDATE peer_sessions SET end_at = ? WHERE peer_id = ? AND end_at = ?");
        ext.bindValue(0, now);
        ext.bindValue(1, r.peerId);
        ext.bindValue(2, lastSeen);
        if (Status s = exec(ext); !s)
            return fail(s);
    } else {
        QSqlQuery& ins = prepared("INSERT INTO peer_sessions (peer_id, start_at, end_at) VALUES (?, ?, ?) "
                                  "ON CONFLICT (peer_id, start_at) DO NOTHING");
        ins.bindValue(0, r.peerId);
        ins.bindValue(1, now);
        ins.bindValue(2, now);
        if (Status s = exec(ins); !s)
            return fail(s);
    }
    if (directoryChanged) {
        const QJsonObject entry { { u"peer_id"_s, r.peerId }, { u"owner"_s, r.owner }, { u"address"_s, r.address },
            { u"port"_s, r.port }, { u"master_port"_s, r.masterPort } };
        if (Status s = appendLog(protocol::logkind::kPeer, entry); !s)
            return fail(s);
    }
    if (Status s = replaceHoldings(r.peerId, r.held); !s)
        return fail(s);
    return commit();
}

Result<QList<PeerRecord>> SqlMetadataStore::peersOf(const QString& owner)
{
    QSqlQuery& q = prepared("SELECT " AS_PEER_COLUMNS ", (SELECT COUNT(*) FROM holdings h WHERE h.peer_id = p.peer_id) "
                            "FROM peers p WHERE p.owner = ? ORDER BY p.first_seen");
    q.bindValue(0, owner);
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    QList<PeerRecord> out;
    while (q.next()) {
        PeerRecord p = peerFromRow(q);
        p.heldReplicas = q.value(kPeerColumnCount).toInt();
        out.append(p);
    }
    return out;
}

Result<QList<protocol::Session>> SqlMetadataStore::sessionsOf(const QString& peerId, qint64 since, int limit)
{
    QSqlQuery& q = bindAll(prepared("SELECT start_at, end_at FROM peer_sessions WHERE peer_id = ? AND end_at >= ? "
                                    "ORDER BY start_at DESC LIMIT ?"),
        peerId, since, limit);
    return allRows<protocol::Session>(q, exec(q), [&] {
        return protocol::Session { q.value(0).toLongLong(), q.value(1).toLongLong() };
    });
}

Result<QList<MetadataStore::PeerSessions>> SqlMetadataStore::allSessionsSince(qint64 since)
{
    QSqlQuery& q = prepared("SELECT s.peer_id, p.first_seen, s.start_at, s.end_at FROM peer_sessions s "
                            "JOIN peers p ON p.peer_id = s.peer_id WHERE s.end_at >= ? ORDER BY s.peer_id");
    q.bindValue(0, since);
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    QList<PeerSessions> out;
    while (q.next()) {
        const QString peer = q.value(0).toString();
        if (out.isEmpty() || out.last().peerId != peer)
            out.append(PeerSessions { peer, q.value(1).toLongLong(), {} });
        out.last().sessions.append({ q.value(2).toLongLong(), q.value(3).toLongLong() });
    }
    return out;
}

Result<QList<protocol::Holder>> SqlMetadataStore::holdersOf(const QString& objectId, qint64 now, qint64 grace)
{
    QSqlQuery& q = prepared("SELECT p.peer_id, p.address, p.port, p.last_seen FROM holdings h "
                            "JOIN peers p ON p.peer_id = h.peer_id WHERE h.object_id = ? ORDER BY p.last_seen DESC");
    q.bindValue(0, objectId);
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    QList<protocol::Holder> out;
    while (q.next()) {
        const qint64 last = q.value(3).toLongLong();
        out.append({ q.value(0).toString(), q.value(1).toString(), q.value(2).toInt(), now - last <= grace, last });
    }
    return out;
}

Result<QList<PeerRecord>> SqlMetadataStore::allPeers()
{
    QSqlQuery& q = prepared("SELECT " AS_PEER_COLUMNS " FROM peers p");
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    QList<PeerRecord> out;
    while (q.next())
        out.append(peerFromRow(q));
    return out;
}

Result<QList<ObjectRecord>> SqlMetadataStore::objectsWithoutLiveHolder(qint64 onlineSince, int limit)
{
    QSqlQuery& q = prepared("SELECT o.id, o.owner, o.size FROM objects o WHERE o.state = ? AND NOT EXISTS "
                            "(SELECT 1 FROM holdings h JOIN peers p ON p.peer_id = h.peer_id "
                            "WHERE h.object_id = o.id AND p.last_seen >= ?) ORDER BY o.created_at LIMIT ?");
    q.bindValue(0, protocol::kStateAvailable);
    q.bindValue(1, onlineSince);
    q.bindValue(2, limit);
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    QList<ObjectRecord> out;
    while (q.next()) {
        ObjectRecord o;
        o.id = q.value(0).toString();
        o.owner = q.value(1).toString();
        o.size = q.value(2).toLongLong();
        o.state = protocol::kStateAvailable;
        out.append(o);
    }
    return out;
}

Status SqlMetadataStore::recordDcAlive(qint64 runStart, qint64 now)
{
    QSqlQuery& q = bindAll(prepared("INSERT INTO dc_runs (start_at, alive_at) VALUES (?, ?) "
                                    "ON CONFLICT (start_at) DO UPDATE SET alive_at = excluded.alive_at"),
        runStart, now);
    return exec(q);
}

Result<QList<protocol::Session>> SqlMetadataStore::dcRunsSince(qint64 since)
{
    QSqlQuery& q
        = bindAll(prepared("SELECT start_at, alive_at FROM dc_runs WHERE alive_at >= ? ORDER BY start_at"), since);
    return allRows<protocol::Session>(q, exec(q), [&] {
        return protocol::Session { q.value(0).toLongLong(), q.value(1).toLongLong() };
    });
}

Result<StoreStats> SqlMetadataStore::stats(qint64 now, qint64 grace)
{
    StoreStats st;
    {
        QSqlQuery& q = prepared("SELECT state, COUNT(*), SUM(size) FROM objects GROUP BY state");
        Finish f { q };
        if (Status s = exec(q); !s)
            return s.error();
        while (q.next()) {
            if (q.value(0).toString() == protocol::kStateAvailable) {
                st.objectsAvailable = q.value(1).toLongLong();
                st.storedBytes = q.value(2).toLongLong();
            } else {
                st.objectsUploading += q.value(1).toLongLong();
            }
        }
    }
    {
        QSqlQuery& q = prepared("SELECT COUNT(*) FROM peers WHERE last_seen >= ?");
        q.bindValue(0, now - grace);
        Finish f { q };
        if (Status s = exec(q); !s)
            return s.error();
        if (q.next())
            st.peersOnline = q.value(0).toLongLong();
    }
    {
        QSqlQuery& q = prepared("SELECT COUNT(*) FROM accounts");
        Finish f { q };
        if (Status s = exec(q); !s)
            return s.error();
        if (q.next())
            st.accounts = q.value(0).toLongLong();
    }
    return st;
}

Result<QSet<QString>> SqlMetadataStore::heldBy(const QString& peerId)
{
    QSqlQuery& q = prepared("SELECT object_id FROM holdings WHERE peer_id = ?");
    q.bindValue(0, peerId);
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    QSet<QString> out;
    while (q.next())
        out.insert(q.value(0).toString());
    return out;
}

} // namespace as::server
