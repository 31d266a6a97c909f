#include "core/engine/LocalEngine.h"

#include "core/engine/Commands.h"
#include "core/engine/ContributionHistory.h"
#include "core/engine/Daemon.h"
#include "core/engine/DownloadJob.h"
#include "core/engine/EngineContext.h"
#include "core/engine/Uploads.h"
#include "core/dcclient/DcClient.h"
#include "core/link/ShareLink.h"
#include "core/transfer/TransferSession.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QTimer>

namespace as::engine {

LocalEngine::LocalEngine(const QString& profileDir, QObject* parent)
    : EngineApi(parent), m_ctx(new EngineContext(profileDir, this)), m_uploads(new Uploads(*m_ctx, this))
{
    connect(m_uploads, &Uploads::jobProgress, this, &EngineApi::transferChanged);
    connect(m_uploads, &Uploads::objectsChanged, this, &EngineApi::objectsChanged);
}

LocalEngine::~LocalEngine()
{
    // Jobs hold a reference to the context: they go first (children would be deleted in creation order,
    // the context first).
    for (CommandReply* r : findChildren<CommandReply*>(Qt::FindDirectChildrenOnly))
        delete r;
    delete m_history;
    delete m_daemon;
    delete m_uploads;
}

Status LocalEngine::open() { return m_ctx->open(); }

CommandReply* LocalEngine::call(const QString& command, const QJsonObject& args)
{
    auto* reply = new CommandReply(this);
    // Never answer inside call(): the caller connects to the reply first.
    QTimer::singleShot(0, reply, [this, command, args, reply]() { dispatch(command, args, reply); });
    return reply;
}

void LocalEngine::dispatch(const QString& command, const QJsonObject& args, CommandReply* reply)
{
    if (m_shuttingDown)
        return reply->fail(QStringLiteral("the engine is shutting down"));
    EngineContext& ctx = *m_ctx;
    if (command == QLatin1String("register"))
        return registerAccount(ctx, args, reply);
    if (command == QLatin1String("login"))
        return loginAccount(ctx, args, reply);
    if (command == QLatin1String("logout"))
        return logoutAccount(ctx, args, reply);
    if (command == QLatin1String("upload"))
        return m_uploads->upload(args, reply);
    if (command == QLatin1String("ls"))
        return listObjects(ctx, args, reply);
    if (command == QLatin1String("share") && (args.contains(QStringLiteral("expires_in")) || args.value(QStringLiteral("revocable")).toBool()))
        return createShareLink(ctx, args, reply);
    if (command == QLatin1String("share"))
        return shareObject(ctx, args, reply);
    if (command == QLatin1String("unshare"))
        return unshareObject(ctx, args, reply);
    if (command == QLatin1String("shares"))
        return listShares(ctx, args, reply);
    if (command == QLatin1String("rekey"))
        return rekeyObject(*this, ctx, args, reply);
    if (command == QLatin1String("get"))
        return get(args, reply);
    if (command == QLatin1String("delete"))
        return deleteObject(ctx, args, reply);
    if (command == QLatin1String("status"))
        return nodeStatus(ctx, args, reply);
    if (command == QLatin1String("contribution"))
        return reportContribution(ctx, args, reply);
    if (command == QLatin1String("transfers"))
        return listTransfers(ctx, args, reply);
    if (command == QLatin1String("config"))
        return configure(ctx, args, reply);
    if (command == QLatin1String("slow-mode"))
        return setSlowMode(ctx, args, reply);
    if (command == QLatin1String("pause") || command == QLatin1String("resume"))
        return pauseAll(ctx, command == QLatin1String("pause"), reply);
    if (command == QLatin1String("run"))
        return runDaemon(args, reply);
    if (command == QLatin1String("stop")) {
        if (!m_daemon)
            return reply->fail(QStringLiteral("no daemon is running in this instance"));
        reply->succeed({});
        return shutdown();
    }
    reply->fail(QStringLiteral("unknown command '%1'").arg(command), 2);
}

void LocalEngine::get(const QJsonObject& args, CommandReply* reply)
{
    auto link = link::parseShareLink(args.value(QStringLiteral("link")).toString());
    if (!link)
        return reply->fail(QStringLiteral("bad link: ") + link.error().message);
    const QString dir = args.value(QStringLiteral("dir")).toString().isEmpty()
                            ? QDir::currentPath()
                            : QFileInfo(args.value(QStringLiteral("dir")).toString()).absoluteFilePath();
    if (link->isRevocable()) {
        // A revocable link: the DC says which object it grants, while the link works (docs/sharing.md).
        QPointer<CommandReply> r(reply);
        QPointer<LocalEngine> self(this);
        return m_ctx->dcFor(link->dcBaseUrl)->resolveLink(link->linkId,
            [r, self, link = *link, dir](Result<protocol::LinkResolution> resolved) mutable {
                if (!r || !self)
                    return;
                if (!resolved)
                    return r->fail(resolved.error().code == ErrorCode::NotFound
                            ? QStringLiteral("this link no longer works: ") + resolved.error().message
                            : QStringLiteral("cannot reach the data center of this link: ") + resolved.error().message);
                link.objectId = resolved->objectId;
                self->startGet(link, dir, r);
            });
    }
    startGet(*link, dir, reply);
}

void LocalEngine::startGet(const link::ShareLink& link, const QString& dir, CommandReply* reply)
{
    DownloadJob::Params p;
    p.purpose = DownloadJob::Purpose::Get;
    p.objectId = link.objectId;
    p.dcBase = link.dcBaseUrl;
    p.fileKey = link.fileKey;
    p.targetDir = dir;
    auto* job = new DownloadJob(*m_ctx, p, reply);
    connect(job, &DownloadJob::progress, reply, &CommandReply::reportProgress);
    connect(job, &DownloadJob::progress, this, &EngineApi::transferChanged);
    connect(job, &DownloadJob::finished, reply, [this, reply](bool ok, const QString& error, const QJsonObject& result) {
        if (!ok)
            return reply->fail(error);
        emit notify(QStringLiteral("download-done"), tr("Download finished"), result.value(QStringLiteral("path")).toString());
        reply->succeed(result);
    });
    job->start();
}

void LocalEngine::runDaemon(const QJsonObject& args, CommandReply* reply)
{
    if (m_daemon)
        return reply->fail(QStringLiteral("the daemon already runs in this instance"));
    Daemon::Options opt;
    opt.heartbeatIntervalMs = args.value(QStringLiteral("heartbeat_interval_ms")).toInt();
    m_daemon = new Daemon(*m_ctx, *m_uploads, opt, this);
    connect(m_daemon, &Daemon::statusChanged, this, [this]() {
        auto* r = call(QStringLiteral("status"));
        connect(r, &CommandReply::finished, this, [this, r]() {
            r->deleteLater();
            if (r->ok())
                emit statusChanged(NodeStatus::fromJson(r->result()));
        });
    });
    if (Status s = m_daemon->start(); !s) {
        delete m_daemon;
        m_daemon = nullptr;
        return reply->fail(s.error().message);
    }
    m_history = new ContributionHistory(*m_ctx, {}, this);
    m_history->start();
    m_runReply = reply;
}

void LocalEngine::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    if (m_history)
        m_history->stop(); // the clean stop's sample
    if (m_daemon)
        m_daemon->stop();
    m_ctx->shutdownTransfers([this]() {
        if (m_runReply)
            m_runReply->succeed({});
        emit stopped();
    });
}

} // namespace as::engine
