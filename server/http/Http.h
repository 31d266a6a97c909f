#pragma once
// Small helpers shared by the route handlers: problem+json answers, JSON bodies, authentication, path ids.

#include "core/util/Result.h"
#include "server/DcContext.h"

#include <QJsonObject>
#include <functional>
#include <httplib.h>

namespace as::server {

qint64 nowSeconds();

void sendProblem(httplib::Response& res, const Error& error);
// For statuses outside the ErrorCode table (411, 414, ...): the body's "status" follows the override.
void sendProblem(httplib::Response& res, const Error& error, int status);
void sendJson(httplib::Response& res, int status, const QJsonObject& body);
// 429 with Retry-After (problem type "unavailable": clients back off as for a 503).
void sendTooMany(httplib::Response& res, int retryAfterSeconds, const QString& detail);
// 503 `not-known-yet` with Retry-After: an id this DC does not know while it reconciles after an outage
// (DcContext::reconcilingUntil); clients ask the peers meanwhile (docs/outage.md, "Hand-back").
void sendNotKnownYet(httplib::Response& res, int retryAfterSeconds, const QString& detail);
// The client's IP address as text (IPv4-mapped IPv6 addresses as plain IPv4).
QString clientAddress(const httplib::Request& req);
qint64 nowMilliseconds();

// The request body as one JSON object (InvalidArgument for malformed JSON or a non-object body).
Result<QJsonObject> jsonBody(const httplib::Request& req);
// The request body as the protocol type T, validated by T::fromJson: the preamble of every route with a body.
template <class T> Result<T> typedBody(const httplib::Request& req)
{
    auto json = jsonBody(req);
    if (!json)
        return json.error();
    return T::fromJson(*json);
}
// The account behind "Authorization: Bearer <token>" (Unauthorized otherwise).
Result<QString> authenticate(DcContext& ctx, const httplib::Request& req);
// Capture group `group` of the route pattern as a validated object/peer id (NotFound for anything else, so
// that "..", "%2e%2e" or NUL never reach a path or a query).
Result<QString> pathId(const httplib::Request& req, int group = 1);
// The account behind a request and the id its path names.
struct UserAndId {
    QString user;
    QString id;
};
using PathIdParser = Result<QString> (*)(const httplib::Request& req);
// The opening of every route that acts on one thing of an account: authenticate, then the path's id
// (`idOf`; pathId's object id when null). The first failure as it is: unauthorized before not found.
Result<UserAndId> authenticatedId(DcContext& ctx, const httplib::Request& req, PathIdParser idOf = nullptr);

// A GET of the caller's own data: authenticate, `read(user)`, answer 200 with `toJson(value)`, or the first
// failure. "Cache-Control: no-store": what one account reads is for no cache to keep.
template <class Read, class ToJson>
void sendAccountRead(DcContext& ctx, const httplib::Request& req, httplib::Response& res, Read read, ToJson toJson)
{
    auto user = authenticate(ctx, req);
    if (!user)
        return sendProblem(res, user.error());
    auto value = read(*user);
    if (!value)
        return sendProblem(res, value.error());
    res.set_header("Cache-Control", "no-store");
    sendJson(res, 200, toJson(*value));
}

using Handler = std::function<void(DcContext&, const httplib::Request&, httplib::Response&)>;
using ReaderHandler
    = std::function<void(DcContext&, const httplib::Request&, httplib::Response&, const httplib::ContentReader&)>;

// Registers routes with a name for /metrics, and turns exceptions into problem answers.
class Router {
public:
    Router(httplib::Server& server, DcContext& ctx)
        : m_server(server)
        , m_ctx(ctx)
    { }
    void get(const char* name, const char* pattern, Handler h);
    void post(const char* name, const char* pattern, Handler h);
    void put(const char* name, const char* pattern, ReaderHandler h);
    void del(const char* name, const char* pattern, Handler h);

private:
    httplib::Server::Handler wrap(const char* name, Handler h);
    httplib::Server& m_server;
    DcContext& m_ctx;
};

// Each resource's routes (server/routes/*.cpp).
void registerHealthRoutes(Router& r);
void registerAccountRoutes(Router& r);
void registerObjectRoutes(Router& r);
void registerUploadRoutes(Router& r);
void registerDataRoutes(Router& r);
void registerTrackerRoutes(Router& r);
void registerPeerRoutes(Router& r);
void registerMetricsRoutes(Router& r);
void registerSharePageRoutes(Router& r);
void registerMasterRoutes(Router& r); // server/master/MasterRoutes.cpp
void registerMergeRoute(Router& r); // server/master/OutageChanges.cpp

// The current standby masters of this server (docs/outage.md): recomputed on the DC at most every
// standbyRefreshSeconds; on a standby, the plan its node last received.
QList<protocol::StandbyMaster> currentStandbys(DcContext& ctx, qint64 now);

} // namespace as::server
