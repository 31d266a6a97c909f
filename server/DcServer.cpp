#include "server/DcServer.h"
#include "server/routes/ShareLinks.h"

#include "core/protocol/Problem.h"
#include "core/util/Encoding.h"
#include "server/DcContext.h"
#include "server/auth/PasswordHash.h"
#include "server/http/ConnectionFront.h"
#include "server/http/Http.h"
#include "server/http/WorkerPool.h"
#include "server/replication/PolicyReplicaPlanner.h"
#include "server/store/SqlMetadataStore.h"
#include "server/master/OutageChanges.h"
#include "server/master/StandbyAuth.h"

#include <QDir>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <thread>

namespace as::server {
using namespace Qt::Literals::StringLiterals;

struct DcServer::Impl {
    DcConfig config;
    std::unique_ptr<SqlMetadataStore> store;
    std::optional<BlobStore> blobs;
    std::unique_ptr<TokenService> tokens;
    Metrics metrics;
    std::unique_ptr<PolicyReplicaPlanner> planner;
    TrackerSwarms swarms { 600 };
    ObjectLocks locks;
    ObjectCache objectCache;
    std::unique_ptr<DcContext> ctx;
    std::unique_ptr<httplib::Server> http;
    std::unique_ptr<ConnectionFront> front; // owns every socket, plain HTTP and TLS alike
    std::string tlsError; // why --tls-cert/--tls-key did not load (then the DC does not start)

    std::atomic<bool> stopping { false };
    std::mutex maintenanceMutex;
    std::condition_variable maintenanceWake;
    std::thread maintenance;

    Status recover();
    Status setUpMastering();
    void configureHttp();
    void makeHttpServer();
    void installHandlers();
    void registerRoutes();
    void maintenanceLoop();
};

namespace {

ErrorCode codeForStatus(int status)
{
    switch (status) {
    case 401:
        return ErrorCode::Unauthorized;
    case 403:
        return ErrorCode::Forbidden;
    case 404:
        return ErrorCode::NotFound;
    case 409:
        return ErrorCode::Conflict;
    case 413:
        return ErrorCode::TooLarge;
    case 416:
        return ErrorCode::RangeNotSatisfiable;
    case 503:
        return ErrorCode::Unavailable;
    default:
        return status >= 500 ? ErrorCode::Internal : ErrorCode::InvalidArgument;
    }
}

QString detailForStatus(int status)
{
    switch (status) {
    case 404:
        return u"no such route"_s;
    case 413:
        return u"the request body is larger than this route accepts"_s;
    case 414:
        return u"the request URI is too long"_s;
    case 416:
        return u"malformed Range header"_s;
    case 400:
        return u"malformed HTTP request"_s;
    default:
        return u"HTTP status %1"_s.arg(status);
    }
}

// cpp-httplib's request processing without its accept loop: ConnectionFront feeds it checked requests.
class FrontedServer final : public httplib::Server {
public:
    ~FrontedServer() override { stopRunning(); }

    bool serve(httplib::Stream& stream, bool closeConnection, bool& connectionClosed)
    {
        return process_request(stream, closeConnection, connectionClosed, nullptr);
    }

