#include "server/http/Http.h"

#include "core/protocol/Problem.h"
#include "core/util/Ids.h"

#include <QDateTime>
#include <cstdio>

namespace as::server {
using namespace Qt::Literals::StringLiterals;

qint64 nowSeconds()
{
    return QDateTime::currentSecsSinceEpoch();
}

void sendProblem(httplib::Response& res, const Error& error)
{
    sendProblem(res, error, 0);
}

void sendProblem(httplib::Response& res, const Error& error, int status)
{
    protocol::Problem p = protocol::problemFor(error);
    if (status > 0)
        p.status = status;
    res.status = p.status;
    const QByteArray body = protocol::toBytes(p.toJson());
    res.set_content(body.constData(), size_t(body.size()), protocol::kProblemContentType);
}

void sendTooMany(httplib::Response& res, int retryAfterSeconds, const QString& detail)
{
    sendProblem(res, makeError(ErrorCode::Unavailable, detail), 429);
    res.set_header("Retry-After", std::to_string(std::max(1, retryAfterSeconds)));
}

void sendNotKnownYet(httplib::Response& res, int retryAfterSeconds, const QString& detail)
{
    sendProblem(res, makeError(ErrorCode::NotKnownYet, detail));
    res.set_header("Retry-After", std::to_string(std::max(1, retryAfterSeconds)));
}

QString clientAddress(const httplib::Request& req)
{
    std::string ip = req.remote_addr;
    if (ip.rfind("::ffff:", 0) == 0 && ip.find('.') != std::string::npos)
        ip = ip.substr(7);
    return QString::fromStdString(ip);
}

qint64 nowMilliseconds()
{
    return QDateTime::currentMSecsSinceEpoch();
}

void sendJson(httplib::Response& res, int status, const QJsonObject& body)
{
    res.status = status;
    const QByteArray bytes = protocol::toBytes(body);
    res.set_content(bytes.constData(), size_t(bytes.size()), "application/json");
}

Result<QJsonObject> jsonBody(const httplib::Request& req)
{
    return protocol::parseObject(QByteArray::fromRawData(req.body.data(), qsizetype(req.body.size())));
}

Result<QString> authenticate(DcContext& ctx, const httplib::Request& req)
{
    if (ctx.signedAuth) // a standby master: signatures by the account's nodes, no tokens (docs/outage.md)
        return ctx.signedAuth(req);
    if (req.get_header_value_count("Authorization") > 1)
        return makeError(ErrorCode::Unauthorized, u"more than one Authorization header"_s);
    return ctx.tokens.resolve(bearerToken(req.get_header_value("Authorization")), nowSeconds());
}

Result<QString> pathId(const httplib::Request& req, int group)
{
    if (int(req.matches.size()) <= group)
        return makeError(ErrorCode::NotFound, u"missing id"_s);
    const std::string raw = req.matches[group].str();
    if (raw.size() != size_t(kIdHexLength))
        return makeError(ErrorCode::NotFound, u"not an object id: ids are 64 lowercase hex characters"_s);
    const QString id = QString::fromLatin1(raw);
    if (!isValidId(id))
        return makeError(ErrorCode::NotFound, u"not an object id: ids are 64 lowercase hex characters"_s);
    return id;
}

Result<UserAndId> authenticatedId(DcContext& ctx, const httplib::Request& req, PathIdParser idOf)
{
    auto user = authenticate(ctx, req);
    if (!user)
        return user.error();
    auto id = idOf ? idOf(req) : pathId(req);
    if (!id)
        return id.error();
    return UserAndId { *user, *id };
}

httplib::Server::Handler Router::wrap(const char* name, Handler h)
{
    // Captures the context, not the Router: the Router is a short-lived registration helper.
    DcContext* ctx = &m_ctx;
    return [ctx, name, h = std::move(h)](const httplib::Request& req, httplib::Response& res) {
        try {
            h(*ctx, req, res);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "amazingstore-dc: %s %s: internal error: %s\n", req.method.c_str(), name, e.what());
            sendProblem(res, makeError(ErrorCode::Internal, u"internal error"_s));
        }
        ctx->metrics.countRequest(name, res.status);
    };
}

void Router::get(const char* name, const char* pattern, Handler h)
{
    m_server.Get(pattern, wrap(name, std::move(h)));
}
void Router::post(const char* name, const char* pattern, Handler h)
{
    m_server.Post(pattern, wrap(name, std::move(h)));
}
void Router::del(const char* name, const char* pattern, Handler h)
{
    m_server.Delete(pattern, wrap(name, std::move(h)));
}

void Router::put(const char* name, const char* pattern, ReaderHandler h)
{
    DcContext* ctx = &m_ctx;
    m_server.Put(pattern,
        [ctx, name, h = std::move(h)](
            const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
            try {
                h(*ctx, req, res, reader);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "amazingstore-dc: PUT %s: internal error: %s\n", name, e.what());
                sendProblem(res, makeError(ErrorCode::Internal, u"internal error"_s));
            }
            ctx->metrics.countRequest(name, res.status);
        });
}

} // namespace as::server
