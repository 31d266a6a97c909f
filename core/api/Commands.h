#pragma once
// The engine's commands as types: one request and one reply struct per command, each with the one JSON
// mapping that every transport uses (the in-process engine, the control socket, the CLI's --json output).
// A command is added here (request, reply, kName, toJson/fromJson), served in core/engine (LocalEngine's
// dispatch table) and shown by the front ends that offer it; nothing else names it. See docs/architecture.md
// "Commands" for the list and docs/node.md for the CLI.
//
// Requests parse strictly (Result: a bad argument is ErrorCode::InvalidArgument, a usage error); replies
// parse leniently (a missing key keeps its default), so an older engine's answer still reads.

#include "core/api/ShareCommands.h"
#include "core/api/Types.h"
#include "core/util/Result.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace as::api {

// Replies without fields (logout of nobody, pause, resume, run, stop).
struct EmptyReply {
    QJsonObject toJson() const { return {}; }
    static EmptyReply fromJson(const QJsonObject&) { return {}; }
};

// What every command without arguments shares (ls, status, pause, ...): its reply type and an empty body.
template <class Self, class ReplyType>
struct NoArguments {
    using Reply = ReplyType;
    QJsonObject toJson() const { return {}; }
    static Result<Self> fromJson(const QJsonObject&) { return Self{}; }
};

// ---- accounts ----
struct Credentials {
    QString dc;       // the data center's URL
    QString user;
    QString password; // stays in this process: the DC only gets what is derived from it
    QJsonObject toJson() const;
    static Result<Credentials> fromJson(const QJsonObject& json);
};
struct AccountReply {
    QString user; // empty: nobody was logged in (logout)
    QString dc;
    QJsonObject toJson() const;
    static AccountReply fromJson(const QJsonObject& json);
};
struct RegisterRequest : Credentials {
    static constexpr const char* kName = "register";
    using Reply = AccountReply;
    static Result<RegisterRequest> fromJson(const QJsonObject& json);
};
struct LoginRequest : Credentials {
    static constexpr const char* kName = "login";
    using Reply = AccountReply;
    static Result<LoginRequest> fromJson(const QJsonObject& json);
};
struct LogoutRequest : NoArguments<LogoutRequest, AccountReply> { // who was logged out; empty when nobody was
    static constexpr const char* kName = "logout";
};

// ---- objects ----
struct UploadReply {
    QStringList links; // in the order of the request's paths; "" for a file that failed
    QStringList ids;
    QJsonObject toJson() const;
    static UploadReply fromJson(const QJsonObject& json);
};
struct UploadRequest {
    static constexpr const char* kName = "upload";
    using Reply = UploadReply;
    QStringList paths; // absolute: a daemon that runs the command has another working folder
    QJsonObject toJson() const;
    static Result<UploadRequest> fromJson(const QJsonObject& json);
};

struct ListReply {
    QList<ObjectInfo> objects;
    QJsonObject toJson() const;
    static ListReply fromJson(const QJsonObject& json);
};
struct ListRequest : NoArguments<ListRequest, ListReply> {
    static constexpr const char* kName = "ls";
};

struct ShareReply {
    QString link;
    QJsonObject toJson() const;
    static ShareReply fromJson(const QJsonObject& json);
};
struct ShareRequest {
    static constexpr const char* kName = "share";
    using Reply = ShareReply;
    QString id; // an object id or a unique prefix of at least 4 hex characters
    QJsonObject toJson() const;
    static Result<ShareRequest> fromJson(const QJsonObject& json);
};

struct GetReply {
    QString path; // the written file
    qint64 bytes = 0;
    qint64 fromPeers = 0;
    qint64 fromDc = 0;
    int hashFailures = 0; // pieces that failed verification (a peer sent corrupt data)
    // Why the DC was asked for bytes ("no-holders", "no-peers", "stalled", "too-slow"; empty: it was not),
    // docs/transfer.md "Web seed fallback".
    QString dcReason;
    QJsonObject toJson() const;
    static GetReply fromJson(const QJsonObject& json);
};
struct GetRequest {
    static constexpr const char* kName = "get";
    using Reply = GetReply;
    QString link;
    QString dir; // absolute; empty: the engine's working folder
    QJsonObject toJson() const;
    static Result<GetRequest> fromJson(const QJsonObject& json);
};

struct DeleteReply {
    QString id;
    QString name;
    QJsonObject toJson() const;
    static DeleteReply fromJson(const QJsonObject& json);
};
struct DeleteRequest {
    static constexpr const char* kName = "delete";
    using Reply = DeleteReply;
    QString id; // as ShareRequest::id
    QJsonObject toJson() const;
    static Result<DeleteRequest> fromJson(const QJsonObject& json);
};