    // cpp-httplib ends content-provider answers (/data) early unless is_running(), which only its accept loop
    // sets. That loop runs here on an eventfd that never becomes readable, so it idles (on_idle every 100 ms)
    // and accepts nothing; stop() closes it. No socket of the library is ever reachable from the network.
    void startRunning()
    {
        svr_sock_ = ::eventfd(0, EFD_CLOEXEC);
        set_idle_interval(0, 100000);
        new_task_queue = [] { return new WorkerPool(1, 1); };
        m_loop = std::thread([this] { listen_after_bind(); });
        while (!is_running())
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    void stopRunning()
    {
        stop();
        if (m_loop.joinable())
            m_loop.join();
    }

private:
    std::thread m_loop;
};

FrontLimits frontLimits(const DcConfig& config)
{
    FrontLimits l;
    l.head.maxBody = uint64_t(std::max(config.maxPartSize, config.maxJsonBody));
    l.headTimeoutMs = config.headTimeoutSeconds * 1000;
    l.keepAliveMs = config.keepAliveSeconds * 1000;
    l.readTimeoutMs = config.readTimeoutSeconds * 1000;
    l.writeTimeoutMs = config.writeTimeoutSeconds * 1000;
    l.maxConnections = config.maxConnections;
    l.maxPerAddress = config.maxConnectionsPerAddress;
    return l;
}

bool isContentRoute(const std::string& method, const std::string& path)
{
    constexpr std::string_view suffix = "/content";
    return method == "PUT" && path.size() > suffix.size()
        && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The data folder holds scrypt verifiers, wrapped master keys and every blob: only the DC's user may read it,
// whatever the umask the DC was started with. New files (SQLite's -wal/-shm, blobs, partials) follow the umask,
// hence 077 for the process; what an older version left readable is closed here too.
Status lockDownDataDir(const QString& dir, bool standby)
{
    if (!standby) // a standby lives inside a node, whose other files (downloads) follow the user's umask
        ::umask(077);
    if (!QDir().mkpath(dir))
        return makeError(ErrorCode::Io, u"cannot create data folder %1"_s.arg(dir));
    const QByteArray root = QFile::encodeName(dir);
    if (::chmod(root.constData(), 0700) != 0)
        return makeError(ErrorCode::Io, u"cannot restrict the data folder %1 to its owner"_s.arg(dir));
    for (const char* name : { "blobs", "partial" })
        (void)::chmod((root + '/' + name).constData(), 0700);
    for (const char* name : { "metadata.sqlite", "metadata.sqlite-wal", "metadata.sqlite-shm", "metadata.sqlite-journal" })
        (void)::chmod((root + '/' + name).constData(), 0600);
    return {};
}

// Before routing: no library-side ranges or form bodies, no chunked bodies, and a body larger than a JSON
// body may be only on the content routes.
httplib::Server::HandlerResponse screenRequest(DcContext& c, Metrics& m, const httplib::Request& req, httplib::Response& res)
{
    // The request object is ours until routing; cpp-httplib hands it over const. Range is handled by the
    // /data route itself (keep the library from slicing other answers), and no route takes HTML forms
    // (the library would cap a body sent as x-www-form-urlencoded, curl's default, at 8 KiB).
    auto& mutableReq = const_cast<httplib::Request&>(req);
    mutableReq.ranges.clear();
    if (req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0) {
        mutableReq.headers.erase("Content-Type");
        mutableReq.headers.emplace("Content-Type", "application/json");
    }
    if (req.has_header("Transfer-Encoding")) {
        sendProblem(res,
            makeError(ErrorCode::InvalidArgument,
                u"chunked request bodies are not accepted; send "
                "Content-Length"_s),
            411);
        m.countRequest("rejected", res.status);
        return httplib::Server::HandlerResponse::Handled;
    }
    const std::string len = req.get_header_value("Content-Length");
    if (!len.empty() && !isContentRoute(req.method, req.path)) {
        char* end = nullptr;
        const unsigned long long n = std::strtoull(len.c_str(), &end, 10);
        if (!end || *end != '\0' || n > quint64(c.config.maxJsonBody)) {
            sendProblem(res,
                makeError(
                    ErrorCode::TooLarge, u"request bodies are limited to %1 bytes"_s.arg(c.config.maxJsonBody)));
            res.set_header("Connection", "close");
            m.countRequest("rejected", res.status);
            return httplib::Server::HandlerResponse::Handled;
        }
    }
    return httplib::Server::HandlerResponse::Unhandled;
}

} // namespace

namespace {

// Each worker thread holds its own database connection; PostgreSQL refuses clients past max_connections, so
// the DC serves no more connections at once than the database lets it open (docs/dc-server.md "PostgreSQL").
Status fitThreadsToConnections(SqlMetadataStore& store, DcConfig& config)
{
    auto budget = store.connectionBudget();
    if (!budget)
        return budget.error();
    constexpr int kBackgroundConnections = 8; // audits, planner, log signer and a margin
    if (!*budget || config.threads + kBackgroundConnections <= **budget)
        return {};
    const int fitted = **budget - kBackgroundConnections;
    if (fitted < 4)
        return makeError(ErrorCode::Unavailable,
            u"PostgreSQL has only %1 free connections; the DC needs at least %2 (raise max_connections)"_s.arg(**budget).arg(4 + kBackgroundConnections));
    std::fprintf(stderr, "amazingstore-dc: PostgreSQL allows %d more connections: serving at most %d at once instead of %d (raise max_connections for more)\n",
        **budget, fitted, config.threads);
    config.threads = fitted;
    return {};
}

} // namespace

Result<std::unique_ptr<DcServer>> DcServer::create(const DcConfig& config)
{
    auto d = std::make_unique<Impl>();
    d->config = config;
    d->planner = std::make_unique<PolicyReplicaPlanner>(d->config, &d->metrics);
    if (Status s = lockDownDataDir(config.dataDir, config.standby); !s)
        return s.error();
    auto db = parseDbUrl(config.dbUrl, config.dataDir);
    if (!db)
        return db.error();
    db->durable = !config.standby;
    auto store = SqlMetadataStore::open(*db);
    if (!store)
        return store.error();
    d->store = std::move(*store);
    if (Status s = fitThreadsToConnections(*d->store, d->config); !s)
        return s.error();
    auto blobs = BlobStore::open(config.dataDir);
    if (!blobs)
        return blobs.error();
    d->blobs = std::move(*blobs);
    d->tokens = std::make_unique<TokenService>(*d->store, config.tokenLifetimeSeconds);

    // A stable identity and secret, created on first start. A failed write shows in the reads just below,
    // which are checked.
    (void)d->store->setMetaIfAbsent(u"server_id"_s, toHex(randomBytes(32)));
    (void)d->store->setMetaIfAbsent(u"secret"_s, toHex(randomBytes(32)));
    auto serverId = d->store->meta(u"server_id"_s);
    auto secret = d->store->meta(u"secret"_s);
    if (!serverId || !secret)
        return makeError(ErrorCode::Io, u"cannot read the server identity from the metadata store"_s);

    d->ctx.reset(new DcContext { d->config, *d->store, *d->blobs, *d->tokens, d->metrics, *d->planner, d->swarms,
        d->locks, d->objectCache, *serverId, fromHex(*secret).value_or(QByteArray()), nowSeconds(), {}, {} });
    d->ctx->audits.setConfig({ d->config.auditIntervalSeconds });
    if (auto runs = d->store->dcRunsSince(0)) // unreadable: the tracker only waits for heartbeats, as before
        for (const protocol::Session& run : *runs)
            if (run.start < d->ctx->runStart)
                d->ctx->previousRunAliveAt = std::max(d->ctx->previousRunAliveAt, run.end);
    // Any restart may follow an outage the nodes saw: they turn to a standby after ~2 s without an answer, less
    // than the alive mark's 10 s, so a short restart cannot be told from a real outage here.
    if (!d->config.standby && d->ctx->previousRunAliveAt > 0)
        d->ctx->reconcilingUntil = d->ctx->runStart + d->config.onlineGrace();
    // Reads are kept while a challenge may still be open (answered within four heartbeats), and then some.
    d->ctx->dataReads.setWindow(std::max<qint64>(600, 8 * d->config.heartbeatIntervalSeconds) * 1000);
    if (Status s = d->setUpMastering(); !s)
        return s.error();
    // Proof-of-storage records outlive the process (docs/replication.md, "Proof of storage").
    auto audited = d->store->auditRecords();
    if (!audited)
        return audited.error();
    d->ctx->audits.restore(*audited);
    d->ctx->audits.setPersist([store = d->store.get()](const AuditRecord& r) {
        if (Status s = store->saveAuditRecord(r); !s)
            std::fprintf(stderr, "amazingstore-dc: cannot save the audit record of a peer: %s\n",
                qPrintable(s.error().message));
    });
    if (Status s = d->recover(); !s)
        return s.error();
    if (d->config.standby)
        if (Status s = restoreOutageUploads(*d->ctx); !s)
            return s.error();
    d->configureHttp();
    return std::unique_ptr<DcServer>(new DcServer(std::move(d)));
}

DcServer::DcServer(std::unique_ptr<Impl> impl)
    : d(std::move(impl))
{ }

DcServer::~DcServer()
{
    stop();
    if (d->maintenance.joinable())
        d->maintenance.join();
}

// The DC signs its change log with a key of its own (created on first start, 0600 in the data folder); a
// standby instead authenticates requests by the callers' signatures (docs/outage.md).
Status DcServer::Impl::setUpMastering()
{
    if (config.standby) {
        DcContext* c = ctx.get();
        ctx->signedAuth = [c](const httplib::Request& req) { return authenticateAtStandby(*c, req); };
        return {};
    }
    auto key = crypto::Identity::loadOrCreate(QDir(config.dataDir).filePath(u"master-key.pem"_s));
    if (!key)
        return key.error();
    ctx->masterKey = *key;
    const crypto::Identity signer = *key;
    store->setLogSigner([signer](const QByteArray& bytes) {
        auto signature = signer.sign(bytes);
        return signature ? *signature : QByteArray(); // an empty signature fails the append
    });
    return {};
}

// A crash between "renamed into the blob tree" and "marked available" leaves a verified blob whose row still
// says uploading: finish the publish. Uploading objects always have their partial file.
Status DcServer::Impl::recover()
{
    auto uploading = store->uploadingObjects();
    if (!uploading)
        return uploading.error();
    for (const QString& id : *uploading) {
        if (blobs->hasBlob(id)) {
            if (Status s = store->markAvailable(id); !s)
                return s;
        } else if (auto o = store->object(id)) {
            if (Status s = blobs->preparePartial(id, o->size); !s)
                return s;
        }
    }
    return {};
}

void DcServer::Impl::configureHttp()
{
    makeHttpServer();
    installHandlers();
    registerRoutes();
}

// The server behind the connection front, its worker pools, socket options and time limits.
void DcServer::Impl::makeHttpServer()
{
    const size_t threads = size_t(config.threads);
    // HTTPS goes through the same front as HTTP (docs/dc-server.md, "TLS"): one set of limits for both.
    std::shared_ptr<const TlsContext> tls;
    if (config.tls()) {
        tls = TlsContext::load(QFile::encodeName(config.tlsCert).toStdString(),
            QFile::encodeName(config.tlsKey).toStdString(), &tlsError);
        if (!tls && tlsError.empty())
            tlsError = "unknown error";
    }
    auto fronted = std::make_unique<FrontedServer>();
    FrontedServer* serve = fronted.get();
    front = std::make_unique<ConnectionFront>(frontLimits(config),
        [serve](httplib::Stream& s, bool close, bool& closed) { return serve->serve(s, close, closed); },
        std::make_unique<WorkerPool>(std::min<size_t>(16, threads), threads), std::move(tls));
    http = std::move(fronted);
    http->new_task_queue = [threads] { return new WorkerPool(std::min<size_t>(16, threads), threads); };
    // cpp-httplib's default also sets SO_REUSEPORT, which would let a second DC share the port silently.
    http->set_socket_options([](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    http->set_tcp_nodelay(true); // without it small answers wait for delayed ACKs (~300 req/s)
    http->set_keep_alive_max_count(100000);
    http->set_keep_alive_timeout(config.keepAliveSeconds);
    http->set_read_timeout(config.readTimeoutSeconds, 0);
    http->set_write_timeout(config.writeTimeoutSeconds, 0);
    http->set_payload_max_length(size_t(std::max(config.maxPartSize, config.maxJsonBody)));
}

// What every request goes through around its route: screening, closing headers, problem+json for the
// library's own answers, and a log of failures only.
void DcServer::Impl::installHandlers()
{
    DcContext* c = ctx.get();
    Metrics* m = &metrics;
    http->set_pre_routing_handler([c, m](const httplib::Request& req, httplib::Response& res) {
        return screenRequest(*c, *m, req, res);
    });
    http->set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
        // The front closes a connection whose request body was not read (a 413 from the headers, a route that
        // refused before reading) instead of reading it: the answer must say so.
        if (ConnectionFront::currentBodyUnread() && !res.has_header("Connection"))
            res.set_header("Connection", "close");
        // No page of ours is meant to be framed (clickjacking); the share page also sets it in its own CSP.
        if (!res.has_header("Content-Security-Policy"))
            res.set_header("Content-Security-Policy", "frame-ancestors 'none'");
    });
    // Answers cpp-httplib produced itself (no route, unparsable request, too large) become problem+json too.
    http->set_error_handler(httplib::Server::HandlerWithResponse([m](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty() || res.content_provider_)
            return httplib::Server::HandlerResponse::Unhandled;
        const int status = res.status;
        sendProblem(res, makeError(codeForStatus(status), detailForStatus(status)), status);
        if (status == 404)
            m->countRequest("unmatched", status);
        return httplib::Server::HandlerResponse::Handled;
    }));
    http->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        sendProblem(res, makeError(ErrorCode::Internal, u"internal error"_s));
    });
    // Only failures are logged, and never headers or query strings (tokens, peer ids).
    http->set_logger([](const httplib::Request& req, const httplib::Response& res) {
        if (res.status >= 500)
            std::fprintf(stderr, "amazingstore-dc: %s %s -> %d\n", req.method.c_str(), req.path.c_str(), res.status);
    });
}

