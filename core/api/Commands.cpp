#include "core/api/Commands.h"

#include "core/api/JsonFields.h"

#include <QJsonArray>

namespace as::api {
namespace {

using json::fromArray;
using json::jsonArray;
using json::str;

QStringList strings(const QJsonValue& v)
{
    QStringList out;
    for (const QJsonValue& e : v.toArray())
        out.append(e.toString());
    return out;
}

QString sourceName(AvailabilitySource s)
{
    switch (s) {
    case AvailabilitySource::Dc: return QStringLiteral("dc");
    case AvailabilitySource::History: return QStringLiteral("history");
    case AvailabilitySource::None: return QStringLiteral("none");
    case AvailabilitySource::Unknown: break;
    }
    return {};
}

AvailabilitySource sourceFromName(const QString& s)
{
    if (s == QLatin1String("dc"))
        return AvailabilitySource::Dc;
    if (s == QLatin1String("history"))
        return AvailabilitySource::History;
    if (s == QLatin1String("none"))
        return AvailabilitySource::None;
    return AvailabilitySource::Unknown;
}

} // namespace

QJsonObject Credentials::toJson() const
{
    return {{QStringLiteral("dc"), dc}, {QStringLiteral("user"), user}, {QStringLiteral("password"), password}};
}

Result<Credentials> Credentials::fromJson(const QJsonObject& j)
{
    // Checked by the engine (URL, user name rules, password length), where the messages are.
    return Credentials{str(j, "dc"), str(j, "user"), str(j, "password")};
}

Result<RegisterRequest> RegisterRequest::fromJson(const QJsonObject& j)
{
    RegisterRequest r;
    static_cast<Credentials&>(r) = *Credentials::fromJson(j);
    return r;
}

Result<LoginRequest> LoginRequest::fromJson(const QJsonObject& j)
{
    LoginRequest r;
    static_cast<Credentials&>(r) = *Credentials::fromJson(j);
    return r;
}

QJsonObject AccountReply::toJson() const
{
    if (user.isEmpty())
        return {};
    return {{QStringLiteral("user"), user}, {QStringLiteral("dc"), dc}};
}

AccountReply AccountReply::fromJson(const QJsonObject& j) { return {str(j, "user"), str(j, "dc")}; }

QJsonObject UploadReply::toJson() const
{
    return {{QStringLiteral("links"), QJsonArray::fromStringList(links)},
            {QStringLiteral("ids"), QJsonArray::fromStringList(ids)}};
}

UploadReply UploadReply::fromJson(const QJsonObject& j)
{
    return {strings(j.value(QStringLiteral("links"))), strings(j.value(QStringLiteral("ids")))};
}

QJsonObject UploadRequest::toJson() const { return {{QStringLiteral("paths"), QJsonArray::fromStringList(paths)}}; }

Result<UploadRequest> UploadRequest::fromJson(const QJsonObject& j)
{
    return UploadRequest{strings(j.value(QStringLiteral("paths")))};
}

QJsonObject ListReply::toJson() const { return {{QStringLiteral("objects"), jsonArray(objects)}}; }

ListReply ListReply::fromJson(const QJsonObject& j) { return {fromArray<ObjectInfo>(j.value(QStringLiteral("objects")))}; }

QJsonObject ShareReply::toJson() const { return {{QStringLiteral("link"), link}}; }
ShareReply ShareReply::fromJson(const QJsonObject& j) { return {str(j, "link")}; }
QJsonObject ShareRequest::toJson() const { return {{QStringLiteral("id"), id}}; }
Result<ShareRequest> ShareRequest::fromJson(const QJsonObject& j) { return ShareRequest{str(j, "id")}; }

QJsonObject GetReply::toJson() const
{
    QJsonObject j {{QStringLiteral("path"), path},
                   {QStringLiteral("bytes"), bytes},
                   {QStringLiteral("from_peers"), fromPeers},
                   {QStringLiteral("from_dc"), fromDc},
                   {QStringLiteral("hash_failures"), hashFailures}};
    if (!dcReason.isEmpty())
        j.insert(QStringLiteral("dc_reason"), dcReason);
    return j;
}

GetReply GetReply::fromJson(const QJsonObject& j)
{
    GetReply r;
    r.path = str(j, "path");
    r.bytes = j.value(QStringLiteral("bytes")).toInteger();
    r.fromPeers = j.value(QStringLiteral("from_peers")).toInteger();
    r.fromDc = j.value(QStringLiteral("from_dc")).toInteger();
    r.hashFailures = j.value(QStringLiteral("hash_failures")).toInt();
    r.dcReason = str(j, "dc_reason");
    return r;
}

QJsonObject GetRequest::toJson() const { return {{QStringLiteral("link"), link}, {QStringLiteral("dir"), dir}}; }
Result<GetRequest> GetRequest::fromJson(const QJsonObject& j) { return GetRequest{str(j, "link"), str(j, "dir")}; }

QJsonObject DeleteReply::toJson() const { return {{QStringLiteral("id"), id}, {QStringLiteral("name"), name}}; }
DeleteReply DeleteReply::fromJson(const QJsonObject& j) { return {str(j, "id"), str(j, "name")}; }
QJsonObject DeleteRequest::toJson() const { return {{QStringLiteral("id"), id}}; }
Result<DeleteRequest> DeleteRequest::fromJson(const QJsonObject& j) { return DeleteRequest{str(j, "id")}; }

QJsonObject StatusReply::toJson() const
{
    QJsonObject j = node.toJson();
    j.insert(QStringLiteral("objects"), objects);
    j.insert(QStringLiteral("dc_checked"), dcChecked);
    if (dcAvailabilitySamples)
        j.insert(QStringLiteral("dc_availability_samples"), *dcAvailabilitySamples);
    j.insert(QStringLiteral("objects_below_target"), objectsBelowTarget);
    j.insert(QStringLiteral("lowest_object_availability"),
             lowestObjectAvailability ? QJsonValue(*lowestObjectAvailability) : QJsonValue());
    j.insert(QStringLiteral("standby"), standbyPeerId.isEmpty() ? QJsonValue()
        : QJsonValue(QJsonObject { { QStringLiteral("peer_id"), standbyPeerId }, { QStringLiteral("url"), standbyUrl } }));
    j.insert(QStringLiteral("standby_masters"), standbyMasters);
    j.insert(QStringLiteral("standby_log_seq"), standbyLogSeq);
    return j;
}

StatusReply StatusReply::fromJson(const QJsonObject& j)
{
    StatusReply r;
    r.node = NodeStatus::fromJson(j);
    r.objects = j.value(QStringLiteral("objects")).toInt();
    r.dcChecked = j.value(QStringLiteral("dc_checked")).toBool(true);
    if (j.value(QStringLiteral("dc_availability_samples")).isDouble())
        r.dcAvailabilitySamples = j.value(QStringLiteral("dc_availability_samples")).toInt();
    r.objectsBelowTarget = j.value(QStringLiteral("objects_below_target")).toInt();
    if (j.value(QStringLiteral("lowest_object_availability")).isDouble())
        r.lowestObjectAvailability = j.value(QStringLiteral("lowest_object_availability")).toDouble();
    const QJsonObject standby = j.value(QStringLiteral("standby")).toObject();
    r.standbyPeerId = standby.value(QStringLiteral("peer_id")).toString();
    r.standbyUrl = standby.value(QStringLiteral("url")).toString();
    r.standbyMasters = j.value(QStringLiteral("standby_masters")).toInt();
    r.standbyLogSeq = j.value(QStringLiteral("standby_log_seq")).toInteger();
    return r;
}

QJsonObject TransfersReply::toJson() const { return {{QStringLiteral("transfers"), jsonArray(transfers)}}; }

TransfersReply TransfersReply::fromJson(const QJsonObject& j)
{
    return {fromArray<TransferInfo>(j.value(QStringLiteral("transfers")))};
}

QJsonObject ContributionPoint::toJson() const
{
    return {{QStringLiteral("t"), t.toSecsSinceEpoch()}, {QStringLiteral("used_bytes"), usedBytes},
            {QStringLiteral("bytes_served"), bytesServed}, {QStringLiteral("replicas_held"), replicasHeld},
            {QStringLiteral("online"), online}, {QStringLiteral("span_s"), spanS},
            {QStringLiteral("online_s"), onlineS}};
}

ContributionPoint ContributionPoint::fromJson(const QJsonObject& j)
{
    ContributionPoint p;
    const QJsonValue tv = j.value(QStringLiteral("t"));
    // `t` is seconds since the epoch; ISO 8601 text is accepted too. Invalid when neither.
    p.t = tv.isString() ? QDateTime::fromString(tv.toString(), Qt::ISODateWithMs)
        : tv.isDouble() ? QDateTime::fromSecsSinceEpoch(tv.toInteger())
                        : QDateTime();
    p.usedBytes = j.value(QStringLiteral("used_bytes")).toInteger();
    p.bytesServed = j.value(QStringLiteral("bytes_served")).toInteger();
    p.replicasHeld = j.value(QStringLiteral("replicas_held")).toInt();
    p.online = j.value(QStringLiteral("online")).toBool(true);
    p.spanS = j.value(QStringLiteral("span_s")).toDouble();
    p.onlineS = j.value(QStringLiteral("online_s")).toDouble();
    return p;
}

QJsonObject ContributionReply::toJson() const
{
    QJsonObject j = status.toJson();
    j.insert(QStringLiteral("history"), jsonArray(history));
    j.insert(QStringLiteral("history_interval_s"), historyIntervalS);
    if (historyAvailability)
        j.insert(QStringLiteral("history_availability"), *historyAvailability);
    if (myAvailabilitySource != AvailabilitySource::Unknown)
        j.insert(QStringLiteral("my_availability_source"), sourceName(myAvailabilitySource));
    return j;
}

ContributionReply ContributionReply::fromJson(const QJsonObject& j)
{
    ContributionReply r;
    r.status = StatusReply::fromJson(j);
    r.history = fromArray<ContributionPoint>(j.value(QStringLiteral("history")));
    r.historyIntervalS = j.value(QStringLiteral("history_interval_s")).toDouble();
    if (j.value(QStringLiteral("history_availability")).isDouble())
        r.historyAvailability = j.value(QStringLiteral("history_availability")).toDouble();
    r.myAvailabilitySource = sourceFromName(str(j, "my_availability_source"));
    return r;
}

QJsonObject ContributionRequest::toJson() const
{
    if (!since)
        return {};
    return {{QStringLiteral("since"), double(*since)}};
}

Result<ContributionRequest> ContributionRequest::fromJson(const QJsonObject& j)
{
    const QJsonValue since = j.value(QStringLiteral("since"));
    if (since.isUndefined())
        return ContributionRequest{};
    if (!since.isDouble())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("contribution: 'since' must be seconds since the epoch"));
    return ContributionRequest{qint64(since.toDouble())};
}