// ---- the node ----
struct StatusReply {
    NodeStatus node;
    int objects = 0;                    // count of my objects
    bool dcChecked = true;              // false until a call to this profile's DC ended
    std::optional<int> dcAvailabilitySamples; // health samples behind node.dcAvailability (absent: older engine)
    int objectsBelowTarget = 0;         // my available objects with fewer replicas than the model's c
    std::optional<double> lowestObjectAvailability; // absent while none of my objects is available
    // Outage mode (docs/outage.md): the standby master serving while the DC does not answer (empty: none),
    // how many standbys the cached plan names, and how far this node's own replica of the DC's log reaches.
    QString standbyPeerId;
    QString standbyUrl;
    int standbyMasters = 0;
    qint64 standbyLogSeq = 0;
    QJsonObject toJson() const;
    static StatusReply fromJson(const QJsonObject& json);
};
struct StatusRequest : NoArguments<StatusRequest, StatusReply> {
    static constexpr const char* kName = "status";
};

struct TransfersReply {
    QList<TransferInfo> transfers;
    QJsonObject toJson() const;
    static TransfersReply fromJson(const QJsonObject& json);
};
struct TransfersRequest : NoArguments<TransfersRequest, TransfersReply> {
    static constexpr const char* kName = "transfers";
};

// One sample of this node's contribution history.
struct ContributionPoint {
    QDateTime t;
    qint64 usedBytes = 0;
    qint64 bytesServed = 0;
    int replicasHeld = 0;
    bool online = true;
    double spanS = 0;   // the time this sample covers
    double onlineS = 0; // of which online
    QJsonObject toJson() const;
    static ContributionPoint fromJson(const QJsonObject& json);
};
// Where StatusReply::node.myAvailability of a contribution reply comes from.
enum class AvailabilitySource { Dc, History, None, Unknown /* an older engine said nothing */ };
struct ContributionReply {
    StatusReply status;
    QList<ContributionPoint> history;
    double historyIntervalS = 0;
    std::optional<double> historyAvailability; // measured from the history
    AvailabilitySource myAvailabilitySource = AvailabilitySource::Unknown;
    QJsonObject toJson() const; // the status keys plus history, history_interval_s, ...
    static ContributionReply fromJson(const QJsonObject& json);
};
struct ContributionRequest {
    static constexpr const char* kName = "contribution";
    using Reply = ContributionReply;
    std::optional<qint64> since; // seconds since the epoch: only later points
    QJsonObject toJson() const;
    static Result<ContributionRequest> fromJson(const QJsonObject& json);
};

struct ConfigReply {
    QString key; // empty: `settings` holds every setting
    QString value;
    QMap<QString, QString> settings;
    QJsonObject toJson() const;
    static ConfigReply fromJson(const QJsonObject& json);
};
struct ConfigRequest {
    static constexpr const char* kName = "config";
    using Reply = ConfigReply;
    QString key;                  // empty: read every setting
    std::optional<QString> value; // absent: read `key`
    QJsonObject toJson() const;
    static Result<ConfigRequest> fromJson(const QJsonObject& json);
};

struct PauseRequest : NoArguments<PauseRequest, EmptyReply> {
    static constexpr const char* kName = "pause";
};
struct ResumeRequest : NoArguments<ResumeRequest, EmptyReply> {
    static constexpr const char* kName = "resume";
};

struct SlowModeReply {
    bool enabled = false;
    QJsonObject toJson() const;
    static SlowModeReply fromJson(const QJsonObject& json);
};
struct SlowModeRequest {
    static constexpr const char* kName = "slow-mode";
    using Reply = SlowModeReply;
    bool enabled = false;
    QJsonObject toJson() const;
    static Result<SlowModeRequest> fromJson(const QJsonObject& json);
};

// The daemon (served by a local engine only); finishes when it stops.
struct RunRequest {
    static constexpr const char* kName = "run";
    using Reply = EmptyReply;
    int heartbeatIntervalMs = 0; // 0: the default
    QJsonObject toJson() const;
    static Result<RunRequest> fromJson(const QJsonObject& json);
};
struct StopRequest : NoArguments<StopRequest, EmptyReply> {
    static constexpr const char* kName = "stop";
};

// Every request, for code that holds "some command" (the CLI's parsed command line).
using AnyRequest = std::variant<RegisterRequest, LoginRequest, LogoutRequest, UploadRequest, ListRequest, ShareRequest,
                                GetRequest, DeleteRequest, StatusRequest, TransfersRequest, ContributionRequest,
                                ConfigRequest, PauseRequest, ResumeRequest, SlowModeRequest, RunRequest, StopRequest,
                                ShareLinkRequest, UnshareRequest, SharesRequest, RekeyRequest,
                                ShareToUserRequest, UnshareUserRequest, SharedWithMeRequest, RecipientsRequest,
                                AccountKeyRequest>;

QString commandName(const AnyRequest& request);

} // namespace as::api
