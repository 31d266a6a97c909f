#include "core/protocol/Peers.h"

#include "core/util/Encoding.h"
#include "core/util/Ids.h"

namespace as::protocol {
using namespace Qt::Literals::StringLiterals;

namespace {

// A number within [lo, hi] (inclusive); records an error otherwise.
double boundedNumber(JsonReader& r, const char* key, double lo, double hi)
{
    const double v = r.number(key);
    if (r.ok() && !(v >= lo && v <= hi))
        r.fail(u"field '%1': expected a number in %2..%3"_s.arg(QLatin1String(key)).arg(lo).arg(hi));
    return v;
}

double optionalNumber(const QJsonObject& json, JsonReader& r, const char* key, double lo, double hi, double absent)
{
    return json.contains(QLatin1String(key)) ? boundedNumber(r, key, lo, hi) : absent;
}

constexpr double kMaxSeconds = 1e15; // any duration the detector may see, time scale included

} // namespace

QJsonObject Heartbeat::toJson() const
{
    QJsonObject o { { u"peer_id"_s, peerId }, { u"listen_port"_s, listenPort }, { u"capacity_bytes"_s, capacityBytes },
        { u"used_bytes"_s, usedBytes }, { u"held"_s, QJsonArray::fromStringList(held) },
        { u"bytes_served"_s, bytesServed } };
    if (dcAvailability >= 0)
        o.insert(u"dc_availability"_s, dcAvailability);
    if (masterPort > 0)
        o.insert(u"master_port"_s, masterPort);
    if (!auditAnswers.isEmpty())
        o.insert(u"audit_answers"_s, writeList(auditAnswers));
    if (!publicKey.isEmpty()) {
        o.insert(u"public_key"_s, toBase64Url(publicKey));
        o.insert(u"signed_at_ms"_s, signedAtMs);
    }
    if (!signature.isEmpty())
        o.insert(u"signature"_s, toBase64Url(signature));
    return o;
}

QByteArray Heartbeat::signingBytes() const
{
    return heartbeatSigningBytes(toJson());
}

Result<Heartbeat> Heartbeat::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    Heartbeat h;
    h.peerId = r.id("peer_id");
    h.listenPort = int(r.integer("listen_port", 1, 65535));
    h.capacityBytes = r.integer("capacity_bytes");
    h.usedBytes = r.integer("used_bytes");
    h.bytesServed = r.optInteger("bytes_served").value_or(0);
    h.masterPort = int(r.optInteger("master_port", 1, 65535).value_or(0));
    if (json.contains(u"dc_availability"_s)) {
        const double a = r.number("dc_availability");
        if (r.ok() && !(a >= 0 && a <= 1))
            r.fail(u"field 'dc_availability': expected a number in 0..1"_s);
        h.dcAvailability = a;
    }
    const QJsonArray held = r.optArray("held", kMaxHeldIds).value_or(QJsonArray());
    const QJsonArray answers = r.optArray("audit_answers", kMaxAuditsPerHeartbeat).value_or(QJsonArray());
    if (json.contains(u"signature"_s) || json.contains(u"public_key"_s)) {
        h.publicKey = r.bytes("public_key", 32);
        h.signedAtMs = r.integer("signed_at_ms");
        h.signature = r.bytes("signature", 64);
    }
    if (!r.ok())
        return r.error();
    if (Status st = readList(answers, h.auditAnswers); !st)
        return st.error();
    for (const QJsonValue& v : held) {
        const QString id = v.toString();
        if (!v.isString() || !isValidId(id))
            return makeError(ErrorCode::InvalidArgument, u"field 'held': items must be 64 lowercase hex ids"_s);
        h.held.append(id);
    }
    return h;
}

QJsonObject Assignment::toJson() const
{
    return { { u"object_id"_s, objectId }, { u"size"_s, size } };
}
Result<Assignment> Assignment::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    Assignment a { r.id("object_id"), r.optInteger("size").value_or(0) };
    if (!r.ok())
        return r.error();
    return a;
}

