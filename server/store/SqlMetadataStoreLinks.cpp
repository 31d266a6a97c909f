// SqlMetadataStore, share links (docs/sharing.md): create, look up, list, revoke, count uses.
#include "server/store/SqlMetadataStore.h"
#include "server/store/SqlSupport.h"

#include <QCryptographicHash>
#include <QJsonObject>

#include <QSqlQuery>

namespace as::server {
using namespace Qt::Literals::StringLiterals;
using sql::Finish;
using sql::bindAll;
using sql::oneRow;

namespace {
// A literal: prepared() caches statements by the SQL's address.
#define AS_LINK_COLUMNS "link_id, object_id, created_at, expires_at, revoked_at, uses, last_used_at"

protocol::LinkInfo linkFromRow(const QSqlQuery& q)
{
    protocol::LinkInfo l;
    l.linkId = q.value(0).toString();
    l.objectId = q.value(1).toString();
    l.createdAt = q.value(2).toLongLong();
    l.expiresAt = q.value(3).toLongLong();
    l.revokedAt = q.value(4).toLongLong();
    l.uses = q.value(5).toLongLong();
    l.lastUsedAt = q.value(6).toLongLong();
    return l;
}
} // namespace

// The log's entry for a link (docs/outage.md): its hash, never the id, so a standby can check a link it is
// shown but cannot make one up.
QString linkHash(const QString& linkId)
{
    return QString::fromLatin1(QCryptographicHash::hash(linkId.toUtf8(), QCryptographicHash::Sha256).toHex());
}

static QJsonObject linkEntry(const protocol::LinkInfo& l)
{
    return { { u"link_hash"_s, linkHash(l.linkId) }, { u"object_id"_s, l.objectId },
        { u"created_at"_s, l.createdAt }, { u"expires_at"_s, l.expiresAt }, { u"revoked_at"_s, l.revokedAt } };
}

Status SqlMetadataStore::createLink(const protocol::LinkInfo& link, const QString& owner)
{
    if (Status s = begin(); !s)
        return s;
    QSqlQuery& q = prepared("INSERT INTO share_links (" AS_LINK_COLUMNS ", owner) VALUES (?, ?, ?, ?, 0, 0, 0, ?)");
    q.bindValue(0, link.linkId);
    q.bindValue(1, link.objectId);
    q.bindValue(2, link.createdAt);
    q.bindValue(3, link.expiresAt);
    q.bindValue(4, owner);
    Status s = exec(q);
    protocol::LinkInfo logged = link;
    logged.revokedAt = 0;
    if (s)
        s = appendLog(protocol::logkind::kLink, linkEntry(logged));
    if (!s) {
        rollback();
        return s;
    }
    return commit();
}

Result<protocol::LinkInfo> SqlMetadataStore::link(const QString& linkId)
{
    QSqlQuery& q = prepared("SELECT " AS_LINK_COLUMNS " FROM share_links WHERE link_id = ?");
    q.bindValue(0, linkId);
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    if (!q.next())
        return makeError(ErrorCode::NotFound, u"no link %1"_s.arg(linkId));
    return linkFromRow(q);
}

Result<QString> SqlMetadataStore::linkOwner(const QString& linkId)
{
    QSqlQuery& q = bindAll(prepared("SELECT owner FROM share_links WHERE link_id = ?"), linkId);
    return oneRow(q, exec(q), u"no link %1"_s.arg(linkId), [&] { return q.value(0).toString(); });
}

Result<QList<protocol::LinkInfo>> SqlMetadataStore::linksOf(const QString& owner)
{
    QSqlQuery& q = prepared("SELECT " AS_LINK_COLUMNS " FROM share_links WHERE owner = ? ORDER BY created_at DESC, link_id");
    q.bindValue(0, owner);
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    QList<protocol::LinkInfo> out;
    while (q.next())
        out.append(linkFromRow(q));
    return out;
}

Result<int> SqlMetadataStore::linkCountOf(const QString& objectId)
{
    QSqlQuery& q = prepared("SELECT COUNT(*) FROM share_links WHERE object_id = ?");
    q.bindValue(0, objectId);
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    return q.next() ? q.value(0).toInt() : 0;
}

// Revokes the links `where` selects (still active), logging each, in one transaction.
Status SqlMetadataStore::revokeWhere(const char* select, const char* update, const QString& key, qint64 now)
{
    if (Status s = begin(); !s)
        return s;
    QList<protocol::LinkInfo> revoked;
    {
        QSqlQuery& q = prepared(select);
        q.bindValue(0, key);
        Finish f { q };
        if (Status s = exec(q); !s) {
            rollback();
            return s;
        }
        while (q.next())
            revoked.append(linkFromRow(q));
    }
    QSqlQuery& u = prepared(update);
    u.bindValue(0, now);
    u.bindValue(1, key);
    Status s = exec(u);
    for (protocol::LinkInfo& l : revoked) {
        l.revokedAt = now;
        if (s)
            s = appendLog(protocol::logkind::kLink, linkEntry(l));
    }
    if (!s) {
        rollback();
        return s;
    }
    return commit();
}

Status SqlMetadataStore::revokeLink(const QString& linkId, qint64 now)
{
    return revokeWhere("SELECT " AS_LINK_COLUMNS " FROM share_links WHERE link_id = ? AND revoked_at = 0",
        "UPDATE share_links SET revoked_at = ? WHERE link_id = ? AND revoked_at = 0", linkId, now);
}

Status SqlMetadataStore::revokeLinksOf(const QString& objectId, qint64 now)
{
    return revokeWhere("SELECT " AS_LINK_COLUMNS " FROM share_links WHERE object_id = ? AND revoked_at = 0",
        "UPDATE share_links SET revoked_at = ? WHERE object_id = ? AND revoked_at = 0", objectId, now);
}

// At a standby: the link under its hash, owned as its object is (or by nobody while the object is unknown).
Status SqlMetadataStore::applyLink(const protocol::LinkInfo& link)
{
    QSqlQuery& q = prepared("INSERT INTO share_links (" AS_LINK_COLUMNS ", owner) VALUES (?, ?, ?, ?, ?, 0, 0, "
                            "COALESCE((SELECT owner FROM objects WHERE id = ?), '')) ON CONFLICT (link_id) DO UPDATE "
                            "SET expires_at = excluded.expires_at, revoked_at = excluded.revoked_at");
    q.bindValue(0, link.linkId);
    q.bindValue(1, link.objectId);
    q.bindValue(2, link.createdAt);
    q.bindValue(3, link.expiresAt);
    q.bindValue(4, link.revokedAt);
    q.bindValue(5, link.objectId);
    return exec(q);
}

Status SqlMetadataStore::countLinkUse(const QString& linkId, qint64 now)
{
    QSqlQuery& q
        = bindAll(prepared("UPDATE share_links SET uses = uses + 1, last_used_at = ? WHERE link_id = ?"), now, linkId);
    return exec(q);
}

Status SqlMetadataStore::recordObjectDeleted(const QString& objectId, qint64 now)
{
    QSqlQuery& q = prepared("DELETE FROM deleted_objects WHERE object_id = ?");
    q.bindValue(0, objectId);
    if (Status s = exec(q); !s)
        return s;
    QSqlQuery& ins = prepared("INSERT INTO deleted_objects (object_id, deleted_at) VALUES (?, ?)");
    ins.bindValue(0, objectId);
    ins.bindValue(1, now);
    return exec(ins);
}

Result<bool> SqlMetadataStore::wasDeleted(const QString& objectId)
{
    QSqlQuery& q = prepared("SELECT 1 FROM deleted_objects WHERE object_id = ?");
    q.bindValue(0, objectId);
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    return q.next();
}

} // namespace as::server
