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

    void fail(const QString& why)
    {
        QDir(folder).removeRecursively();
        if (reply)
            reply->fail(QStringLiteral("rekey failed: ") + why);
    }
};

// Runs `command` on the engine and continues with its result (or fails the whole re-key).
void then(const std::shared_ptr<RekeyState>& st, const QString& command, const QJsonObject& args,
    std::function<void(const QJsonObject&)> next)
{
    if (!st->engine || !st->reply)
        return;
    CommandReply* r = st->engine->call(command, args);
    QObject::connect(r, &CommandReply::finished, r, [st, r, command, next]() {
        r->deleteLater();
        if (!r->ok())
            return st->fail(QStringLiteral("%1: %2").arg(command, r->errorMessage()));
        next(r->result());
    });
}

void finish(const std::shared_ptr<RekeyState>& st)
{
    auto* dc = st->ctx ? st->ctx->dc() : nullptr;
    if (!dc)
        return st->fail(QStringLiteral("no data center configured"));
    dc->revokeObjectLinks(st->oldId, [st](Status revoked) {
        if (!revoked && revoked.error().code != ErrorCode::NotFound)
            return st->fail(QStringLiteral("the new copy %1 is uploaded, but the old links could not be revoked: %2")
                                .arg(st->newId.left(12), revoked.error().message));
        then(st, QStringLiteral("delete"), { { QStringLiteral("id"), st->oldId } }, [st](const QJsonObject&) {
            QDir(st->folder).removeRecursively();
            if (st->reply)
                st->reply->succeed({ { QStringLiteral("old_id"), st->oldId }, { QStringLiteral("id"), st->newId },
                    { QStringLiteral("name"), st->name }, { QStringLiteral("link"), st->newLink } });
        });
    });
}

} // namespace

void rekeyObject(EngineApi& engine, EngineContext& ctx, const QJsonObject& args, CommandReply* reply)
{
    if (!ctx.account())
        return reply->fail(QStringLiteral("not logged in: run 'login --dc URL USER' first"));
    const Resolved which = resolveObjectId(ctx, args.value(QStringLiteral("id")).toString());
    if (!which.error.isEmpty())
        return reply->fail(which.error, which.exitCode);
    const auto object = ctx.store().object(which.id);
    if (!object->owned)
        return reply->fail(QStringLiteral("%1 is not yours: only its owner can re-key it").arg(object->name));
    auto link = ctx.shareLink(which.id);
    if (!link)
        return reply->fail(link.error().message);
    auto st = std::make_shared<RekeyState>();
    st->engine = &engine;
    st->ctx = &ctx;
    st->reply = reply;
    st->oldId = which.id;
    st->name = object->name;
    st->folder = QDir(ctx.subDir(QStringLiteral("rekey"))).filePath(which.id);
    QDir(st->folder).removeRecursively(); // what an interrupted re-key left
    if (!QDir().mkpath(st->folder))
        return reply->fail(QStringLiteral("rekey failed: cannot make %1").arg(st->folder));
    then(st, QStringLiteral("get"), { { QStringLiteral("link"), *link }, { QStringLiteral("dir"), st->folder } },
        [st](const QJsonObject& got) {
            st->plainPath = got.value(QStringLiteral("path")).toString();
            then(st, QStringLiteral("upload"), { { QStringLiteral("paths"), QJsonArray { st->plainPath } } },
                [st](const QJsonObject& up) {
                    st->newId = up.value(QStringLiteral("ids")).toArray().at(0).toString();
                    st->newLink = up.value(QStringLiteral("links")).toArray().at(0).toString();
                    if (st->newId.isEmpty() || st->newId == st->oldId)
                        return st->fail(QStringLiteral("the upload gave no new object id"));
                    finish(st);
                });
        });
}

} // namespace as::engine
