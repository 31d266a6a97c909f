// `rekey ID` (docs/sharing.md, "Revoke and re-key"): the object is fetched and decrypted with its current key
// into a private folder of the profile, uploaded again (a fresh file key, hence a new object id), and only
// then are its links revoked and the old object deleted at the DC, which tells the holders of its replicas to
// drop them. A failure at any step before the delete leaves the old object as it was.
#include "core/api/EngineApi.h"
#include "core/dcclient/DcClient.h"
#include "core/engine/Commands.h"
#include "core/engine/EngineContext.h"

#include <QDir>
#include <QJsonArray>
#include <QPointer>

namespace as::engine {
namespace {

struct RekeyState {
    QPointer<EngineApi> engine;
    QPointer<EngineContext> ctx;
    QPointer<CommandReply> reply;
    QString oldId, name, folder, plainPath, newId, newLink;

    void fail(const Error& why)
    {
        QDir(folder).removeRecursively();
        if (reply)
            reply->failWith(QStringLiteral("rekey failed: "), why);
    }
};

// Runs a command on the engine and continues with its typed reply (or fails the whole re-key).
template <class Request>
void then(const std::shared_ptr<RekeyState>& st, const Request& request, std::function<void(const typename Request::Reply&)> next)
{
    if (!st->engine || !st->reply)
        return;
    CommandReply* r = api::send(*st->engine, request);
    QObject::connect(r, &CommandReply::finished, r, [st, r, next]() {
        r->deleteLater();
        if (!r->ok())
            return st->fail(Error { r->errorCode(), QStringLiteral("%1: %2").arg(QLatin1String(Request::kName), r->errorMessage()) });
        next(api::replyOf<Request>(*r));
    });
}

void finish(const std::shared_ptr<RekeyState>& st)
{
    auto* dc = st->ctx ? st->ctx->dc() : nullptr;
    if (!dc)
        return st->fail(Error { ErrorCode::Internal, QStringLiteral("no data center configured") });
    dc->revokeObjectLinks(st->oldId, [st](Status revoked) {
        if (!revoked && revoked.error().code != ErrorCode::NotFound)
            return st->fail(Error { revoked.error().code,
                QStringLiteral("the new copy %1 is uploaded, but the old links could not be revoked: %2")
                    .arg(st->newId.left(12), revoked.error().message) });
        then(st, api::DeleteRequest { st->oldId }, [st](const api::DeleteReply&) {
            QDir(st->folder).removeRecursively();
            if (st->reply)
                st->reply->succeedWith(api::RekeyReply { st->oldId, st->newId, st->name, st->newLink });
        });
    });
}

} // namespace

void rekeyObject(EngineApi& engine, EngineContext& ctx, const api::RekeyRequest& request, CommandReply* reply)
{
    if (!ctx.account())
        return reply->fail(notLoggedIn());
    const Resolved which = resolveObjectId(ctx, request.id);
    if (!which.error.isEmpty())
        return reply->fail(which.code, which.error);
    const auto object = ctx.store().object(which.id);
    if (!object || !object->owned)
        return reply->fail(ErrorCode::Forbidden, QStringLiteral("%1 is not yours: only its owner can re-key it").arg(which.id.left(12)));
    auto link = ctx.shareLink(which.id);
    if (!link)
        return reply->fail(link.error());
    auto st = std::make_shared<RekeyState>();
    st->engine = &engine;
    st->ctx = &ctx;
    st->reply = reply;
    st->oldId = which.id;
    st->name = object->name;
    st->folder = QDir(ctx.subDir(QStringLiteral("rekey"))).filePath(which.id);
    QDir(st->folder).removeRecursively(); // what an interrupted re-key left
    if (!QDir().mkpath(st->folder))
        return reply->fail(ErrorCode::Io, QStringLiteral("rekey failed: cannot make %1").arg(st->folder));
    then(st, api::GetRequest { *link, st->folder }, [st](const api::GetReply& got) {
        st->plainPath = got.path;
        then(st, api::UploadRequest { { st->plainPath } }, [st](const api::UploadReply& up) {
            st->newId = up.ids.value(0);
            st->newLink = up.links.value(0);
            if (st->newId.isEmpty() || st->newId == st->oldId)
                return st->fail(Error { ErrorCode::Internal, QStringLiteral("the upload gave no new object id") });
            finish(st);
        });
    });
}

} // namespace as::engine