QJsonObject ConfigReply::toJson() const
{
    if (key.isEmpty()) {
        QJsonObject all;
        for (auto it = settings.begin(); it != settings.end(); ++it)
            all.insert(it.key(), it.value());
        return {{QStringLiteral("settings"), all}};
    }
    return {{QStringLiteral("key"), key}, {QStringLiteral("value"), value}};
}

ConfigReply ConfigReply::fromJson(const QJsonObject& j)
{
    ConfigReply r;
    r.key = str(j, "key");
    r.value = str(j, "value");
    const QJsonObject all = j.value(QStringLiteral("settings")).toObject();
    for (auto it = all.begin(); it != all.end(); ++it)
        r.settings.insert(it.key(), it.value().toString());
    return r;
}

QJsonObject ConfigRequest::toJson() const
{
    QJsonObject j;
    if (!key.isEmpty())
        j.insert(QStringLiteral("key"), key);
    if (value)
        j.insert(QStringLiteral("value"), *value);
    return j;
}

Result<ConfigRequest> ConfigRequest::fromJson(const QJsonObject& j)
{
    ConfigRequest r;
    r.key = str(j, "key");
    if (j.contains(QStringLiteral("value")))
        r.value = str(j, "value");
    return r;
}

QJsonObject SlowModeReply::toJson() const { return {{QStringLiteral("enabled"), enabled}}; }
SlowModeReply SlowModeReply::fromJson(const QJsonObject& j) { return {j.value(QStringLiteral("enabled")).toBool()}; }
QJsonObject SlowModeRequest::toJson() const { return {{QStringLiteral("enabled"), enabled}}; }

Result<SlowModeRequest> SlowModeRequest::fromJson(const QJsonObject& j)
{
    return SlowModeRequest{j.value(QStringLiteral("enabled")).toBool()};
}

QJsonObject RunRequest::toJson() const
{
    if (heartbeatIntervalMs <= 0)
        return {};
    return {{QStringLiteral("heartbeat_interval_ms"), heartbeatIntervalMs}};
}

Result<RunRequest> RunRequest::fromJson(const QJsonObject& j)
{
    return RunRequest{j.value(QStringLiteral("heartbeat_interval_ms")).toInt()};
}

QString commandName(const AnyRequest& request)
{
    return std::visit([](const auto& r) { return QString::fromLatin1(std::decay_t<decltype(r)>::kName); }, request);
}

} // namespace as::api
