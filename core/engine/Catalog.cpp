// ls, share, delete, status, transfers: what the node knows about my objects and itself.
#include "core/api/EngineApi.h"
#include "core/dcclient/DcClient.h"
#include "core/engine/Commands.h"
#include "core/engine/EngineContext.h"
#include "core/engine/Failover.h"
#include "core/policy/AvailabilityModel.h"
#include "core/state/Settings.h"
#include "core/transfer/TransferSession.h"
#include "core/util/Ids.h"

#include <QJsonArray>
#include <QPointer>
#include <QRegularExpression>

#include <algorithm>
#include <vector>

namespace as::engine {
namespace {

double cachedFigure(EngineContext& ctx, const QString& key, double fallback)
{
    const auto v = ctx.store().setting(QStringLiteral("cache/") + key);
    return v ? v->toDouble() : fallback;
}

Result<QList<ObjectInfo>> objectInfos(EngineContext& ctx)
{
    const auto records = ctx.store().objects();
    if (!records)
        return records.error();
    const double dcA = ctx.dcAvailability();
    const double peerA = cachedFigure(ctx, QStringLiteral("mean_availability"), 0.3);
    policy::ThresholdInput in;
    in.dcAvailability = dcA;
    in.populationAvailability = peerA;
    const int target = policy::replicaThreshold(in).count;
    QList<ObjectInfo> list;
    for (const state::ObjectRecord& o : *records) {
        ObjectInfo info;
        info.id = o.id;
        info.name = o.name;
        info.size = o.size;
        info.modified = o.mtime;
        info.uploaded = o.uploaded;
        info.state = state::stateName(o.state);
        info.replicas = ctx.replicaCount(o.id);
        info.targetReplicas = target;
        const std::vector<double> holders(size_t(info.replicas), peerA);
        info.availability = o.state == state::ObjectState::Available ? policy::groupAvailability(dcA, holders) : 0.0;
        if (auto dcFigures = ctx.replicaFigures(o.id); dcFigures && o.state == state::ObjectState::Available) {
            info.targetReplicas = dcFigures->target; // the DC's planner knows each holder's own figures
            info.availability = dcFigures->availability;
        }
        list.append(info);
    }
    return list;
}

} // namespace

Resolved resolveObjectId(EngineContext& ctx, const QString& text)
{
    const QString wanted = text.trimmed().toLower();
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{4,64}$"));
    if (!hex.match(wanted).hasMatch())
        return { {}, QStringLiteral("'%1' is not an object id (4 to 64 hex characters of an id that 'ls' shows)").arg(text), ErrorCode::InvalidArgument };
    const auto records = ctx.store().objects();
    if (!records)
        return { {}, records.error().message, records.error().code };
    QStringList matches;
    for (const state::ObjectRecord& o : *records)
        if (o.id.startsWith(wanted))
            matches.append(o.id);
    if (matches.isEmpty())
        return { {}, QStringLiteral("no object of yours has an id starting with %1 (see 'ls')").arg(wanted), ErrorCode::NotFound };
    if (matches.size() > 1)
        return { {}, QStringLiteral("%1 is the start of %2 ids (%3, ...): give more characters").arg(wanted).arg(matches.size()).arg(matches.first().left(16)), ErrorCode::Conflict };
    return { matches.first(), {}, {} };
}

Resolved resolveObjectIdForDc(EngineContext& ctx, const QString& text)
{
    Resolved which = resolveObjectId(ctx, text);
    const QString full = text.trimmed().toLower();
    if (which.code == ErrorCode::NotFound && isValidId(full))
        return { full, {}, {} };
    return which;
}

Error notLoggedIn()
{
    return makeError(ErrorCode::Unauthorized, QStringLiteral("not logged in: run 'login --dc URL USER' first"));
}

dcclient::DcClient* accountDc(EngineContext& ctx, CommandReply* reply)
{
    if (!ctx.account()) {
        reply->fail(notLoggedIn());
        return nullptr;
    }
    auto* dc = ctx.dc();
    if (!dc)
        reply->fail(QStringLiteral("no data center configured"));
    return dc;
}

std::optional<DcObject> accountDcObject(EngineContext& ctx, const QString& text, CommandReply* reply)
{
    auto* dc = accountDc(ctx, reply);
    if (!dc)
        return std::nullopt;
    const Resolved which = resolveObjectIdForDc(ctx, text);
    if (!which.error.isEmpty()) {
        reply->fail(which.code, which.error);
        return std::nullopt;
    }
    return DcObject { dc, which.id };
}

namespace {

TransferStage transferStage(transfer::TorrentState state)
{
    switch (state) {
    case transfer::TorrentState::Checking: return TransferStage::Checking;
    case transfer::TorrentState::Downloading: return TransferStage::Downloading;
    case transfer::TorrentState::Seeding: return TransferStage::Seeding;
    case transfer::TorrentState::Paused: return TransferStage::Paused;
    case transfer::TorrentState::Error: break;
    }
    return TransferStage::Error;
}

} // namespace

void listObjects(EngineContext& ctx, const api::ListRequest&, CommandReply* reply)
{
    if (!ctx.account())
        return reply->fail(notLoggedIn());
    QPointer<CommandReply> r(reply);
    QPointer<EngineContext> context(&ctx);
    // The DC is asked first; when it is away, the list the profile remembers is shown.
    syncObjects(ctx, [r, context](bool, QString) {
        if (!r || !context)
            return;
        auto objects = objectInfos(*context);
        if (!objects)
            return r->fail(objects.error());
        r->succeedWith(api::ListReply{*objects});
    });
}

void shareObject(EngineContext& ctx, const api::ShareRequest& request, CommandReply* reply)
{
    const Resolved which = resolveObjectId(ctx, request.id);
    if (!which.error.isEmpty())
        return reply->fail(which.code, which.error);
    const QString id = which.id;
    if (auto o = ctx.store().object(id); o && o->state != state::ObjectState::Available)
        return reply->fail(QStringLiteral("%1 is still %2: its link works once the upload has finished").arg(o->name, state::stateName(o->state)));
    auto link = ctx.shareLink(id);
    if (!link)
        return reply->fail(link.error());
    reply->succeedWith(api::ShareReply{*link});
}

void deleteObject(EngineContext& ctx, const api::DeleteRequest& request, CommandReply* reply)
{
    const auto target = accountDcObject(ctx, request.id, reply);
    if (!target)
        return;
    auto* dc = target->dc;
    const QString id = target->id;
    const bool mine = ctx.store().object(id).has_value();
    const QString name = mine ? ctx.store().object(id)->name : QString();
    QPointer<CommandReply> r(reply);
    QPointer<EngineContext> context(&ctx);
    dc->deleteObject(id, [r, context, id, name, mine](Status s) {
        if (!r || !context)
            return;
        if (!s && (s.error().code != ErrorCode::NotFound || !mine))
            return r->failWith(QStringLiteral("delete failed: "), s.error());
        context->forgetOwnObject(id);
        r->succeedWith(api::DeleteReply{id, name});
    });
}

namespace {
api::StatusReply statusNow(EngineContext& c)
{
    api::StatusReply reply;
    NodeStatus& s = reply.node;
    s.mode = c.mode();
    s.peerId = c.identity().peerId();
    if (auto acc = c.account()) {
        s.user = acc->user;
        s.dcUrl = acc->dcUrl;
    } else {
        s.dcUrl = state::settingValue(c.store(), QStringLiteral("dc"));
    }
    const state::NodeSettings settings = state::loadSettings(c.store());
    s.capacityBytes = settings.capacityBytes;
    s.slowMode = settings.slowMode;
    int held = 0;
    for (const state::ReplicaRecord& r : c.store().replicas())
        held += r.state == state::ReplicaState::Held ? 1 : 0;
    s.replicasHeld = held;
    s.usedBytes = c.store().replicaBytes();
    s.bytesServed = c.store().counter(QStringLiteral("bytes_served"));
    s.bytesFromPeers = c.store().counter(QStringLiteral("bytes_from_peers"));
    s.bytesFromDc = c.store().counter(QStringLiteral("bytes_from_dc"));
    s.dcAvailability = c.dcAvailability();
    s.myAvailability = cachedFigure(c, QStringLiteral("my_availability"), 0);
    s.onlinePeers = int(cachedFigure(c, QStringLiteral("online_peers"), 0));
    s.daemon = c.daemonRunning();
    if (auto* ts = c.transfersIfRunning())
        s.paused = ts->bandwidth().isPaused();

    // Whether the DC figures above rest on anything: dc_checked is false until a call to this profile's
    // DC ended (before log-in, "mode: dc" only means "not found down"); dc_availability_samples is how
    // many health samples dc_availability was computed from.
    const auto* current = c.currentDc();
    reply.dcChecked = current != nullptr && current->health().checked();
    reply.dcAvailabilitySamples = c.dcHealthSamples();
    // Outage mode (docs/outage.md): the standby master that serves while the DC does not answer, the cached
    // plan's size, and how far this node's own replica of the DC's log reaches.
    if (const auto standby = current ? current->servingStandby() : std::nullopt) {
        reply.standbyPeerId = standby->peerId;
        reply.standbyUrl = standby->base.toString();
    }
    reply.standbyMasters = int(rememberedStandbys(c.store()).size());
    reply.standbyLogSeq = c.store().setting(QStringLiteral("cache/standby_log_seq")).value_or(QStringLiteral("0")).toLongLong();
    // My objects' replication at a glance (ls gives it per object): how many are below the model's c,
    // and the lowest estimated availability among those the DC has.
    const auto objects = objectInfos(c);
    if (!objects) // the rest of the status still stands
        qWarning("status: %s", qPrintable(objects.error().message));
    reply.objects = objects ? int(objects->size()) : 0;
    for (const ObjectInfo& o : objects ? *objects : QList<ObjectInfo>()) {
        if (o.state != state::stateName(state::ObjectState::Available)) // ObjectInfo: the JSON text
            continue;
        reply.objectsBelowTarget += o.replicas < o.targetReplicas ? 1 : 0;
        reply.lowestObjectAvailability = std::min(reply.lowestObjectAvailability.value_or(1.0), o.availability);
    }
    return reply;
}
} // namespace

void buildStatus(EngineContext& ctx, std::function<void(api::StatusReply)> done)
{
    auto* dc = ctx.dc();
    if (!dc || ctx.daemonRunning())
        return done(statusNow(ctx));
    // A one-shot status checks the DC once, so mode and availability reflect now.
    QPointer<EngineContext> context(&ctx);
    dc->setTimeoutMs(3000);
    dc->checkHealth([context, done](Result<protocol::HealthInfo>) {
        if (context)
            done(statusNow(*context));
    });
}

void nodeStatus(EngineContext& ctx, const api::StatusRequest&, CommandReply* reply)
{
    QPointer<CommandReply> r(reply);
    buildStatus(ctx, [r](const api::StatusReply& status) {
        if (r)
            r->succeedWith(status);
    });
}

void listTransfers(EngineContext& ctx, const api::TransfersRequest&, CommandReply* reply)
{
    api::TransfersReply list;
    if (auto* ts = ctx.transfersIfRunning()) {
        for (const transfer::TorrentStats& t : ts->torrents().allStats()) {
            TransferInfo info;
            info.id = t.id;
            info.objectId = t.id;
            info.kind = ctx.store().replica(t.id) ? TransferInfo::Kind::Replica
                        : ctx.store().object(t.id) && ctx.store().object(t.id)->owned ? TransferInfo::Kind::Upload
                                                                                      : TransferInfo::Kind::Download;
            if (auto o = ctx.store().object(t.id))
                info.name = o->name;
            info.stage = t.finished() ? TransferStage::Seeding : transferStage(t.state);
            info.bytesDone = t.bytesDone;
            info.bytesTotal = t.bytesTotal;
            info.rate = double(t.finished() ? t.uploadRate : t.downloadRate);
            info.fromPeers = t.fromPeers;
            info.fromDc = t.fromWeb;
            list.transfers.append(info);
        }
    }
    reply->succeedWith(list);
}

} // namespace as::engine