QJsonObject Drop::toJson() const
{
    return { { u"object_id"_s, objectId } };
}
Result<Drop> Drop::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    Drop d { r.id("object_id") };
    if (!r.ok())
        return r.error();
    return d;
}

QJsonObject StandbyMaster::toJson() const
{
    QJsonObject o { { u"peer_id"_s, peerId }, { u"address"_s, address }, { u"port"_s, port } };
    if (!serverId.isEmpty())
        o.insert(u"server_id"_s, serverId);
    return o;
}
Result<StandbyMaster> StandbyMaster::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    StandbyMaster s;
    s.peerId = r.id("peer_id");
    s.address = r.string("address", 64);
    s.port = int(r.integer("port", 0, 65535));
    if (json.contains(u"server_id"_s))
        s.serverId = r.id("server_id");
    if (!r.ok())
        return r.error();
    return s;
}

QJsonObject WatchParams::toJson() const
{
    return { { u"target"_s, target }, { u"min_replicas"_s, minReplicas }, { u"max_replicas"_s, maxReplicas },
        { u"surplus_margin"_s, surplusMargin }, { u"repair_slack"_s, repairSlack },
        { u"dc_availability"_s, dcAvailability }, { u"mean_availability"_s, meanAvailability },
        { u"permanent_share"_s, permanentShare }, { u"departure_rate"_s, departureRate },
        { u"absence_shape"_s, absenceShape }, { u"absence_scale"_s, absenceScale }, { u"prior_weight"_s, priorWeight },
        { u"time_scale"_s, timeScale } };
}

Result<WatchParams> WatchParams::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    WatchParams w;
    w.target = boundedNumber(r, "target", 0, 1);
    w.minReplicas = int(r.integer("min_replicas", 0, kMaxGroupMembers));
    w.maxReplicas = int(r.integer("max_replicas", 0, kMaxGroupMembers));
    w.surplusMargin = boundedNumber(r, "surplus_margin", 1, kMaxGroupMembers);
    w.repairSlack = boundedNumber(r, "repair_slack", 0, kMaxGroupMembers);
    w.dcAvailability = boundedNumber(r, "dc_availability", 0, 1);
    w.meanAvailability = boundedNumber(r, "mean_availability", 0, 1);
    w.permanentShare = boundedNumber(r, "permanent_share", 0, 1);
    w.departureRate = boundedNumber(r, "departure_rate", 0, 1);
    w.absenceShape = boundedNumber(r, "absence_shape", 1e-6, 1e6);
    w.absenceScale = boundedNumber(r, "absence_scale", 1e-6, kMaxSeconds);
    w.priorWeight = boundedNumber(r, "prior_weight", 0, 1e9);
    w.timeScale = boundedNumber(r, "time_scale", 1e-9, 1e9);
    if (!r.ok())
        return r.error();
    return w;
}

QJsonObject GroupMember::toJson() const
{
    QJsonObject o { { u"peer_id"_s, peerId }, { u"online"_s, online }, { u"offline_for"_s, offlineFor } };
    if (pending)
        o.insert(u"pending"_s, true);
    if (availability >= 0)
        o.insert(u"availability"_s, availability);
    if (meanCycle >= 0)
        o.insert(u"mean_cycle"_s, meanCycle);
    if (absenceShape > 0 && absenceScale > 0) {
        o.insert(u"absence_shape"_s, absenceShape);
        o.insert(u"absence_scale"_s, absenceScale);
    }
    return o;
}

