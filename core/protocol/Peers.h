#pragma once
// The peer layer's view of the DC (DESIGN §4, §6). Both routes need "Authorization: Bearer <token>"; a
// peer id belongs to the first account that reports it (another account reporting it gets 409 conflict).
//
// POST /api/v1/peers/heartbeat   Heartbeat → 200 HeartbeatReply
//   {"peer_id", "listen_port", "capacity_bytes", "used_bytes", "held": ["<object id>"...], "bytes_served",
//    "dc_availability"}
//   ("held" lists every replica the node holds, up to 100000 ids; "bytes_served" is cumulative, optional;
//    "dc_availability" (optional, 0..1) is the DC's availability as this node measured it by health checks)
//   → {"peer_id", "address", "availability", "mean_availability", "online_peers", "dc_availability",
//      "heartbeat_interval", "assignments": [{"object_id", "size"}], "drops": [{"object_id"}],
//      "standby_masters": [{"peer_id", "address", "port"}]}
//   A node is online while it heartbeats at least every 3 × heartbeat_interval seconds; its availability is
//   its online fraction over the last 7 days (or since it first appeared, if later).
// GET  /api/v1/peers/me          → 200 MyPeers {"peers": [PeerInfo...]} (every node of the caller's account)
//   PeerInfo: {"peer_id", "address", "port", "capacity_bytes", "used_bytes", "held_replicas", "bytes_served",
//              "availability", "online", "first_seen", "last_seen", "history": [{"start", "end"}]}

#include "core/protocol/Json.h"

#include <QList>
#include <QStringList>

namespace as::protocol {

inline constexpr int kMaxHeldIds = 100000;

struct Heartbeat {
    QString peerId;
    int listenPort = 0; // 1..65535
    qint64 capacityBytes = 0;
    qint64 usedBytes = 0;
    QStringList held; // object ids
    qint64 bytesServed = 0; // cumulative, as reported by the node
    double dcAvailability = -1; // the node's own measurement of the DC; < 0: not reported

    QJsonObject toJson() const;
    static Result<Heartbeat> fromJson(const QJsonObject& json);
};

struct Assignment { // "fetch and seed this object"
    QString objectId;
    qint64 size = 0;
    QJsonObject toJson() const;
    static Result<Assignment> fromJson(const QJsonObject& json);
};

struct Drop { // "you may delete this replica"
    QString objectId;
    QJsonObject toJson() const;
    static Result<Drop> fromJson(const QJsonObject& json);
};

struct StandbyMaster {
    QString peerId;
    QString address;
    int port = 0;
    QJsonObject toJson() const;
    static Result<StandbyMaster> fromJson(const QJsonObject& json);
};

struct HeartbeatReply {
    QString peerId;
    QString address; // the caller's IP as the DC sees it
    double availability = 0; // this peer, 0..1
    double meanAvailability = 0; // population mean p, 0..1
    int onlinePeers = 0;
    double dcAvailability = 1; // the DC's own measured uptime fraction, 0..1
    int heartbeatInterval = 60; // seconds the node should wait before the next heartbeat
    QList<Assignment> assignments;
    QList<Drop> drops;
    QList<StandbyMaster> standbyMasters;

    QJsonObject toJson() const;
    static Result<HeartbeatReply> fromJson(const QJsonObject& json);
};

struct Session { // one continuous online period of a peer
    qint64 start = 0;
    qint64 end = 0;
};

struct PeerInfo {
    QString peerId;
    QString address;
    int port = 0;
    qint64 capacityBytes = 0;
    qint64 usedBytes = 0;
    int heldReplicas = 0;
    qint64 bytesServed = 0;
    double availability = 0;
    bool online = false;
    qint64 firstSeen = 0;
    qint64 lastSeen = 0;
    QList<Session> history; // newest first, at most 50

    QJsonObject toJson() const;
    static Result<PeerInfo> fromJson(const QJsonObject& json);
};

struct MyPeers {
    QList<PeerInfo> peers;
    QJsonObject toJson() const;
    static Result<MyPeers> fromJson(const QJsonObject& json);
};

} // namespace as::protocol
