// SqlMetadataStore, third part: the signed metadata change log that standby masters pull, and the replica
// maintenance a standby applies it with (docs/outage.md).
#include "server/store/SqlMetadataStore.h"
#include "server/store/SqlSupport.h"

#include "core/util/Encoding.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlQuery>

namespace as::server {
using namespace Qt::Literals::StringLiterals;
using sql::Finish;
using sql::bindAll;

namespace {
constexpr qsizetype kHoldingsPerEntry = 2000; // ids per "holdings" entry: entries stay well under 200 kB
} // namespace

Status SqlMetadataStore::appendLog(const char* kind, const QJsonObject& body)
{
    if (!logging())
        return {};
    qint64 seq = 1;
    {
        QSqlQuery& q = prepared("SELECT COALESCE(MAX(seq), 0) + 1 FROM master_log");
        Finish f { q };
        if (Status s = exec(q); !s)
            return s;
        if (q.next())
            seq = q.value(0).toLongLong();
    }
    const QString k = QString::fromLatin1(kind);
    const QByteArray signature = m_signer(protocol::logSigningBytes(seq, k, body));
    if (signature.size() != 64)
        return makeError(ErrorCode::Internal, u"metadata store: the log signer failed"_s);
    QSqlQuery& ins = prepared("INSERT INTO master_log (seq, kind, body, signature) VALUES (?, ?, ?, ?)");
    ins.bindValue(0, seq);
    ins.bindValue(1, k);
    ins.bindValue(2, QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact)));
    ins.bindValue(3, toBase64Url(signature));
    return exec(ins);
}

Result<QList<protocol::LogEntry>> SqlMetadataStore::logSince(qint64 seq, int limit)
{
    QSqlQuery& q = prepared("SELECT seq, kind, body, signature FROM master_log WHERE seq > ? ORDER BY seq LIMIT ?");
    q.bindValue(0, seq);
    q.bindValue(1, limit);
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    QList<protocol::LogEntry> out;
    while (q.next()) {
        protocol::LogEntry e;
        e.seq = q.value(0).toLongLong();
        e.kind = q.value(1).toString();
        e.body = QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object();
        e.signature = fromBase64Url(q.value(3).toString()).value_or(QByteArray());
        out.append(e);
    }
    return out;
}

Result<qint64> SqlMetadataStore::lastLogSeq()
{
    QSqlQuery& q = prepared("SELECT COALESCE(MAX(seq), 0) FROM master_log");
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    return q.next() ? q.value(0).toLongLong() : 0;
}

Status SqlMetadataStore::setMeta(const QString& key, const QString& value)
{
    QSqlQuery& q = bindAll(prepared("INSERT INTO server_meta (name, value) VALUES (?, ?) "
                                    "ON CONFLICT (name) DO UPDATE SET value = excluded.value"),
        key, value);
    return exec(q);
}

Status SqlMetadataStore::applyPeer(const PeerRecord& p)
{
    // A directory entry only: the peer is not online on the replica until it heartbeats the standby.
    QSqlQuery& q = prepared(
        "INSERT INTO peers (peer_id, owner, address, port, capacity_bytes, used_bytes, bytes_served, first_seen, "
        "last_seen, master_port) VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0, ?) ON CONFLICT (peer_id) DO UPDATE SET "
        "owner = excluded.owner, address = excluded.address, port = excluded.port, master_port = excluded.master_port");
    const QVariantList values { p.peerId, p.owner, p.address, p.port, p.masterPort };
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values[i]);
    return exec(q);
}

Status SqlMetadataStore::changeHoldings(const QString& peerId, const QStringList& added, const QStringList& removed)
{
    if (Status s = begin(); !s)
        return s;
    QSqlQuery& del = prepared("DELETE FROM holdings WHERE peer_id = ? AND object_id = ?");
    for (const QString& id : removed) {
        del.bindValue(0, peerId);
        del.bindValue(1, id);
        if (Status s = exec(del); !s) {
            rollback();
            return s;
        }
    }
    QSqlQuery& ins = prepared("INSERT INTO holdings (peer_id, object_id) SELECT ?, id FROM objects WHERE id = ? "
                              "ON CONFLICT (peer_id, object_id) DO NOTHING");
    for (const QString& id : added) {
        ins.bindValue(0, peerId);
        ins.bindValue(1, id);
        if (Status s = exec(ins); !s) {
            rollback();
            return s;
        }
    }
    return commit();
}

// Inside recordHeartbeat's transaction: the reported set replaces the recorded one (only objects the store
// knows are recorded); what changed is logged, so a standby's holder sets follow without whole-set copies.
Status SqlMetadataStore::replaceHoldings(const QString& peerId, const QStringList& held)
{
    QSet<QString> before;
    {
        QSqlQuery& q = prepared("SELECT object_id FROM holdings WHERE peer_id = ?");
        q.bindValue(0, peerId);
        Finish f { q };
        if (Status s = exec(q); !s)
            return s;
        while (q.next())
            before.insert(q.value(0).toString());
    }
    const QSet<QString> after(held.cbegin(), held.cend());
    QStringList added, removed;
    QSqlQuery& del = prepared("DELETE FROM holdings WHERE peer_id = ? AND object_id = ?");
    for (const QString& id : before) {
        if (after.contains(id))
            continue;
        del.bindValue(0, peerId);
        del.bindValue(1, id);
        if (Status s = exec(del); !s)
            return s;
        removed.append(id);
    }
    QSqlQuery& ins = prepared("INSERT INTO holdings (peer_id, object_id) SELECT ?, id FROM objects WHERE id = ? "
                              "ON CONFLICT (peer_id, object_id) DO NOTHING");
    for (const QString& id : after) {
        if (before.contains(id))
            continue;
        ins.bindValue(0, peerId);
        ins.bindValue(1, id);
        if (Status s = exec(ins); !s)
            return s;
        if (ins.numRowsAffected() > 0)
            added.append(id);
    }
    for (qsizetype i = 0; logging() && (i < added.size() || i < removed.size()); i += kHoldingsPerEntry) {
        const QJsonObject entry { { u"peer_id"_s, peerId },
            { u"added"_s, QJsonArray::fromStringList(added.mid(i, kHoldingsPerEntry)) },
            { u"removed"_s, QJsonArray::fromStringList(removed.mid(i, kHoldingsPerEntry)) } };
        if (Status s = appendLog(protocol::logkind::kHoldings, entry); !s)
            return s;
    }
    return {};
}

Status SqlMetadataStore::recordOutageChange(const QJsonObject& change)
{
    QSqlQuery& q = bindAll(prepared("INSERT INTO outage_changes (body) VALUES (?)"),
        QString::fromUtf8(QJsonDocument(change).toJson(QJsonDocument::Compact)));
    return exec(q);
}

Result<QList<std::pair<qint64, QJsonObject>>> SqlMetadataStore::outageChanges(int limit)
{
    QSqlQuery& q = prepared("SELECT seq, body FROM outage_changes ORDER BY seq LIMIT ?");
    q.bindValue(0, limit);
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    QList<std::pair<qint64, QJsonObject>> out;
    while (q.next())
        out.append({ q.value(0).toLongLong(), QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object() });
    return out;
}

Status SqlMetadataStore::forgetOutageChanges(qint64 upToSeq)
{
    return exec(bindAll(prepared("DELETE FROM outage_changes WHERE seq <= ?"), upToSeq));
}

} // namespace as::server
