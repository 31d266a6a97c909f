#include "core/engine/LocalEngine.h"
#include "core/engine/StandbyDiscovery.h"

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

namespace {
// One row of the dispatch table: the command's name, and a parse of its arguments into the typed request
// that the handler takes. A bad argument finishes the reply as a usage error.
template <class Request, class Handler>
bool route(const QString& command, const QJsonObject& args, CommandReply* reply, Handler&& handler)
{
    if (command != QLatin1String(Request::kName))
        return false;
    Result<Request> request = Request::fromJson(args);
    if (!request)
        reply->fail(request.error());
    else
        handler(*request);
    return true;
}
} // namespace

void LocalEngine::dispatch(const QString& command, const QJsonObject& args, CommandReply* reply)
{
    if (m_shuttingDown)
        return reply->fail(QStringLiteral("the engine is shutting down"));
    EngineContext& ctx = *m_ctx;
    const auto on = [&](auto handler) {
        return [&ctx, reply, handler](const auto& request) { handler(ctx, request, reply); };
    };
    const bool known =
        route<api::RegisterRequest>(command, args, reply, on(registerAccount)) ||
        route<api::LoginRequest>(command, args, reply, on(loginAccount)) ||
        route<api::LogoutRequest>(command, args, reply, on(logoutAccount)) ||
        route<api::UploadRequest>(command, args, reply, [&](const auto& r) { m_uploads->upload(r, reply); }) ||
        route<api::ListRequest>(command, args, reply, on(listObjects)) ||
        route<api::ShareRequest>(command, args, reply, on(shareObject)) ||
        route<api::GetRequest>(command, args, reply, [&](const auto& r) { get(r, reply); }) ||
        route<api::DeleteRequest>(command, args, reply, on(deleteObject)) ||
        route<api::StatusRequest>(command, args, reply, on(nodeStatus)) ||
        route<api::ContributionRequest>(command, args, reply, on(reportContribution)) ||
        route<api::TransfersRequest>(command, args, reply, on(listTransfers)) ||
        route<api::ConfigRequest>(command, args, reply, on(configure)) ||
        route<api::SlowModeRequest>(command, args, reply, on(setSlowMode)) ||
        route<api::PauseRequest>(command, args, reply, [&](const auto&) { pauseAll(ctx, true, reply); }) ||
        route<api::ResumeRequest>(command, args, reply, [&](const auto&) { pauseAll(ctx, false, reply); }) ||
        route<api::RunRequest>(command, args, reply, [&](const auto& r) { runDaemon(r, reply); }) ||
        route<api::StopRequest>(command, args, reply, [&](const auto&) { stopDaemon(reply); }) ||
        route<api::ShareLinkRequest>(command, args, reply, on(createShareLink)) ||
        route<api::UnshareRequest>(command, args, reply, on(unshareObject)) ||
        route<api::SharesRequest>(command, args, reply, on(listShares)) ||
        route<api::RekeyRequest>(command, args, reply, [&](const auto& r) { rekeyObject(*this, ctx, r, reply); }) ||
        route<api::ShareToUserRequest>(command, args, reply, on(shareToUser)) ||
        route<api::UnshareUserRequest>(command, args, reply, on(unshareUser)) ||
        route<api::SharedWithMeRequest>(command, args, reply, on(listSharedWithMe)) ||
        route<api::RecipientsRequest>(command, args, reply, on(listRecipients)) ||
        route<api::AccountKeyRequest>(command, args, reply, on(showAccountKey));
    if (!known)
        reply->fail(ErrorCode::InvalidArgument, QStringLiteral("unknown command '%1'").arg(command));
}

void LocalEngine::stopDaemon(CommandReply* reply)
{
    if (!m_daemon)
        return reply->fail(QStringLiteral("no daemon is running in this instance"));
    reply->succeedWith(api::EmptyReply{});
    shutdown();
}

void LocalEngine::get(const api::GetRequest& request, CommandReply* reply)
{
    const QString dir = request.dir.isEmpty() ? QDir::currentPath() : QFileInfo(request.dir).absoluteFilePath();
    if (!request.link.contains(QStringLiteral("://")))
        return getShared(request.link, dir, reply);
    auto link = link::parseShareLink(request.link);
    if (!link)
        return reply->fail(ErrorCode::InvalidArgument, QStringLiteral("bad link: ") + link.error().message);
    if (link->isRevocable()) {
        // A revocable link: the DC says which object it grants, while the link works (docs/sharing.md).
        QPointer<CommandReply> r(reply);
        QPointer<LocalEngine> self(this);
        return resolveLinkDiscovering(*m_ctx, link->dcBaseUrl, link->linkId, // docs/outage.md (discovery)
            [r, self, shared = *link, dir](Result<protocol::LinkResolution> resolved) mutable {
                if (!r || !self)
                    return;
                if (!resolved)
                    return r->failWith(resolved.error().code == ErrorCode::NotFound
                            ? QStringLiteral("this link no longer works: ")
                            : QStringLiteral("cannot ask the data center of this link: "),
                        resolved.error());
                shared.objectId = resolved->objectId;
                self->startGet(shared, dir, r);
            });
    }
    startGet(*link, dir, reply);
}

// `get ID` of a file shared with me by another user (docs/sharing.md "Sharing to a named user").
void LocalEngine::getShared(const QString& id, const QString& dir, CommandReply* reply)
{
    QPointer<CommandReply> r(reply);
    QPointer<LocalEngine> self(this);
    resolveSharedObject(*m_ctx, id, [r, self, dir](Result<SharedObject> shared) {
        if (!r || !self)
            return;
        if (!shared)
            return r->fail(shared.error());
        link::ShareLink l;
        l.objectId = shared->objectId;
        l.dcBaseUrl = shared->dcBaseUrl;
        l.fileKey = shared->fileKey;
        self->startGet(l, dir, r);
    });
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
    connect(job, &DownloadJob::finished, reply, [this, reply](bool ok, const Error& error, const QJsonObject& result) {
        if (!ok)
            return reply->fail(error);
        const api::GetReply done = api::GetReply::fromJson(result);
        emit notify(QStringLiteral("download-done"), tr("Download finished"), done.path);
        reply->succeedWith(done);
    });
    job->start();
}

void LocalEngine::runDaemon(const api::RunRequest& request, CommandReply* reply)
{
    if (m_daemon)
        return reply->fail(QStringLiteral("the daemon already runs in this instance"));
    Daemon::Options opt;
    opt.heartbeatIntervalMs = request.heartbeatIntervalMs;
    m_daemon = new Daemon(*m_ctx, *m_uploads, opt, this);
    connect(m_daemon, &Daemon::statusChanged, this, [this]() {
        QPointer<LocalEngine> self(this);
        buildStatus(*m_ctx, [self](const api::StatusReply& status) {
            if (self)
                emit self->statusChanged(status.node);
        });
    });
    if (Status s = m_daemon->start(); !s) {
        delete m_daemon;
        m_daemon = nullptr;
        return reply->fail(s.error());
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
