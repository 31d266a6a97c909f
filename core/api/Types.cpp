#include "core/api/Types.h"

#include "core/util/EnumNames.h"

#include <QJsonValue>

namespace as {
namespace {
QString isoOrEmpty(const QDateTime& t) { return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString(); }
QDateTime fromIso(const QJsonValue& v) { return QDateTime::fromString(v.toString(), Qt::ISODateWithMs); }

QString kindName(TransferInfo::Kind k)
{
    switch (k) {
    case TransferInfo::Kind::Upload: return QStringLiteral("upload");
    case TransferInfo::Kind::Download: return QStringLiteral("download");
    case TransferInfo::Kind::Replica: return QStringLiteral("replica");
    }
    return {};
}
TransferInfo::Kind kindFromName(const QString& s)
{
    if (s == QLatin1String("download"))
        return TransferInfo::Kind::Download;
    if (s == QLatin1String("replica"))
        return TransferInfo::Kind::Replica;
    return TransferInfo::Kind::Upload;
}
} // namespace

namespace {
constexpr util::EnumNames<TransferStage, 17> kStages{{
    {TransferStage::Queued, "queued"}, {TransferStage::Encrypting, "encrypting"}, {TransferStage::Hashing, "hashing"},
    {TransferStage::Registering, "registering"}, {TransferStage::Uploading, "uploading"},
    {TransferStage::WaitingDc, "waiting-dc"}, {TransferStage::Replicating, "replicating"},
    {TransferStage::Downloading, "downloading"}, {TransferStage::Caching, "caching"},
    {TransferStage::Verifying, "verifying"}, {TransferStage::Decrypting, "decrypting"},
    {TransferStage::Checking, "checking"}, {TransferStage::Seeding, "seeding"}, {TransferStage::Paused, "paused"},
    {TransferStage::Error, "error"}, {TransferStage::Done, "done"}, {TransferStage::Failed, "failed"},
}};
} // namespace

QString stageName(TransferStage stage)
{
    return util::nameOf(kStages, stage);
}

std::optional<TransferStage> transferStageFromName(const QString& name)
{
    return util::valueOf(kStages, name);
}

QString modeName(Mode mode) { return mode == Mode::P2p ? QStringLiteral("p2p") : QStringLiteral("dc"); }

QJsonObject ObjectInfo::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("name"), name},
            {QStringLiteral("size"), size},
            {QStringLiteral("state"), state},
            {QStringLiteral("replicas"), replicas},
            {QStringLiteral("target_replicas"), targetReplicas},
            {QStringLiteral("availability"), availability},
            {QStringLiteral("modified"), isoOrEmpty(modified)},
            {QStringLiteral("uploaded"), isoOrEmpty(uploaded)}};
}

ObjectInfo ObjectInfo::fromJson(const QJsonObject& j)
{
    ObjectInfo o;
    o.id = j.value(QStringLiteral("id")).toString();
    o.name = j.value(QStringLiteral("name")).toString();
    o.size = j.value(QStringLiteral("size")).toInteger();
    o.state = j.value(QStringLiteral("state")).toString();
    o.replicas = j.value(QStringLiteral("replicas")).toInt();
    o.targetReplicas = j.value(QStringLiteral("target_replicas")).toInt();
    o.availability = j.value(QStringLiteral("availability")).toDouble();
    o.modified = fromIso(j.value(QStringLiteral("modified")));
    o.uploaded = fromIso(j.value(QStringLiteral("uploaded")));
    return o;
}

QJsonObject TransferInfo::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("kind"), kindName(kind)},
            {QStringLiteral("name"), name},
            {QStringLiteral("object_id"), objectId},
            {QStringLiteral("stage"), stageName(stage)},
            {QStringLiteral("bytes_done"), bytesDone},
            {QStringLiteral("bytes_total"), bytesTotal},
            {QStringLiteral("rate"), rate},
            {QStringLiteral("from_peers"), fromPeers},
            {QStringLiteral("from_dc"), fromDc},
            {QStringLiteral("link"), link},
            {QStringLiteral("error"), error}};
}

TransferInfo TransferInfo::fromJson(const QJsonObject& j)
{
    TransferInfo t;
    t.id = j.value(QStringLiteral("id")).toString();
    t.kind = kindFromName(j.value(QStringLiteral("kind")).toString());
    t.name = j.value(QStringLiteral("name")).toString();
    t.objectId = j.value(QStringLiteral("object_id")).toString();
    t.stage = transferStageFromName(j.value(QStringLiteral("stage")).toString()).value_or(TransferStage::Queued);
    t.bytesDone = j.value(QStringLiteral("bytes_done")).toInteger();
    t.bytesTotal = j.value(QStringLiteral("bytes_total")).toInteger();
    t.rate = j.value(QStringLiteral("rate")).toDouble();
    t.fromPeers = j.value(QStringLiteral("from_peers")).toInteger();
    t.fromDc = j.value(QStringLiteral("from_dc")).toInteger();
    t.link = j.value(QStringLiteral("link")).toString();
    t.error = j.value(QStringLiteral("error")).toString();
    return t;
}

QJsonObject NodeStatus::toJson() const
{
    return {{QStringLiteral("mode"), modeName(mode)},
            {QStringLiteral("peer_id"), peerId},
            {QStringLiteral("user"), user},
            {QStringLiteral("dc_url"), dcUrl},
            {QStringLiteral("capacity_bytes"), capacityBytes},
            {QStringLiteral("used_bytes"), usedBytes},
            {QStringLiteral("replicas_held"), replicasHeld},
            {QStringLiteral("bytes_served"), bytesServed},
            {QStringLiteral("bytes_from_peers"), bytesFromPeers},
            {QStringLiteral("bytes_from_dc"), bytesFromDc},
            {QStringLiteral("dc_availability"), dcAvailability},
            {QStringLiteral("my_availability"), myAvailability},
            {QStringLiteral("online_peers"), onlinePeers},
            {QStringLiteral("paused"), paused},
            {QStringLiteral("slow_mode"), slowMode},
            {QStringLiteral("daemon"), daemon}};
}

NodeStatus NodeStatus::fromJson(const QJsonObject& j)
{
    NodeStatus s;
    s.mode = j.value(QStringLiteral("mode")).toString() == QLatin1String("p2p") ? Mode::P2p : Mode::Dc;
    s.peerId = j.value(QStringLiteral("peer_id")).toString();
    s.user = j.value(QStringLiteral("user")).toString();
    s.dcUrl = j.value(QStringLiteral("dc_url")).toString();
    s.capacityBytes = j.value(QStringLiteral("capacity_bytes")).toInteger();
    s.usedBytes = j.value(QStringLiteral("used_bytes")).toInteger();
    s.replicasHeld = j.value(QStringLiteral("replicas_held")).toInt();
    s.bytesServed = j.value(QStringLiteral("bytes_served")).toInteger();
    s.bytesFromPeers = j.value(QStringLiteral("bytes_from_peers")).toInteger();
    s.bytesFromDc = j.value(QStringLiteral("bytes_from_dc")).toInteger();
    s.dcAvailability = j.value(QStringLiteral("dc_availability")).toDouble();
    s.myAvailability = j.value(QStringLiteral("my_availability")).toDouble();
    s.onlinePeers = j.value(QStringLiteral("online_peers")).toInt();
    s.paused = j.value(QStringLiteral("paused")).toBool();
    s.slowMode = j.value(QStringLiteral("slow_mode")).toBool();
    s.daemon = j.value(QStringLiteral("daemon")).toBool();
    return s;
}

} // namespace as
