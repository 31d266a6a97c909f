#pragma once
// The set-up the cluster suites share (tests/outage, tests/replication): the DC's arguments, each node's network,
// alice and her contributors registered with their daemons running, and the shared content and polling.
#include "tests/common/TestData.h"
#include "tests/node/NodeProcess.h"

#include <QDir>

#include <functional>
#include <memory>
#include <vector>

namespace as::test {

// The DC of the cluster suites: heartbeats every second (online grace 3 s), `standbys` standby masters, and a
// model that gives c = `minReplicas` when every node is always online (target 0.9, A_dc 0.5; fresh nodes
// measured as they are, without the newcomer prior: docs/replication.md "Measured availability").
inline QStringList clusterDcArgs(int standbys, int minReplicas = 3)
{
    return { QStringLiteral("--heartbeat-interval"), QStringLiteral("1"), QStringLiteral("--standby-count"),
        QString::number(standbys), QStringLiteral("--replication-target"), QStringLiteral("0.9"),
        QStringLiteral("--dc-availability"), QStringLiteral("0.5"), QStringLiteral("--min-replicas"),
        QString::number(minReplicas), QStringLiteral("--newcomer-prior-hours"), QStringLiteral("0") };
}

// A cluster node listens on `listenPort` and joins the swarm's DHT through the node on `bootstrapPort`.
inline bool configureNetwork(const Node& n, int listenPort, int bootstrapPort)
{
    return n.run({ QStringLiteral("config"), QStringLiteral("listen-port"), QString::number(listenPort) }).code == 0
        && n.run({ QStringLiteral("config"), QStringLiteral("dht-bootstrap"), QStringLiteral("127.0.0.1:%1").arg(bootstrapPort) })
               .code
        == 0;
}

// Node i of a cluster: profile `dir`/n<i>, account alice (i = 0, the owner) or contributor<i>; it listens on
// `bootstrapPort` when i = 0, else on a free port, and registers with the DC at `dcUrlOf(i)`. Once all are
// registered their daemons start. Returns what failed, empty when every daemon runs.
inline QString startClusterNodes(const QString& dir, int count, int bootstrapPort,
    const std::function<QString(int)>& dcUrlOf, std::vector<std::unique_ptr<Node>>& nodes)
{
    for (int i = 0; i < count; ++i) {
        auto n = std::make_unique<Node>(QDir(dir).filePath(QStringLiteral("n%1").arg(i)));
        if (!configureNetwork(*n, i == 0 ? bootstrapPort : freePort(), bootstrapPort))
            return QStringLiteral("node %1: config of its network failed").arg(i);
        const QString user = i == 0 ? QStringLiteral("alice") : QStringLiteral("contributor%1").arg(i);
        const NodeResult r = n->run({ QStringLiteral("register"), QStringLiteral("--dc"), dcUrlOf(i), user });
        if (r.code != 0)
            return QStringLiteral("register %1: %2").arg(user, QString::fromUtf8(r.err));
        nodes.push_back(std::move(n));
    }
    for (auto& n : nodes)
        if (!n->startDaemon())
            return QStringLiteral("daemon of %1: %2").arg(n->profile(), QString::fromUtf8(n->daemonStderr()));
    return {};
}

} // namespace as::test