Result<GroupMember> GroupMember::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    GroupMember m;
    m.peerId = r.id("peer_id");
    m.online = r.boolean("online");
    m.offlineFor = r.integer("offline_for");
    if (json.contains(u"pending"_s))
        m.pending = r.boolean("pending");
    m.availability = optionalNumber(json, r, "availability", 0, 1, -1);
    m.meanCycle = optionalNumber(json, r, "mean_cycle", 0, kMaxSeconds, -1);
    if (json.contains(u"absence_shape"_s) || json.contains(u"absence_scale"_s)) {
        m.absenceShape = boundedNumber(r, "absence_shape", 1e-6, 1e6);
        m.absenceScale = boundedNumber(r, "absence_scale", 1e-6, kMaxSeconds);
    }
    if (!r.ok())
        return r.error();
    return m;
}

QJsonObject GroupView::toJson() const
{
    return { { u"object_id"_s, objectId }, { u"size"_s, size }, { u"target_replicas"_s, targetReplicas },
        { u"members"_s, writeList(members) } };
}

Result<GroupView> GroupView::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    GroupView g;
    g.objectId = r.id("object_id");
    g.size = r.integer("size");
    g.targetReplicas = int(r.integer("target_replicas", 0, kMaxGroupMembers));
    const QJsonArray members = r.array("members", kMaxGroupMembers);
    if (!r.ok())
        return r.error();
    if (Status st = readList(members, g.members); !st)
        return st.error();
    return g;
}

QJsonObject HeartbeatReply::toJson() const
{
    QJsonObject o { { u"peer_id"_s, peerId }, { u"address"_s, address }, { u"availability"_s, availability },
        { u"mean_availability"_s, meanAvailability }, { u"online_peers"_s, onlinePeers },
        { u"dc_availability"_s, dcAvailability }, { u"heartbeat_interval"_s, heartbeatInterval },
        { u"assignments"_s, writeList(assignments) }, { u"drops"_s, writeList(drops) },
        { u"standby_masters"_s, writeList(standbyMasters) } };
    if (watch) {
        o.insert(u"watch"_s, watch->toJson());
        o.insert(u"groups"_s, writeList(groups));
    }
    if (!audits.isEmpty())
        o.insert(u"audits"_s, writeList(audits));
    if (!dcCopy.isEmpty())
        o.insert(u"dc_copy"_s, QJsonArray::fromStringList(dcCopy));
    return o;
}

Result<HeartbeatReply> HeartbeatReply::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    HeartbeatReply h;
    h.peerId = r.id("peer_id");
    h.address = r.string("address", 64);
    h.availability = r.number("availability");
    h.meanAvailability = r.number("mean_availability");
    h.onlinePeers = int(r.integer("online_peers", 0, 1 << 30));
    h.dcAvailability = r.number("dc_availability");
    h.heartbeatInterval = int(r.optInteger("heartbeat_interval", 1, 86400).value_or(60));
    const QJsonArray a = r.optArray("assignments", 1 << 20).value_or(QJsonArray());
    const QJsonArray d = r.optArray("drops", 1 << 20).value_or(QJsonArray());
    const QJsonArray s = r.optArray("standby_masters", 1024).value_or(QJsonArray());
    const QJsonArray g = r.optArray("groups", kMaxHeldIds).value_or(QJsonArray());
    const QJsonArray audits = r.optArray("audits", kMaxAuditsPerHeartbeat).value_or(QJsonArray());
    const QJsonArray copies = r.optArray("dc_copy", kMaxDcCopies).value_or(QJsonArray());
    if (json.contains(u"watch"_s)) {
        auto w = WatchParams::fromJson(r.object("watch"));
        if (!w)
            return w.error();
        h.watch = *w;
    }
    if (!r.ok())
        return r.error();
    if (Status st = readList(g, h.groups); !st)
        return st.error();
    if (Status st = readList(a, h.assignments); !st)
        return st.error();
    if (Status st = readList(d, h.drops); !st)
        return st.error();
    if (Status st = readList(s, h.standbyMasters); !st)
        return st.error();
    if (Status st = readList(audits, h.audits); !st)
        return st.error();
    for (const QJsonValue& v : copies) {
        if (!isValidId(v.toString()))
            return makeError(ErrorCode::InvalidArgument, u"field 'dc_copy': items must be 64 lowercase hex ids"_s);
        h.dcCopy.append(v.toString());
    }
    return h;
}

