// register, login, logout and the sync of my object list. The password never leaves this process: the DC
// gets only the auth secret derived from it (crypto::KeyHierarchy) and the master key wrapped under it.
#include "core/api/EngineApi.h"
#include "core/crypto/KeyHierarchy.h"
#include "core/crypto/SealedMetadata.h"
#include "core/dcclient/DcClient.h"
#include "core/engine/Async.h"
#include "core/engine/LogStatus.h"
#include "core/engine/Commands.h"
#include "core/engine/EngineContext.h"
#include "core/protocol/Accounts.h"
#include "core/state/Settings.h"

#include <QPointer>
#include <QSet>

namespace as::engine {
namespace {

struct Credentials {
    QString dc;
    QString user;
    QString password;
};

// A new password: long enough that the scrypt-derived keys are not trivially guessed (docs/crypto.md).
constexpr int kMinPasswordLength = 8;

std::optional<Credentials> credentials(const api::Credentials& args, CommandReply* reply, bool newPassword = false)
{
    Credentials c;
    auto dc = state::normalizeSetting(QStringLiteral("dc"), args.dc);
    if (!dc) {
        reply->fail(ErrorCode::InvalidArgument, QStringLiteral("--dc: expected the data center URL, e.g. http://127.0.0.1:8080"));
        return std::nullopt;
    }
    c.dc = *dc;
    c.user = args.user;
    if (!protocol::isValidUsername(c.user)) {
        reply->fail(ErrorCode::InvalidArgument, QStringLiteral("invalid user name '%1': 3-64 characters of A-Z a-z 0-9 . _ -").arg(c.user));
        return std::nullopt;
    }
    c.password = args.password;
    if (c.password.isEmpty()) {
        reply->fail(ErrorCode::InvalidArgument, QStringLiteral("an empty password is not allowed"));
        return std::nullopt;
    }
    if (newPassword && c.password.size() < kMinPasswordLength) {
        reply->fail(ErrorCode::InvalidArgument, QStringLiteral("a password needs at least %1 characters").arg(kMinPasswordLength));
        return std::nullopt;
    }
    return c;
}

QString accountName(const QString& user, const QString& dc)
{
    return user.toLower() + u'@' + dc;
}

// A profile is one user's: a second account needs a logout first (or another --profile), so nobody
// switches accounts by accident and sees or seeds another user's objects. Re-login as the same user is fine.
bool refuseOtherAccount(EngineContext& ctx, const Credentials& c, CommandReply* reply)
{
    const auto current = ctx.account();
    if (!current || accountName(current->user, current->dcUrl) == accountName(c.user, c.dc))
        return false;
    reply->fail(ErrorCode::Conflict, QStringLiteral("this profile is logged in as %1 at %2: run 'logout' first, or use --profile DIR "
                               "for a second account")
                    .arg(current->user, current->dcUrl));
    return true;
}

// What the profile remembers of the previous account's objects (records, their ciphertext, unfinished
// uploads) goes when another account logs in; the DC keeps them for their owner.
void forgetOtherAccountsObjects(EngineContext& ctx, const Credentials& c)
{
    const QString key = QStringLiteral("objects_account");
    const QString now = accountName(c.user, c.dc);
    const auto before = ctx.store().setting(key);
    if (before && *before == now)
        return;
    if (before) {
        const auto objects = ctx.store().objects(true);
        const auto uploads = ctx.store().unfinishedUploads();
        if (!objects || !uploads) { // the next login tries again: the account is recorded only after this
            qWarning("login: cannot read the previous account's objects: %s",
                     qPrintable((!objects ? objects.error() : uploads.error()).message));
            return;
        }
        for (const state::ObjectRecord& o : *objects)
            ctx.forgetOwnObject(o.id);
        for (const state::UploadRecord& u : *uploads)
            if (Status s = ctx.store().removeUpload(u.localId); !s)
                qWarning("login: cannot forget an unfinished upload: %s", qPrintable(s.error().message));
    }
    if (Status s = ctx.store().setSetting(key, now); !s)
        qWarning("login: cannot record the profile's account: %s", qPrintable(s.error().message));
}

// Stores the session and keys, then refreshes the object list (best effort).
void finishLogin(EngineContext& ctx, const Credentials& c, const QString& token, const crypto::SecretKey& master,
                 CommandReply* reply)
{
    forgetOtherAccountsObjects(ctx, c);
    if (Status s = ctx.store().setAccount({c.dc, c.user, token, master.toBytes()}); !s)
        return reply->fail(s.error());
    logIfFailed(ctx.store().setSetting(QStringLiteral("dc"), c.dc), "login: cannot remember the DC"); // the account row has it too
    ctx.resetDc();
    QPointer<CommandReply> r(reply);
    QPointer<EngineContext> context(&ctx);
    // The account's sharing key pair first (made here for a new account or one from before it existed), so
    // others can share with it as soon as login returns; a failure is retried at the next login or start.
    ensureAccountKeys(ctx, [r, context, c](Result<crypto::AccountKeyPair> keys) {
        if (!keys)
            qWarning("login: the account's sharing key is not ready: %s", qPrintable(keys.error().message));
        if (!r || !context)
            return;
        syncObjects(*context, [r, c](bool, QString) {
            if (r)
                r->succeedWith(api::AccountReply{c.user, c.dc});
        });
    });
}

// The DC's list is the truth about my objects: one deleted from another machine, or one of another account
// that used this profile before, is forgotten here. An upload still under way is not on the list yet.
void forgetObjectsTheDcDoesNotList(EngineContext& ctx, const protocol::ObjectList& list)
{
    QSet<QString> listed;
    for (const protocol::ObjectInfo& o : list.objects)
        listed.insert(o.id);
    const auto uploads = ctx.store().unfinishedUploads();
    const auto objects = ctx.store().objects(true);
    if (!uploads || !objects) // forget nothing on a guess
        return qWarning("sync: cannot read my objects: %s", qPrintable((!uploads ? uploads.error() : objects.error()).message));
    QSet<QString> uploading;
    for (const state::UploadRecord& u : *uploads)
        uploading.insert(u.objectId);
    for (const state::ObjectRecord& o : *objects) {
        if (!listed.contains(o.id) && !uploading.contains(o.id))
            ctx.forgetOwnObject(o.id);
    }
}

} // namespace

void registerAccount(EngineContext& ctx, const api::RegisterRequest& request, CommandReply* reply)
{
    const auto c = credentials(request, reply, true);
    if (!c || refuseOtherAccount(ctx, *c, reply))
        return;
    const QByteArray publicKey = ctx.identity().publicKey();
    QPointer<CommandReply> r(reply);
    QPointer<EngineContext> context(&ctx);
    runAsync(&ctx, [pw = c->password]() { return crypto::createAccount(pw); },
             [r, context, c = *c, publicKey](Result<crypto::AccountSecrets> secrets) {
                 if (!r || !context)
                     return;
                 if (!secrets)
                     return r->fail(secrets.error());
                 protocol::AccountCreate body{c.user, secrets->authSecret.toBytes(), secrets->salt,
                                              secrets->params.toString(), secrets->wrappedMasterKey, publicKey};
                 auto* dc = context->dcFor(QUrl(c.dc));
                 dc->createAccount(body, [r, context, c, secrets = *secrets, dc](Result<protocol::AccountCreated> made) {
                     if (!r || !context)
                         return;
                     if (!made)
                         return r->fail(made.error().code, made.error().code == ErrorCode::AlreadyExists
                                            ? QStringLiteral("user '%1' already exists at %2").arg(c.user, c.dc)
                                            : QStringLiteral("register failed: ") + made.error().message);
                     dc->login({c.user, secrets.authSecret.toBytes()}, [r, context, c, secrets](Result<protocol::LoginReply> in) {
                         if (!r || !context)
                             return;
                         if (!in)
                             return r->failWith(QStringLiteral("registered, but login failed: "), in.error());
                         finishLogin(*context, c, in->token, secrets.masterKey, r);
                     });
                 });
             });
}

void loginAccount(EngineContext& ctx, const api::LoginRequest& request, CommandReply* reply)
{
    const auto c = credentials(request, reply);
    if (!c || refuseOtherAccount(ctx, *c, reply))
        return;
    QPointer<CommandReply> r(reply);
    QPointer<EngineContext> context(&ctx);
    auto* dc = ctx.dcFor(QUrl(c->dc));
    dc->accountSalt(c->user, [r, context, c = *c, dc](Result<protocol::AccountSalt> salt) {
        if (!r || !context)
            return;
        if (!salt)
            return r->failWith(QStringLiteral("login failed: "), salt.error());
        auto params = crypto::KdfParams::fromString(salt->kdf);
        if (!params)
            return r->fail(QStringLiteral("login failed: the data center sent unacceptable key parameters"));
        runAsync(context, [pw = c.password, s = salt->salt, p = *params]() { return crypto::derivePasswordKeys(pw, s, p); },
                 [r, context, c, dc](Result<crypto::PasswordKeys> keys) {
                     if (!r || !context)
                         return;
                     if (!keys)
                         return r->failWith(QStringLiteral("login failed: "), keys.error());
                     dc->login({c.user, keys->authSecret.toBytes()}, [r, context, c, kek = keys->kek](Result<protocol::LoginReply> in) {
                         if (!r || !context)
                             return;
                         if (!in)
                             return r->fail(in.error().code, in.error().code == ErrorCode::Unauthorized
                                                ? QStringLiteral("login failed: wrong user name or password")
                                                : QStringLiteral("login failed: ") + in.error().message);
                         auto master = crypto::unwrapMasterKey(in->wrappedMasterKey, kek);
                         if (!master)
                             return r->fail(ErrorCode::Unauthorized, QStringLiteral("login failed: the master key does not open with this password"));
                         finishLogin(*context, c, in->token, *master, r);
                     });
                 });
    });
}

void logoutAccount(EngineContext& ctx, const api::LogoutRequest&, CommandReply* reply)
{
    const auto account = ctx.account();
    auto* dc = account ? ctx.dc() : nullptr;
    QPointer<CommandReply> r(reply);
    QPointer<EngineContext> context(&ctx);
    const api::AccountReply who = account ? api::AccountReply{account->user, account->dcUrl} : api::AccountReply{};
    auto forget = [r, context, who](Status) {
        // Forget the session locally even if the DC could not be told: the token expires there anyway.
        if (!context || !r)
            return;
        if (Status s = context->store().clearAccount(); !s)
            return r->fail(s.error());
        context->resetDc();
        r->succeedWith(who);
    };
    if (!dc)
        return forget(Status::success());
    dc->logout(forget);
}

void syncObjects(EngineContext& ctx, std::function<void(bool, QString)> done)
{
    auto master = ctx.masterKey();
    auto* dc = ctx.dc();
    if (!master || !dc)
        return done(false, master ? QStringLiteral("no data center configured") : master.error().message);
    QPointer<EngineContext> context(&ctx);
    QPointer<dcclient::DcClient> client(dc);
    dc->listObjects([context, client, done, master = *master, dcUrl = dc->baseUrl().toString()](Result<protocol::ObjectList> list) {
        if (!context)
            return;
        if (!list)
            return done(false, list.error().message);
        state::Store& store = context->store();
        for (const protocol::ObjectInfo& o : list->objects) {
            auto existing = store.object(o.id);
            state::ObjectRecord rec = existing ? *existing : state::ObjectRecord{};
            if (!existing) {
                auto fileKey = crypto::unwrapFileKey(o.wrappedFileKey, master, o.id);
                if (!fileKey)
                    continue; // not ours to read (wrong key or tampered): leave it out rather than guess
                auto meta = crypto::openMetadata(o.sealedMetadata, *fileKey);
                if (!meta)
                    continue;
                rec.id = o.id;
                rec.name = meta->name;
                rec.size = meta->size;
                rec.mtime = meta->mtime;
                rec.fileKey = fileKey->toBytes();
                rec.dcUrl = dcUrl;
                rec.owned = true;
            }
            rec.uploaded = QDateTime::fromSecsSinceEpoch(o.createdAt, Qt::UTC);
            // A local upload still in progress stays "uploading" until its own job says otherwise.
            rec.state = o.state == protocol::kStateAvailable ? state::ObjectState::Available : state::ObjectState::Uploading;
            logIfFailed(store.putObject(rec), "sync: cannot record an object"); // the next sync tries again
            context->setReplicaCount(o.id, o.replicas);
            if (o.targetReplicas > 0)
                context->setReplicaFigures(o.id, {o.targetReplicas, o.availability});
        }
        // A standby's list may lag behind the DC's (docs/outage.md): it adds, it never makes us forget.
        if (!client || !client->inOutage())
            forgetObjectsTheDcDoesNotList(*context, *list);
        done(true, {});
    });
}

} // namespace as::engine
