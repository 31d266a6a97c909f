// SqlMetadataStore, sharing to a named user (docs/sharing.md): account key pairs and grants.
#include "server/store/SqlMetadataStore.h"
#include "server/store/SqlSupport.h"

#include "core/util/Encoding.h"

#include <QSqlQuery>

namespace as::server {
using namespace Qt::Literals::StringLiterals;
using sql::Finish;

namespace {
QByteArray unb64(const QVariant& v) { return fromBase64Url(v.toString()).value_or(QByteArray()); }

// A literal: prepared() caches statements by the SQL's address. Joined with objects: a grant of a deleted
// object is never answered.
#define AS_GRANT_SELECT                                                                                             \
    "SELECT g.object_id, g.owner, g.recipient, g.sealed_key, g.created_at, o.size, o.state, o.sealed_metadata "     \
    "FROM object_grants g JOIN objects o ON o.id = g.object_id "

protocol::GrantInfo grantFromRow(const QSqlQuery& q)
{
    protocol::GrantInfo g;
    g.objectId = q.value(0).toString();
    g.owner = q.value(1).toString();
    g.recipient = q.value(2).toString();
    g.sealedKey = unb64(q.value(3));
    g.createdAt = q.value(4).toLongLong();
    g.size = q.value(5).toLongLong();
    g.state = q.value(6).toString();
    g.sealedMetadata = unb64(q.value(7));
    return g;
}
} // namespace

Status SqlMetadataStore::setAccountKeys(const QString& user, const protocol::AccountKeys& keys, qint64 now)
{
    QSqlQuery& q = prepared("INSERT INTO account_keys (username, public_key, wrapped_private_key, created_at) "
                            "VALUES (?, ?, ?, ?)");
    q.bindValue(0, user);
    q.bindValue(1, toBase64Url(keys.publicKey));
    q.bindValue(2, toBase64Url(keys.wrappedPrivateKey));
    q.bindValue(3, now);
    if (Status s = exec(q); !s) {
        if (accountKeys(user))
            return makeError(ErrorCode::AlreadyExists, u"this account already has a key pair"_s);
        return s;
    }
    return {};
}

Result<protocol::AccountKeys> SqlMetadataStore::accountKeys(const QString& user)
{
    QSqlQuery& q = prepared("SELECT public_key, wrapped_private_key FROM account_keys WHERE username = ?");
    q.bindValue(0, user);
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    if (!q.next())
        return makeError(ErrorCode::NotFound, u"no key pair for %1"_s.arg(user));
    return protocol::AccountKeys { unb64(q.value(0)), unb64(q.value(1)) };
}

Status SqlMetadataStore::putGrant(const protocol::GrantInfo& g)
{
    QSqlQuery& q = prepared("INSERT INTO object_grants (object_id, recipient, owner, sealed_key, created_at) "
                            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (object_id, recipient) DO UPDATE SET "
                            "owner = excluded.owner, sealed_key = excluded.sealed_key, created_at = excluded.created_at");
    q.bindValue(0, g.objectId);
    q.bindValue(1, g.recipient);
    q.bindValue(2, g.owner);
    q.bindValue(3, toBase64Url(g.sealedKey));
    q.bindValue(4, g.createdAt);
    return exec(q);
}

Result<protocol::GrantInfo> SqlMetadataStore::grant(const QString& objectId, const QString& recipient)
{
    QSqlQuery& q = prepared(AS_GRANT_SELECT "WHERE g.object_id = ? AND g.recipient = ?");
    q.bindValue(0, objectId);
    q.bindValue(1, recipient);
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    if (!q.next())
        return makeError(ErrorCode::NotFound, u"%1 is not shared with %2"_s.arg(objectId.left(12), recipient));
    return grantFromRow(q);
}

Result<QList<protocol::GrantInfo>> SqlMetadataStore::grantRows(QSqlQuery& q)
{
    Finish f { q };
    if (Status s = exec(q); !s)
        return s.error();
    QList<protocol::GrantInfo> out;
    while (q.next())
        out.append(grantFromRow(q));
    return out;
}

Result<QList<protocol::GrantInfo>> SqlMetadataStore::grantsOf(const QString& objectId)
{
    QSqlQuery& q = prepared(AS_GRANT_SELECT "WHERE g.object_id = ? ORDER BY g.created_at DESC, g.recipient");
    q.bindValue(0, objectId);
    return grantRows(q);
}

Result<QList<protocol::GrantInfo>> SqlMetadataStore::grantsTo(const QString& recipient)
{
    QSqlQuery& q = prepared(AS_GRANT_SELECT "WHERE g.recipient = ? ORDER BY g.created_at DESC, g.object_id LIMIT 10000");
    q.bindValue(0, recipient);
    return grantRows(q);
}

Result<bool> SqlMetadataStore::deleteGrant(const QString& objectId, const QString& recipient)
{
    QSqlQuery& q = prepared("DELETE FROM object_grants WHERE object_id = ? AND recipient = ?");
    q.bindValue(0, objectId);
    q.bindValue(1, recipient);
    if (Status s = exec(q); !s)
        return s.error();
    return q.numRowsAffected() > 0;
}

Status SqlMetadataStore::deleteGrantsOf(const QString& objectId)
{
    QSqlQuery& q = prepared("DELETE FROM object_grants WHERE object_id = ?");
    q.bindValue(0, objectId);
    return exec(q);
}

} // namespace as::server
