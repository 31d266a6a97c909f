// ls, share, delete, status, transfers: what the node knows about my objects and itself.
#include "core/api/EngineApi.h"
#include "core/dcclient/DcClient.h"
#include "core/engine/Commands.h"
#include "core/engine/EngineContext.h"
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

QJsonObject objectsJson(EngineContext& ctx)
{
    const double dcA = ctx.dcAvailability();
    const double peerA = cachedFigure(ctx, QStringLiteral("mean_availability"), 0.3);
    policy::ThresholdInput in;
    in.dcAvailability = dcA;
    in.populationAvailability = peerA;
    const int target = policy::replicaThreshold(in).count;
    QJsonArray list;
    for (const state::ObjectRecord& o : ctx.store().objects()) {
        ObjectInfo info;
        info.id = o.id;
        info.name = o.name;
        info.size = o.size;
        info.modified = o.mtime;
        info.uploaded = o.uploaded;
        info.state = o.state;
        info.replicas = ctx.replicaCount(o.id);
        info.targetReplicas = target;
        const std::vector<double> holders(size_t(info.replicas), peerA);
        info.availability = o.state == QLatin1String("available") ? policy::groupAvailability(dcA, holders) : 0.0;
        if (auto dcFigures = ctx.replicaFigures(o.id); dcFigures && o.state == QLatin1String("available")) {
            info.targetReplicas = dcFigures->target; // the DC's planner knows each holder's own figures
            info.availability = dcFigures->availability;
        }
        list.append(info.toJson());
    }
    return {{QStringLiteral("objects"), list}};
}

} // namespace

Resolved resolveObjectId(EngineContext& ctx, const QString& text)
{
    const QString wanted = text.trimmed().toLower();
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{4,64}$"));
    if (!hex.match(wanted).hasMatch())
        return { {}, QStringLiteral("'%1' is not an object id (4 to 64 hex characters of an id that 'ls' shows)").arg(text), 2 };
    QStringList matches;
    for (const state::ObjectRecord& o : ctx.store().objects())
        if (o.id.startsWith(wanted))
            matches.append(o.id);
    if (matches.isEmpty())
        return { {}, QStringLiteral("no object of yours has an id starting with %1 (see 'ls')").arg(wanted), 1 };
    if (matches.size() > 1)
        return { {}, QStringLiteral("%1 is the start of %2 ids (%3, ...): give more characters").arg(wanted).arg(matches.size()).arg(matches.first().left(16)), 1 };
    return { matches.first(), {}, 0 };
}

void listObjects(EngineContext& ctx, const QJsonObject&, CommandReply* reply)
{
    if (!ctx.account())
        return reply->fail(QStringLiteral("not logged in: run 'login --dc URL USER' first"));
    QPointer<CommandReply> r(reply);
    QPointer<EngineContext> context(&ctx);
    // The DC is asked first; when it is away, the list the profile remembers is shown.
    syncObjects(ctx, [r, context](bool, QString) {
        if (r && context)
            r->succeed(objectsJson(*context));
    });
}

void shareObject(EngineContext& ctx, const QJsonObject& args, CommandReply* reply)
{
    const Resolved which = resolveObjectId(ctx, args.value(QStringLiteral("id")).toString());
    if (!which.error.isEmpty())
        return reply->fail(which.error, which.exitCode);
    const QString id = which.id;
    if (auto o = ctx.store().object(id); o && o->state != QLatin1String("available"))
        return reply->fail(QStringLiteral("%1 is still %2: its link works once the upload has finished").arg(o->name, o->state));
    auto link = ctx.shareLink(id);
    if (!link)
        return reply->fail(link.error().message);
    reply->succeed({{QStringLiteral("link"), *link}});
}

void deleteObject(EngineContext& ctx, const QJsonObject& args, CommandReply* reply)
{
    if (!ctx.account())
        return reply->fail(QStringLiteral("not logged in: run 'login --dc URL USER' first"));
    const Resolved which = resolveObjectId(ctx, args.value(QStringLiteral("id")).toString());
    if (!which.error.isEmpty())
        return reply->fail(which.error, which.exitCode);
    const QString id = which.id;
    const QString name = ctx.store().object(id)->name;
    auto* dc = ctx.dc();
    if (!dc)
        return reply->fail(QStringLiteral("no data center configured"));
    QPointer<CommandReply> r(reply);
    QPointer<EngineContext> context(&ctx);
    dc->deleteObject(id, [r, context, id, name](Status s) {
        if (!r || !context)
            return;
        if (!s && s.error().code != ErrorCode::NotFound)
            return r->fail(QStringLiteral("delete failed: ") + s.error().message);
        context->forgetOwnObject(id);
        r->succeed({{QStringLiteral("id"), id}, {QStringLiteral("name"), name}});
    });
}

void nodeStatus(EngineContext& ctx, const QJsonObject&, CommandReply* reply)
{
    auto build = [](EngineContext& c) {
        NodeStatus s;
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
            held += r.state == QLatin1String("held") ? 1 : 0;
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
        QJsonObject json = s.toJson();
        json.insert(QStringLiteral("objects"), int(c.store().objects().size()));
        // Whether the DC figures above rest on anything: dc_checked is false until a call to this profile's
        // DC ended (before log-in, "mode: dc" only means "not found down"); dc_availability_samples is how
        // many health samples dc_availability was computed from.
        const auto* current = c.currentDc();
        json.insert(QStringLiteral("dc_checked"), current != nullptr && current->health().checked());
        json.insert(QStringLiteral("dc_availability_samples"), c.dcHealthSamples());
        // My objects' replication at a glance (ls gives it per object): how many are below the model's c,
        // and the lowest estimated availability among those the DC has.
        int belowTarget = 0;
        double lowest = 1.0;
        bool anyAvailable = false;
        for (const QJsonValue& v : objectsJson(c).value(QStringLiteral("objects")).toArray()) {
            const ObjectInfo o = ObjectInfo::fromJson(v.toObject());
            if (o.state != QLatin1String("available"))
                continue;
            anyAvailable = true;
            belowTarget += o.replicas < o.targetReplicas ? 1 : 0;
            lowest = std::min(lowest, o.availability);
        }
        json.insert(QStringLiteral("objects_below_target"), belowTarget);
        json.insert(QStringLiteral("lowest_object_availability"), anyAvailable ? QJsonValue(lowest) : QJsonValue());
        return json;
    };
    auto* dc = ctx.dc();
    if (!dc || ctx.daemonRunning())
        return reply->succeed(build(ctx));
    // A one-shot status checks the DC once, so mode and availability reflect now.
    QPointer<CommandReply> r(reply);
    QPointer<EngineContext> context(&ctx);
    dc->setTimeoutMs(3000);
    dc->checkHealth([r, context, build](Result<protocol::HealthInfo>) {
        if (r && context)
            r->succeed(build(*context));
    });
}

void listTransfers(EngineContext& ctx, const QJsonObject&, CommandReply* reply)
{
    QJsonArray list;
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
            info.stage = t.finished() ? QStringLiteral("seeding") : transfer::stateName(t.state);
            info.bytesDone = t.bytesDone;
            info.bytesTotal = t.bytesTotal;
            info.rate = double(t.finished() ? t.uploadRate : t.downloadRate);
            info.fromPeers = t.fromPeers;
            info.fromDc = t.fromWeb;
            list.append(info.toJson());
        }
    }
    reply->succeed({{QStringLiteral("transfers"), list}});
}

} // namespace as::engine