void DcServer::Impl::registerRoutes()
{
    Router router(*http, *ctx);
    if (config.standby) { // the REST subset a standby master serves (docs/outage.md)
        registerHealthRoutes(router);
        registerObjectRoutes(router);
        registerTrackerRoutes(router);
        registerPeerRoutes(router);
        registerStandbyLinkRoutes(router);
        return;
    }
    registerHealthRoutes(router);
    registerAccountRoutes(router);
    registerUploadRoutes(router); // before objects: /content and /torrent are more specific
    registerObjectRoutes(router);
    registerDataRoutes(router);
    registerTrackerRoutes(router);
    registerPeerRoutes(router);
    registerMetricsRoutes(router);
    registerSharePageRoutes(router);
    registerMasterRoutes(router);
}

MetadataStore& DcServer::store()
{
    return *d->store;
}

void DcServer::setStandbyPlan(const QList<protocol::StandbyMaster>& plan)
{
    std::lock_guard lock(d->ctx->standbys.mutex);
    d->ctx->standbys.current = plan;
    d->ctx->standbys.computedAt = nowSeconds();
}

void DcServer::Impl::maintenanceLoop()
{
    qint64 lastPurge = 0;
    while (!stopping) {
        const qint64 now = nowSeconds();
        // Both are retried on the next round (seconds later, an hour for the purge): a failed one costs an
        // alive mark or keeps expired sessions a while longer, which their expiry time already refuses.
        if (!config.standby) // a standby's uptime is not the DC's
            (void)store->recordDcAlive(ctx->runStart, now);
        if (now - lastPurge > 3600) {
            (void)store->purgeExpiredSessions(now);
            lastPurge = now;
        }
        std::unique_lock lock(maintenanceMutex);
        maintenanceWake.wait_for(lock, std::chrono::seconds(10), [this] { return stopping.load(); });
    }
}

Result<int> DcServer::bind()
{
    if (!d->tlsError.empty())
        return makeError(ErrorCode::InvalidArgument,
            u"cannot load the TLS certificate or key: %1"_s.arg(QString::fromStdString(d->tlsError)));
    const int port = d->front->bind(d->config.host.toStdString(), d->config.port);
    if (port <= 0)
        return makeError(ErrorCode::Unavailable,
            u"cannot listen on %1:%2 (in use or not permitted)"_s.arg(d->config.host).arg(d->config.port));
    d->config.port = port;
    return port;
}

Status DcServer::run()
{
    d->maintenance = std::thread([this] { d->maintenanceLoop(); });
    if (!d->stopping) {
        auto* fronted = static_cast<FrontedServer*>(d->http.get());
        fronted->startRunning();
        d->front->run();
        fronted->stopRunning();
    }
    d->stopping = true;
    d->maintenanceWake.notify_all();
    if (d->maintenance.joinable())
        d->maintenance.join();
    return {};
}

void DcServer::stop()
{
    d->stopping = true;
    d->maintenanceWake.notify_all();
    if (d->front)
        d->front->stop();
    if (d->http)
        d->http->stop();
}

} // namespace as::server
