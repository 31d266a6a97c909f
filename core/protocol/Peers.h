#pragma once
// The peer layer's view of the DC (docs/design.md §4, §6). Both routes need "Authorization: Bearer <token>"; a
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
//   The answer also carries "watch" (WatchParams: the policy's inputs) and "groups" (GroupView: for each object
//   the node holds, its replica group as the DC sees it), so the node can run core/policy on its groups with its
//   own clock (docs/replication.md "Peers watch their groups").
// POST /api/v1/objects/{id}/repair   RepairRequest → 200 RepairReply
//   {"peer_id", "estimate", "target_replicas"}: a holder (peer_id, of the caller's account, reporting the object
//   held) whose watch finds the group short (or in surplus) asks the DC to re-plan it; the DC runs the policy on
//   its own figures and answers {"object_id", "action": "add"|"drop"|"none", "target_replicas", "estimate",
//   "assigned", "dropped"}. Unknown object 404; a peer of another account or not a holder 403.
// GET  /api/v1/peers/me          → 200 MyPeers {"peers": [PeerInfo...]} (every node of the caller's account)
//   PeerInfo: {"peer_id", "address", "port", "capacity_bytes", "used_bytes", "held_replicas", "bytes_served",
//              "availability", "online", "first_seen", "last_seen", "history": [{"start", "end"}]}

#include "core/protocol/Audits.h"
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
    int masterPort = 0; // "master_port": where the node serves as a standby master (docs/outage.md); 0: none
    QList<AuditAnswer> auditAnswers; // answers to the previous answer's audits (Audits.h)
    // The signature binding the peer id to the node's key (Audits.h). Empty in an unsigned heartbeat.
    QByteArray publicKey;
    qint64 signedAtMs = 0;
    QByteArray signature;

    QJsonObject toJson() const; // with the signature fields when set
    static Result<Heartbeat> fromJson(const QJsonObject& json);
    // The bytes the signature covers, for both signer and verifier.
    QByteArray signingBytes() const;
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

struct StandbyMaster { // a peer that takes over a DC server's metadata role in an outage (docs/outage.md)
    QString peerId;
    QString address;
    int port = 0; // its standby REST port ("master_port" of its heartbeats)
    QString serverId; // the DC server it stands in for (optional on the wire)
    QJsonObject toJson() const;
    static Result<StandbyMaster> fromJson(const QJsonObject& json);
};

// The policy's inputs a watching node needs beside the groups (one per answer).
struct WatchParams {
    double target = 0.99; // T of the hybrid model
    int minReplicas = 4;
    int maxReplicas = 20;
    double surplusMargin = 1.5;
    double repairSlack = 0.5;
    double dcAvailability = 0; // the model's A_dc
    double meanAvailability = 0; // population mean p of the model
    // Failure detector (docs/replication.md): q, departure rate per second, the population's absence
    // Weibull, its prior weight, and the test knob scaling every duration the detector sees.
    double permanentShare = 0.005;
    double departureRate = 0;
    double absenceShape = 0.5;
    double absenceScale = 4 * 3600.0;
    double priorWeight = 4;
    double timeScale = 1;

    QJsonObject toJson() const;
    static Result<WatchParams> fromJson(const QJsonObject& json);
};

inline constexpr int kMaxGroupMembers = 256;
inline constexpr int kMaxDcCopies = 16; // dc_copy ids in one answer

struct GroupMember {
    QString peerId;
    bool online = false;
    bool pending = false; // assigned, still fetching: counts as live, never the actor
    qint64 offlineFor = 0; // seconds offline as of the answer (0 when online)
    double availability = -1; // measured, 0..1; < 0: unknown
    double meanCycle = -1; // seconds from one absence to the next (detector time); < 0: unknown
    double absenceShape = 0, absenceScale = 0; // the peer's own absence Weibull (detector time); 0: none
    QJsonObject toJson() const;
    static Result<GroupMember> fromJson(const QJsonObject& json);
};

struct GroupView {
    QString objectId;
    qint64 size = 0;
    int targetReplicas = 0; // c as the DC computes it
    QList<GroupMember> members; // the replica group, the receiving node included
    QJsonObject toJson() const;
    static Result<GroupView> fromJson(const QJsonObject& json);
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
    std::optional<WatchParams> watch; // absent: the DC plans every group itself (no watching)
    QList<GroupView> groups; // one per object in the heartbeat's "held" that the DC knows
    QList<AuditChallenge> audits; // blocks to prove in the next heartbeat (Audits.h)
    // Objects this peer holds that the DC has no copy of yet (uploaded during an outage, owner not back): send
    // the replica's bytes to PUT /objects/{id}/content, signed (docs/outage.md, "Hand-back").
    QStringList dcCopy;

    QJsonObject toJson() const;
    static Result<HeartbeatReply> fromJson(const QJsonObject& json);
};

struct RepairRequest {
    QString peerId; // the asking holder
    double estimate = 0; // its expected live replicas (for the DC's log and answer)
    int targetReplicas = 0; // its c
    QJsonObject toJson() const;
    static Result<RepairRequest> fromJson(const QJsonObject& json);
};

struct RepairReply {
    QString objectId;
    QString action; // "add", "drop" or "none", as the DC's own evaluation decided
    int targetReplicas = 0;
    double estimate = 0;
    int assigned = 0; // peers newly assigned a replica
    int dropped = 0; // holders told to drop theirs
    QJsonObject toJson() const;
    static Result<RepairReply> fromJson(const QJsonObject& json);
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
