// Proof-of-storage records (server/replication/AuditBook) in the metadata store.
#include "server/store/SqlMetadataStore.h"
#include "server/store/SqlSupport.h"

#include <QDateTime>

namespace as::server {
using namespace sql;

Status SqlMetadataStore::saveAuditRecord(const AuditRecord& r)
{
    if (Status s = begin(); !s)
        return s;
    // Portable "greatest" (SQLite MAX(a, b) and PostgreSQL GREATEST differ): counts never go back.
    QSqlQuery& up = prepared(
        "INSERT INTO audit_records (peer_id, passes, strikes, expelled, updated_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (peer_id) DO UPDATE SET "
        "passes = CASE WHEN excluded.passes > audit_records.passes THEN excluded.passes ELSE audit_records.passes END, "
        "strikes = CASE WHEN excluded.strikes > audit_records.strikes THEN excluded.strikes ELSE audit_records.strikes END, "
        "expelled = CASE WHEN excluded.expelled > audit_records.expelled THEN excluded.expelled "
        "ELSE audit_records.expelled END, updated_at = excluded.updated_at");
    const QVariantList values { r.peerId, r.passes, r.strikes, r.expelled ? 1 : 0, QDateTime::currentSecsSinceEpoch() };
    for (int i = 0; i < values.size(); ++i)
        up.bindValue(i, values[i]);
    if (Status s = exec(up); !s) {
        rollback();
        return s;
    }
    for (const QString& objectId : r.withdrawn) {
        QSqlQuery& w = prepared(
            "INSERT INTO audit_withdrawn (peer_id, object_id) VALUES (?, ?) ON CONFLICT (peer_id, object_id) DO NOTHING");
        w.bindValue(0, r.peerId);
        w.bindValue(1, objectId);
        if (Status s = exec(w); !s) {
            rollback();
            return s;
        }
    }
    return commit();
}

Result<QList<AuditRecord>> SqlMetadataStore::auditRecords()
{
    QList<AuditRecord> out;
    QHash<QString, qsizetype> index;
    {
        QSqlQuery& q = prepared("SELECT peer_id, passes, strikes, expelled FROM audit_records");
        Finish f { q };
        if (Status s = exec(q); !s)
            return s.error();
        while (q.next()) {
            index.insert(q.value(0).toString(), out.size());
            out.append({ q.value(0).toString(), q.value(1).toInt(), q.value(2).toInt(), q.value(3).toInt() != 0, {} });
        }
    }
    QSqlQuery& q = prepared("SELECT peer_id, object_id FROM audit_withdrawn");
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    while (q.next()) {
        const auto it = index.constFind(q.value(0).toString());
        if (it != index.cend())
            out[*it].withdrawn.append(q.value(1).toString());
    }
    return out;
}

} // namespace as::server
