// DcClient: one method per DC route, bodies mapped by core/protocol.
#include "core/dcclient/DcClient.h"

#include "core/protocol/Routes.h"

namespace as::dcclient {
using namespace as::protocol;

namespace {
QString route(const char* pattern) { return QString::fromLatin1(pattern); }
QString route(const char* pattern, const QString& arg) { return QString::fromLatin1(pattern).arg(arg); }
const QByteArray kJson = "application/json";
} // namespace

template <typename T>
void DcClient::jsonCall(Call call, int, Done<T> done)
{
    send(std::move(call), [done](Result<Raw> raw) {
        if (!raw)
            return done(raw.error());
        auto json = parseObject(raw->body);
        if (!json)
            return done(makeError(ErrorCode::Unavailable,
                                  QStringLiteral("the data center sent a malformed answer: ") + json.error().message));
        auto value = T::fromJson(*json);
        if (!value)
            return done(makeError(ErrorCode::Unavailable,
                                  QStringLiteral("the data center sent a malformed answer: ") + value.error().message));
        done(std::move(value).value());
    });
}

void DcClient::checkHealth(Done<HealthInfo> done)
{
    jsonCall<HealthInfo>({"GET", route(routes::kHealth), {}, {}, {}, false, false}, 200, std::move(done));
}

void DcClient::accountSalt(const QString& user, Done<AccountSalt> done)
{
    jsonCall<AccountSalt>({"GET", route(routes::kAccountSalt, user), {}, {}, {}, false, true}, 200, std::move(done));
}

void DcClient::createAccount(const AccountCreate& body, Done<AccountCreated> done)
{
    // Not retried: a lost answer after success would turn into a confusing "already exists".
    jsonCall<AccountCreated>({"POST", route(routes::kAccounts), toBytes(body.toJson()), kJson, {}, false, false}, 201,
                             std::move(done));
}

void DcClient::login(const LoginRequest& body, Done<LoginReply> done)
{
    jsonCall<LoginReply>({"POST", route(routes::kSessions), toBytes(body.toJson()), kJson, {}, false, true}, 201,
                         std::move(done));
}

void DcClient::logout(DoneStatus done)
{
    send({"DELETE", route(routes::kSessions), {}, {}, {}, true, true}, [done](Result<Raw> raw) {
        done(raw ? Status::success() : Status(raw.error()));
    });
}

void DcClient::registerObject(const ObjectRegister& body, Done<ObjectInfo> done)
{
    // Idempotent at the DC (same torrent → 200), so retrying is safe.
    jsonCall<ObjectInfo>(standbyOk({"POST", route(routes::kObjects), toBytes(body.toJson()), kJson, {}, true, true}), 201,
                         std::move(done));
}

void DcClient::listObjects(Done<ObjectList> done)
{
    jsonCall<ObjectList>(standbyOk({"GET", route(routes::kObjects), {}, {}, {}, true, true, kMaxListBytes}), 200, std::move(done));
}

void DcClient::object(const QString& id, Done<ObjectInfo> done)
{
    jsonCall<ObjectInfo>(standbyOk({"GET", route(routes::kObject, id), {}, {}, {}, true, true}), 200, std::move(done));
}

void DcClient::deleteObject(const QString& id, DoneStatus done)
{
    send(standbyOk({"DELETE", route(routes::kObject, id), {}, {}, {}, true, true}), [done](Result<Raw> raw) {
        done(raw ? Status::success() : Status(raw.error()));
    });
}

void DcClient::uploadPart(const QString& id, qint64 offset, const QByteArray& data, qint64 total, Done<ObjectInfo> done)
{
    const QByteArray range = QByteArrayLiteral("bytes ") + QByteArray::number(offset) + '-' +
                             QByteArray::number(offset + data.size() - 1) + '/' + QByteArray::number(total);
    // Parts are idempotent (the DC accepts re-sent and overlapping parts).
    jsonCall<ObjectInfo>({"PUT", route(routes::kObjectContent, id), data, "application/octet-stream",
                          {{"Content-Range", range}}, true, true, kMaxReplyBytes, kPartDeadlineMs},
                         200, std::move(done));
}

void DcClient::torrent(const QString& id, Done<QByteArray> done)
{
    // Any host a share link names is asked for this: small and quick, or given up (kTorrentDeadlineMs).
    send(standbyOk({"GET", route(routes::kObjectTorrent, id), {}, {}, {}, false, true, kMaxReplyBytes, kTorrentDeadlineMs}), [done](Result<Raw> raw) {
        if (!raw)
            return done(raw.error());
        done(raw->body);
    });
}

void DcClient::heartbeat(const Heartbeat& body, Done<HeartbeatReply> done)
{
    jsonCall<HeartbeatReply>(standbyOk({"POST", route(routes::kHeartbeat), toBytes(body.toJson()), kJson, {}, true, false}), 200,
                             std::move(done));
}

void DcClient::repair(const QString& id, const RepairRequest& body, Done<RepairReply> done)
{
    jsonCall<RepairReply>(standbyOk({"POST", route(routes::kObjectRepair, id), toBytes(body.toJson()), kJson, {}, true, false}),
                          200, std::move(done));
}

void DcClient::probeDc(DoneStatus done)
{
    // Never a standby, no retry: one quick look whether the DC itself is back (the role tells them apart).
    send({"GET", route(routes::kHealth), {}, {}, {}, false, false}, [done](Result<Raw> raw) {
        if (!raw)
            return done(raw.error());
        auto json = parseObject(raw->body);
        auto health = json ? HealthInfo::fromJson(*json) : Result<HealthInfo>(json.error());
        if (!health || health->role != QLatin1String("dc"))
            return done(makeError(ErrorCode::Unavailable, QStringLiteral("the health check did not reach the DC")));
        done(Status::success());
    });
}

void DcClient::masterLog(qint64 since, Done<LogPage> done)
{
    Call call { "GET", route(routes::kMasterLog) + QStringLiteral("?since=") + QString::number(since), {}, {}, {}, false,
        true, kMaxLogPageBytes };
    call.sign = true;
    jsonCall<LogPage>(std::move(call), 200, std::move(done));
}

void DcClient::merge(const MergeRequest& body, Done<MergeReply> done)
{
    Call call { "POST", route(routes::kMasterMerge), toBytes(body.toJson()), kJson, {}, false, true };
    call.sign = true;
    jsonCall<MergeReply>(std::move(call), 200, std::move(done));
}

void DcClient::createLink(const QString& objectId, const LinkCreate& body, Done<LinkInfo> done)
{
    // Not retried: a lost answer would leave a second, unlisted-by-us link behind.
    jsonCall<LinkInfo>({"POST", route(routes::kObjectLinks, objectId), toBytes(body.toJson()), kJson,
                           {}, true, false},
        201, std::move(done));
}

void DcClient::listLinks(Done<LinkList> done)
{
    jsonCall<LinkList>({"GET", route(routes::kLinks), {}, {}, {}, true, true, kMaxListBytes}, 200, std::move(done));
}

void DcClient::revokeLink(const QString& linkId, DoneStatus done)
{
    send({"DELETE", route(routes::kLink, linkId), {}, {}, {}, true, true},
        [done](Result<Raw> raw) { done(raw ? Status::success() : Status(raw.error())); });
}

void DcClient::revokeObjectLinks(const QString& objectId, DoneStatus done)
{
    send({"DELETE", route(routes::kObjectLinks, objectId), {}, {}, {}, true, true},
        [done](Result<Raw> raw) { done(raw ? Status::success() : Status(raw.error())); });
}

void DcClient::resolveLink(const QString& linkId, Done<LinkResolution> done)
{
    jsonCall<LinkResolution>({"GET", route(routes::kLink, linkId), {}, {}, {}, false, true}, 200,
        std::move(done));
}

void DcClient::accountKeys(Done<AccountKeys> done)
{
    jsonCall<AccountKeys>({"GET", route(routes::kAccountKeys), {}, {}, {}, true, true}, 200, std::move(done));
}

void DcClient::setAccountKeys(const AccountKeys& keys, Done<AccountKeys> done)
{
    // Retrying is safe: the same keys again answer 200.
    jsonCall<AccountKeys>({"POST", route(routes::kAccountKeys), toBytes(keys.toJson()), kJson, {}, true, true}, 201,
        std::move(done));
}

void DcClient::userKey(const QString& user, Done<UserKey> done)
{
    jsonCall<UserKey>({"GET", route(routes::kUserKey, user), {}, {}, {}, true, true}, 200, std::move(done));
}

void DcClient::addRecipient(const QString& objectId, const GrantCreate& body, Done<GrantInfo> done)
{
    jsonCall<GrantInfo>({"POST", route(routes::kObjectRecipients, objectId), toBytes(body.toJson()), kJson, {}, true,
                            true},
        201, std::move(done));
}

void DcClient::recipients(const QString& objectId, Done<GrantList> done)
{
    jsonCall<GrantList>({"GET", route(routes::kObjectRecipients, objectId), {}, {}, {}, true, true, kMaxListBytes}, 200,
        std::move(done));
}

void DcClient::removeRecipient(const QString& objectId, const QString& user, DoneStatus done)
{
    send({"DELETE", QString::fromLatin1(routes::kObjectRecipient).arg(objectId, user), {}, {}, {}, true, true},
        [done](Result<Raw> raw) { done(raw ? Status::success() : Status(raw.error())); });
}

void DcClient::sharedWithMe(Done<GrantList> done)
{
    jsonCall<GrantList>({"GET", route(routes::kSharedWithMe), {}, {}, {}, true, true, kMaxListBytes}, 200, std::move(done));
}

void DcClient::sharedWithMeObject(const QString& objectId, Done<GrantInfo> done)
{
    jsonCall<GrantInfo>({"GET", route(routes::kSharedWithMeObject, objectId), {}, {}, {}, true, true}, 200,
        std::move(done));
}

} // namespace as::dcclient
