#include "server/master/LogApplier.h"

#include "core/crypto/Identity.h"
#include "core/util/Encoding.h"
#include "core/util/Ids.h"
#include "server/store/MetadataStore.h"

#include <QJsonArray>

namespace as::server {
using namespace Qt::Literals::StringLiterals;

namespace {

const QString kAppliedKey = u"log_applied_seq"_s;
const QString kDcKey = u"log_dc_public_key"_s;
const QString kDcServer = u"log_dc_server_id"_s;

QByteArray bytesField(const QJsonObject& o, const char* key)
{
    return fromBase64Url(o.value(QLatin1String(key)).toString()).value_or(QByteArray());
}

QStringList idList(const QJsonValue& v)
{
    QStringList out;
    for (const QJsonValue& x : v.toArray())
        if (isValidId(x.toString()))
            out.append(x.toString());
    return out;
}

Status ignoreExisting(Status s)
{
    return !s && s.error().code == ErrorCode::AlreadyExists ? Status::success() : s;
}

Status applyEntry(MetadataStore& store, const protocol::LogEntry& e)
{
    const QJsonObject& b = e.body;
    const QString id = b.value(u"id"_s).toString();
    if (e.kind == QLatin1String(protocol::logkind::kAccount)) {
        AccountRecord a;
        a.username = b.value(u"username"_s).toString();
        a.publicKey = bytesField(b, "public_key");
        a.createdAt = b.value(u"created_at"_s).toInteger();
        a.authHash = u"-"_s; // never replicated (nor salt, KDF, wrapped key): nobody logs in at a standby
        a.kdf = u"-"_s;
        return ignoreExisting(store.createAccount(a));
    }
    if (e.kind == QLatin1String(protocol::logkind::kObject)) {
        if (!isValidId(id))
            return makeError(ErrorCode::InvalidArgument, u"log entry %1: bad object id"_s.arg(e.seq));
        ObjectRecord o;
        o.id = id;
        o.owner = b.value(u"owner"_s).toString();
        o.size = b.value(u"size"_s).toInteger();
        o.pieceLength = b.value(u"piece_length"_s).toInteger();
        o.state = b.value(u"state"_s).toString();
        o.createdAt = b.value(u"created_at"_s).toInteger();
        o.sealedMetadata = bytesField(b, "sealed_metadata");
        o.wrappedFileKey = bytesField(b, "wrapped_file_key");
        o.v1Hash = b.value(u"v1_hash"_s).toString();
        o.v2Short = b.value(u"v2_short"_s).toString();
        return ignoreExisting(store.createObject(o, bytesField(b, "torrent")));
    }
    if (e.kind == QLatin1String(protocol::logkind::kState))
        return isValidId(id) ? store.markAvailable(id) : Status::success();
    if (e.kind == QLatin1String(protocol::logkind::kDelete))
        return isValidId(id) ? store.deleteObject(id) : Status::success();
    if (e.kind == QLatin1String(protocol::logkind::kPeer)) {
        PeerRecord p;
        p.peerId = b.value(u"peer_id"_s).toString();
        p.owner = b.value(u"owner"_s).toString();
        p.address = b.value(u"address"_s).toString();
        p.port = b.value(u"port"_s).toInt();
        p.masterPort = b.value(u"master_port"_s).toInt();
        return isValidId(p.peerId) ? store.applyPeer(p) : Status::success();
    }
    if (e.kind == QLatin1String(protocol::logkind::kHoldings)) {
        const QString peer = b.value(u"peer_id"_s).toString();
        return isValidId(peer) ? store.changeHoldings(peer, idList(b.value(u"added"_s)), idList(b.value(u"removed"_s)))
                               : Status::success();
    }
    if (e.kind == QLatin1String(protocol::logkind::kLink)) {
        protocol::LinkInfo l;
        l.linkId = b.value(u"link_hash"_s).toString();
        l.objectId = b.value(u"object_id"_s).toString();
        l.createdAt = b.value(u"created_at"_s).toInteger();
        l.expiresAt = b.value(u"expires_at"_s).toInteger();
        l.revokedAt = b.value(u"revoked_at"_s).toInteger();
        return isValidId(l.linkId) && isValidId(l.objectId) ? store.applyLink(l) : Status::success();
    }
    return {}; // a kind from a newer DC: nothing this standby serves depends on it
}

} // namespace

qint64 appliedSequence(MetadataStore& replica)
{
    auto v = replica.meta(kAppliedKey);
    return v ? v->toLongLong() : 0;
}

QString pinnedServerId(MetadataStore& replica)
{
    auto v = replica.meta(kDcServer);
    return v ? *v : QString();
}

Result<ApplyOutcome> applyLogPage(MetadataStore& replica, const protocol::LogPage& page)
{
    const QString key = toBase64Url(page.publicKey);
    if (auto pinned = replica.meta(kDcKey)) {
        if (*pinned != key)
            return makeError(ErrorCode::Forbidden, u"the log is signed by another key than this DC's"_s);
    } else {
        if (Status s = replica.setMeta(kDcKey, key); !s)
            return s.error();
        if (Status s = replica.setMeta(kDcServer, page.serverId); !s)
            return s.error();
    }
    ApplyOutcome out { appliedSequence(replica), 0 };
    for (const protocol::LogEntry& e : page.entries) {
        if (e.seq <= out.appliedSeq)
            continue;
        if (e.seq != out.appliedSeq + 1)
            return makeError(ErrorCode::InvalidArgument,
                u"log entry %1 out of order (the replica holds up to %2)"_s.arg(e.seq).arg(out.appliedSeq));
        if (!crypto::verifySignature(page.publicKey, protocol::logSigningBytes(e.seq, e.kind, e.body), e.signature))
            return makeError(ErrorCode::Unauthorized, u"log entry %1: the DC's signature does not check"_s.arg(e.seq));
        if (Status s = applyEntry(replica, e); !s)
            return s.error();
        if (Status s = replica.setMeta(kAppliedKey, QString::number(e.seq)); !s)
            return s.error();
        out.appliedSeq = e.seq;
        ++out.applied;
    }
    return out;
}

} // namespace as::server