QJsonObject PeerInfo::toJson() const
{
    QJsonArray hist;
    for (const Session& s : history)
        hist.append(QJsonObject { { u"start"_s, s.start }, { u"end"_s, s.end } });
    return { { u"peer_id"_s, peerId }, { u"address"_s, address }, { u"port"_s, port },
        { u"capacity_bytes"_s, capacityBytes }, { u"used_bytes"_s, usedBytes }, { u"held_replicas"_s, heldReplicas },
        { u"bytes_served"_s, bytesServed }, { u"availability"_s, availability }, { u"online"_s, online },
        { u"first_seen"_s, firstSeen }, { u"last_seen"_s, lastSeen }, { u"history"_s, hist } };
}

Result<PeerInfo> PeerInfo::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    PeerInfo p;
    p.peerId = r.id("peer_id");
    p.address = r.string("address", 64);
    p.port = int(r.integer("port", 0, 65535));
    p.capacityBytes = r.integer("capacity_bytes");
    p.usedBytes = r.integer("used_bytes");
    p.heldReplicas = int(r.integer("held_replicas", 0, 1 << 30));
    p.bytesServed = r.optInteger("bytes_served").value_or(0);
    p.availability = r.number("availability");
    p.online = r.boolean("online");
    p.firstSeen = r.integer("first_seen");
    p.lastSeen = r.integer("last_seen");
    const QJsonArray hist = r.optArray("history", 10000).value_or(QJsonArray());
    if (!r.ok())
        return r.error();
    for (const QJsonValue& v : hist) {
        JsonReader hr(v.toObject());
        Session s { hr.integer("start"), hr.integer("end") };
        if (!hr.ok())
            return hr.error();
        p.history.append(s);
    }
    return p;
}

QJsonObject MyPeers::toJson() const
{
    return { { u"peers"_s, writeList(peers) } };
}
Result<MyPeers> MyPeers::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    const QJsonArray a = r.array("peers", 1 << 16);
    if (!r.ok())
        return r.error();
    MyPeers m;
    if (Status st = readList(a, m.peers); !st)
        return st.error();
    return m;
}

} // namespace as::protocol

namespace as::protocol {

QJsonObject RepairRequest::toJson() const
{
    return { { u"peer_id"_s, peerId }, { u"estimate"_s, estimate }, { u"target_replicas"_s, targetReplicas } };
}

Result<RepairRequest> RepairRequest::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    RepairRequest q;
    q.peerId = r.id("peer_id");
    q.estimate = boundedNumber(r, "estimate", 0, kMaxGroupMembers);
    q.targetReplicas = int(r.integer("target_replicas", 0, kMaxGroupMembers));
    if (!r.ok())
        return r.error();
    return q;
}

QJsonObject RepairReply::toJson() const
{
    return { { u"object_id"_s, objectId }, { u"action"_s, action }, { u"target_replicas"_s, targetReplicas },
        { u"estimate"_s, estimate }, { u"assigned"_s, assigned }, { u"dropped"_s, dropped } };
}

Result<RepairReply> RepairReply::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    RepairReply a;
    a.objectId = r.id("object_id");
    a.action = r.string("action", 16);
    a.targetReplicas = int(r.integer("target_replicas", 0, kMaxGroupMembers));
    a.estimate = boundedNumber(r, "estimate", 0, kMaxGroupMembers);
    a.assigned = int(r.integer("assigned", 0, kMaxGroupMembers));
    a.dropped = int(r.integer("dropped", 0, kMaxGroupMembers));
    if (!r.ok())
        return r.error();
    if (a.action != u"add"_s && a.action != u"drop"_s && a.action != u"none"_s)
        return makeError(ErrorCode::InvalidArgument, u"field 'action': expected add, drop or none"_s);
    return a;
}

} // namespace as::protocol
