// Sharing to a named user (docs/sharing.md "Sharing to a named user"): the account's X25519 key pair, sealing a
// file key to another user's public key, the owner's grants and what is shared with me. The DC sees only the
// sealed keys; names and sizes are opened here.
#include "core/api/EngineApi.h"
#include "core/crypto/AccountKey.h"
#include "core/crypto/SealedMetadata.h"
#include "core/dcclient/DcClient.h"
#include "core/engine/Commands.h"
#include "core/engine/EngineContext.h"
#include "core/protocol/Accounts.h"
#include "core/protocol/Grants.h"
#include "core/protocol/Objects.h"
#include "core/state/Store.h"
#include "core/util/Ids.h"

#include <QPointer>
#include <QRegularExpression>
#include <QUrl>

namespace as::engine {
namespace {


// What a recipient sees of a grant: the key unsealed with my pair, the name and size opened with it.
struct Opened {
    api::SharedItem item;
    QByteArray fileKey; // empty when the sealed key did not open
};

Opened openGrant(const protocol::GrantInfo& g, const crypto::AccountKeyPair& mine, const QString& me)
{
    Opened out;
    out.item = { g.objectId, {}, 0, g.owner, g.recipient, g.createdAt, g.state == protocol::kStateAvailable };
    auto key = crypto::openSharedFileKey(g.sealedKey, mine, g.objectId, me);
    if (!key)
        return out;
    out.fileKey = key->toBytes();
    if (auto meta = crypto::openMetadata(g.sealedMetadata, *key)) {
        out.item.name = meta->name;
        out.item.size = meta->size;
    }
    return out;
}

// The account, the DC and my key pair, or the reply failed.
void withKeys(EngineContext& ctx, CommandReply* reply, std::function<void(dcclient::DcClient*, const crypto::AccountKeyPair&)> then)
{
    auto* dc = accountDc(ctx, reply);
    if (!dc)
        return;
    QPointer<CommandReply> r(reply);
    QPointer<dcclient::DcClient> client(dc);
    ensureAccountKeys(ctx, [r, client, then](Result<crypto::AccountKeyPair> pair) {
        if (!r || !client)
            return;
        if (!pair)
            return r->failWith(QStringLiteral("this account's sharing key is not available: "), pair.error());
        then(client, *pair);
    });
}

Error badUserName(const QString& user)
{
    return { ErrorCode::InvalidArgument,
        QStringLiteral("'%1' is not a user name (3 to 64 characters of A-Z a-z 0-9 . _ -)").arg(user.left(64)) };
}

Error userError(const Error& e, const QString& user)
{
    if (e.code == ErrorCode::NotFound)
        return { e.code, QStringLiteral("no user '%1' at this data center").arg(user) };
    return e;
}

// Trust on first use (docs/sharing.md "Key fingerprints"): the first public key seen for a user of this DC is
// pinned in the profile's settings; a different key later is refused until the owner accepts it.
QString pinSetting(const EngineContext& ctx, const QString& user)
{
    const QUrl dc(ctx.account() ? ctx.account()->dcUrl : QString());
    return QStringLiteral("known-key:%1:%2:%3").arg(dc.host()).arg(dc.port(0)).arg(user.toLower());
}

api::AccountKeyReply checkKey(EngineContext& ctx, const protocol::UserKey& key)
{
    const auto pinned = ctx.store().setting(pinSetting(ctx, key.username));
    api::AccountKeyReply r { key.username, crypto::accountKeyFingerprint(key.publicKey), {}, api::KeyTrust::FirstSeen };
    if (!pinned)
        return r;
    r.pinnedFingerprint = crypto::accountKeyFingerprint(QByteArray::fromBase64(pinned->toLatin1()));
    r.trust = r.pinnedFingerprint == r.fingerprint ? api::KeyTrust::Pinned : api::KeyTrust::Changed;
    return r;
}

Status pinKey(EngineContext& ctx, const protocol::UserKey& key)
{
    return ctx.store().setSetting(pinSetting(ctx, key.username), QString::fromLatin1(key.publicKey.toBase64()));
}

Error keyChanged(const api::AccountKeyReply& k)
{
    return { ErrorCode::IntegrityFailure,
        QStringLiteral("the account key of '%1' changed since this profile first saw it (was %2, is now %3): the data "
                       "center may be handing out a key that is not theirs. Ask %1 for the fingerprint that "
                       "'amazingstore-node key' shows them; only if it is the new one, share again with --accept-new-key")
            .arg(k.user, k.pinnedFingerprint, k.fingerprint) };
}

} // namespace

void ensureAccountKeys(EngineContext& ctx, std::function<void(Result<crypto::AccountKeyPair>)> done)
{
    auto master = ctx.masterKey();
    auto* dc = ctx.dc();
    if (!master || !dc)
        return done(master ? makeError(ErrorCode::Unavailable, QStringLiteral("no data center configured")) : master.error());
    QPointer<dcclient::DcClient> client(dc);
    dc->accountKeys([client, done, master = *master](Result<protocol::AccountKeys> keys) {
        if (keys)
            return done(crypto::unwrapAccountKeyPair(keys->wrappedPrivateKey, keys->publicKey, master));
        if (keys.error().code != ErrorCode::NotFound || !client)
            return done(keys.error());
        // None yet (an account from before sharing to users, or a fresh one): make it once.
        auto pair = crypto::generateAccountKeyPair();
        if (!pair)
            return done(pair.error());
        auto wrapped = crypto::wrapAccountPrivateKey(*pair, master);
        if (!wrapped)
            return done(wrapped.error());
        client->setAccountKeys({ pair->publicKey, *wrapped }, [done, master](Result<protocol::AccountKeys> set) {
            if (!set)
                return done(set.error());
            // Another machine of this account may have won the race: use what the DC holds.
            done(crypto::unwrapAccountKeyPair(set->wrappedPrivateKey, set->publicKey, master));
        });
    });
}

void shareToUser(EngineContext& ctx, const api::ShareToUserRequest& request, CommandReply* reply)
{
    const Resolved which = resolveObjectIdForDc(ctx, request.id);
    if (!which.error.isEmpty())
        return reply->fail(which.code, which.error);
    const auto object = ctx.store().object(which.id);
    const QString user = request.user;
    if (!protocol::isValidUsername(user))
        return reply->fail(badUserName(user));
    if (ctx.account() && user.compare(ctx.account()->user, Qt::CaseInsensitive) == 0)
        return reply->fail(ErrorCode::InvalidArgument, QStringLiteral("you cannot share a file with yourself"));
    QPointer<CommandReply> r(reply);
    QPointer<EngineContext> context(&ctx);
    const bool acceptNewKey = request.acceptNewKey;
    withKeys(ctx, reply, [r, context, which, object, user, acceptNewKey](dcclient::DcClient* dc, const crypto::AccountKeyPair& mine) {
        if (!object || !object->owned) {
            // Not mine: if it was shared with me, say by whom; the DC would refuse the grant anyway.
            return dc->sharedWithMeObject(which.id, [r, id = which.id](Result<protocol::GrantInfo> g) {
                if (!r)
                    return;
                if (g)
                    return r->fail(ErrorCode::Forbidden, QStringLiteral("%1 was shared with you by %2: only its owner can share it").arg(id.left(12), g->owner));
                r->fail(ErrorCode::NotFound, QStringLiteral("no object of yours has the id %1 (see 'ls')").arg(id.left(12)));
            });
        }
        Q_UNUSED(mine); // made if missing: the owner's own pair is ready for files shared back
        QPointer<dcclient::DcClient> client(dc);
        dc->userKey(user, [r, context, client, object = *object, user, acceptNewKey](Result<protocol::UserKey> key) {
            if (!r || !context || !client)
                return;
            if (!key)
                return r->failWith(QStringLiteral("share --to: "), userError(key.error(), user));
            const api::AccountKeyReply trust = checkKey(*context, *key);
            if (trust.trust == api::KeyTrust::Changed && !acceptNewKey)
                return r->failWith(QStringLiteral("share --to: "), keyChanged(trust));
            auto fileKey = crypto::SecretKey::fromBytes(object.fileKey);
            auto sealed = fileKey ? crypto::sealFileKeyTo(*fileKey, key->publicKey, object.id, key->username)
                                  : Result<QByteArray>(fileKey.error());
            if (!sealed)
                return r->failWith(QStringLiteral("share --to: "), sealed.error());
            client->addRecipient(object.id, { key->username, *sealed }, [r, context, object, key = *key, trust](Result<protocol::GrantInfo> g) {
                if (!r || !context)
                    return;
                if (!g)
                    return r->failWith(QStringLiteral("share --to: "), g.error());
                if (trust.trust != api::KeyTrust::Pinned)
                    if (Status pinned = pinKey(*context, key); !pinned)
                        return r->failWith(QStringLiteral("share --to: shared, but the key could not be pinned: "), pinned.error());
                r->succeedWith(api::SharedItem { object.id, object.name, object.size, g->owner, g->recipient, g->createdAt,
                    g->state == protocol::kStateAvailable, trust.fingerprint, trust.trust != api::KeyTrust::Pinned });
            });
        });
    });
}

void showAccountKey(EngineContext& ctx, const api::AccountKeyRequest& request, CommandReply* reply)
{
    const QString user = request.user;
    if (!user.isEmpty() && !protocol::isValidUsername(user))
        return reply->fail(badUserName(user));
    QPointer<CommandReply> r(reply);
    QPointer<EngineContext> context(&ctx);
    const QString me = ctx.account() ? ctx.account()->user : QString();
    withKeys(ctx, reply, [r, context, user, me](dcclient::DcClient* dc, const crypto::AccountKeyPair& mine) {
        if (user.isEmpty() || user.compare(me, Qt::CaseInsensitive) == 0)
            return r->succeedWith(api::AccountKeyReply { me, crypto::accountKeyFingerprint(mine.publicKey), {}, api::KeyTrust::Mine });
        dc->userKey(user, [r, context, user](Result<protocol::UserKey> key) {
            if (!r || !context)
                return;
            if (!key)
                return r->failWith(QStringLiteral("key: "), userError(key.error(), user));
            const api::AccountKeyReply trust = checkKey(*context, *key);
            if (trust.trust == api::KeyTrust::FirstSeen)
                if (Status pinned = pinKey(*context, *key); !pinned)
                    return r->failWith(QStringLiteral("key: cannot pin the key: "), pinned.error());
            r->succeedWith(trust);
        });
    });
}

void unshareUser(EngineContext& ctx, const api::UnshareUserRequest& request, CommandReply* reply)
{
    auto* dc = accountDc(ctx, reply);
    if (!dc)
        return;
    if (!protocol::isValidUsername(request.user))
        return reply->fail(badUserName(request.user));
    const Resolved which = resolveObjectIdForDc(ctx, request.id);
    if (!which.error.isEmpty())
        return reply->fail(which.code, which.error);
    const auto object = ctx.store().object(which.id);
    api::SharedItem item { which.id, object ? object->name : QString(), object ? object->size : 0, ctx.account()->user,
        request.user, 0, true };
    QPointer<CommandReply> r(reply);
    dc->removeRecipient(which.id, request.user, [r, item](Status s) {
        if (!r)
            return;
        if (!s)
            return r->failWith(QStringLiteral("unshare --to: "), s.error());
        r->succeedWith(item);
    });
}

void listSharedWithMe(EngineContext& ctx, const api::SharedWithMeRequest&, CommandReply* reply)
{
    const QString me = ctx.account() ? ctx.account()->user : QString();
    QPointer<CommandReply> r(reply);
    withKeys(ctx, reply, [r, me](dcclient::DcClient* dc, const crypto::AccountKeyPair& mine) {
        dc->sharedWithMe([r, me, mine](Result<protocol::GrantList> list) {
            if (!r)
                return;
            if (!list)
                return r->failWith(QStringLiteral("shared with me: "), list.error());
            api::SharedListReply out;
            for (const protocol::GrantInfo& g : list->grants)
                out.items.append(openGrant(g, mine, me).item);
            r->succeedWith(out);
        });
    });
}

void listRecipients(EngineContext& ctx, const api::RecipientsRequest& request, CommandReply* reply)
{
    auto* dc = accountDc(ctx, reply);
    if (!dc)
        return;
    const Resolved which = resolveObjectId(ctx, request.id);
    if (!which.error.isEmpty())
        return reply->fail(which.code, which.error);
    const auto object = ctx.store().object(which.id);
    QPointer<CommandReply> r(reply);
    dc->recipients(which.id, [r, object](Result<protocol::GrantList> list) {
        if (!r)
            return;
        if (!list)
            return r->failWith(QStringLiteral("recipients: "), list.error());
        api::SharedListReply out;
        for (const protocol::GrantInfo& g : list->grants)
            out.items.append({ g.objectId, object ? object->name : QString(), object ? object->size : 0, g.owner,
                g.recipient, g.createdAt, g.state == protocol::kStateAvailable });
        r->succeedWith(out);
    });
}

void resolveSharedObject(EngineContext& ctx, const QString& text, std::function<void(Result<SharedObject>)> done)
{
    const QString wanted = text.trimmed().toLower();
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{4,64}$"));
    if (!hex.match(wanted).hasMatch())
        return done(makeError(ErrorCode::InvalidArgument,
            QStringLiteral("bad link: '%1' is neither a share link nor the id of a file shared with you ('ls --shared')").arg(text.left(80))));
    if (!ctx.account())
        return done(notLoggedIn());
    auto* dc = ctx.dc();
    auto master = ctx.masterKey();
    if (!dc || !master)
        return done(makeError(ErrorCode::Unavailable, QStringLiteral("no data center configured")));
    const QString me = ctx.account()->user;
    const QUrl base = dc->baseUrl();
    QPointer<dcclient::DcClient> client(dc);
    ensureAccountKeys(ctx, [client, done, wanted, me, base](Result<crypto::AccountKeyPair> mine) {
        if (!mine)
            return done(mine.error());
        if (!client)
            return done(makeError(ErrorCode::Unavailable, QStringLiteral("the engine stopped")));
        auto use = [done, me, base, mine = *mine](const protocol::GrantInfo& g) {
            const Opened o = openGrant(g, mine, me);
            if (o.fileKey.isEmpty())
                return done(makeError(ErrorCode::IntegrityFailure,
                    QStringLiteral("the key %1 shared for %2 does not open with this account's key").arg(g.owner, g.objectId.left(12))));
            done(SharedObject { g.objectId, base, o.fileKey });
        };
        if (isValidId(wanted)) // asked of the DC every time: refused once the owner stops sharing
            return client->sharedWithMeObject(wanted, [done, use](Result<protocol::GrantInfo> g) {
                if (!g)
                    return done(g.error());
                use(*g);
            });
        client->sharedWithMe([done, use, wanted](Result<protocol::GrantList> list) {
            if (!list)
                return done(list.error());
            QList<protocol::GrantInfo> matches;
            for (const protocol::GrantInfo& g : list->grants)
                if (g.objectId.startsWith(wanted))
                    matches.append(g);
            if (matches.isEmpty())
                return done(makeError(ErrorCode::NotFound,
                    QStringLiteral("nothing shared with you has an id starting with %1 ('ls --shared')").arg(wanted)));
            if (matches.size() > 1)
                return done(makeError(ErrorCode::Conflict, QStringLiteral("%1 is the start of %2 ids: give more characters").arg(wanted).arg(matches.size())));
            use(matches.first());
        });
    });
}

} // namespace as::engine
