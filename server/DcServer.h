#pragma once
// One data-center server: opens the stores, recovers interrupted publishes, wires the routes into a
// cpp-httplib server (thread pool, TCP_NODELAY, limits, optional TLS) and runs until stop().

#include "core/util/Result.h"
#include "core/protocol/Peers.h"
#include "server/DcConfig.h"

#include <memory>

namespace as::server {

class MetadataStore;

class DcServer {
public:
    static Result<std::unique_ptr<DcServer>> create(const DcConfig& config);
    ~DcServer();

    // Binds the listening socket; returns the port (useful with port 0).
    Result<int> bind();
    // Serves until stop(); returns when every worker has finished.
    Status run();
    // Thread-safe; also works when called before run() has started.
    void stop();

    // The metadata store (a standby applies the DC's log into it; docs/outage.md).
    MetadataStore& store();
    // Standby mode: the plan heartbeat answers name (the DC's last one, as this node received it).
    void setStandbyPlan(const QList<protocol::StandbyMaster>& plan);

private:
    struct Impl;
    explicit DcServer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace as::server
