#pragma once
// What the `run` daemon's contribution loop (core/engine/Daemon) asks of a DC beyond the transfer jobs' calls:
// heartbeats, repair requests, and whether a standby serves. DcClient in production, the in-memory FakeDc in
// tests/engine (tst_daemon_capacity), so the daemon's capacity logic runs in milliseconds without a DC process.

#include "core/dcclient/JobDc.h"
#include "core/protocol/Peers.h"

#include <optional>

namespace as::dcclient {

// A standby master the calls go to during an outage (docs/outage.md).
struct Standby {
    QString peerId;
    QUrl base;
};

class DaemonDc : public JobDc {
public:
    virtual void heartbeat(const protocol::Heartbeat& body, Done<protocol::HeartbeatReply> done) = 0;
    // A holder watching its group asks for it to be re-planned (docs/replication.md).
    virtual void repair(const QString& id, const protocol::RepairRequest& body, Done<protocol::RepairReply> done) = 0;
    // The DC's own health check (never a standby): an answer ends the outage.
    virtual void probeDc(DoneStatus done) = 0;
    virtual std::optional<Standby> servingStandby() const = 0; // nullopt: the DC itself answers
    virtual int consecutiveFailures() const = 0; // calls that found neither the DC nor a standby, in a row
};

} // namespace as::dcclient
