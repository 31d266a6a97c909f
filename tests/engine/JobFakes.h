#pragma once
// In-memory stand-ins for the DC and the libtorrent session behind the jobs' and the daemon's seams
// (core/dcclient/JobDc.h, DaemonDc.h, core/engine/JobTransfers.h), for tst_job_seams and tst_daemon_capacity.
// They answer on the next event-loop turn, as the real ones do.

#include "core/dcclient/DaemonDc.h"
#include "core/engine/JobTransfers.h"

#include <QHash>
#include <QList>
#include <QMap>

#include <functional>
#include <optional>

namespace as::test {

// A DC that keeps the parts it was sent. `holdPartsFrom`: parts at or after this offset are taken in but never
// answered (the node "crashes" before the answer); `holdRegister`: the registration is never answered. Every
// heartbeat is kept and answered with `heartbeatReply` (its peer id filled in).
class FakeDc final : public dcclient::DaemonDc {
public:
    struct Object {
        qint64 total = 0;
        QMap<qint64, QByteArray> parts; // offset → bytes received
        bool available = false;
    };

    QUrl base { QStringLiteral("http://127.0.0.1:9") }; // nothing listens: a stray real request fails at once
    bool outage = false;
    bool holdRegister = false;
    qint64 holdPartsFrom = -1;
    std::optional<Error> torrentError; // what torrent() answers instead of the torrent
    QHash<QString, QByteArray> torrents;
    QHash<QString, Object> objects;
    int registerCalls = 0;
    qint64 bytesReceived = 0; // over every part, held ones included
    QList<qint64> partOffsets;
    QList<protocol::Heartbeat> heartbeats;
    protocol::HeartbeatReply heartbeatReply;

    QByteArray assembled(const QString& id) const; // the received bytes in order
    void receive(const QString& id, qint64 offset, const QByteArray& data, qint64 total);

    QUrl baseUrl() const override { return base; }
    bool inOutage() const override { return outage; }
    void setTimeoutMs(int) override {}
    void setRetryPolicy(const dcclient::RetryPolicy&) override {}
    void registerObject(const protocol::ObjectRegister& body, dcclient::Done<protocol::ObjectInfo> done) override;
    void object(const QString& id, dcclient::Done<protocol::ObjectInfo> done) override;
    void deleteObject(const QString& id, dcclient::DoneStatus done) override;
    void uploadPart(const QString& id, qint64 offset, const QByteArray& data, qint64 total,
                    dcclient::Done<protocol::ObjectInfo> done) override;
    void torrent(const QString& id, dcclient::Done<QByteArray> done) override;
    QString dataUrl(const QString& objectId) const override;
    QStringList announceUrls(const QString& objectId) const override;
    void heartbeat(const protocol::Heartbeat& body, dcclient::Done<protocol::HeartbeatReply> done) override;
    void repair(const QString& id, const protocol::RepairRequest& body, dcclient::Done<protocol::RepairReply> done) override;
    void probeDc(dcclient::DoneStatus done) override;
    std::optional<dcclient::Standby> servingStandby() const override { return std::nullopt; }
    int consecutiveFailures() const override { return 0; }

private:
    protocol::ObjectInfo info(const QString& id) const;
};

// A swarm in memory: a torrent is its stats record; the test decides who delivers (deliver()) and what the
// tracker says (emit trackerReplied).
class FakeSwarm final : public engine::JobTransfers, public transfer::TorrentControl {
    Q_OBJECT
public:
    QHash<QString, transfer::TorrentStats> records;
    QList<transfer::DownloadParams> downloads;
    QList<transfer::SeedParams> seeds;
    QStringList webSeeds;    // every URL added as a web seed
    QByteArray webSeedBytes; // what a web seed delivers once added (empty: it delivers nothing)
    QHash<QString, QByteArray> torrentFiles; // what requestTorrentFile answers

    // The object's bytes land in the torrent's file; counted from peers or from the web (the DC).
    void deliver(const QString& id, const QByteArray& bytes, bool fromWeb);

    transfer::TorrentControl& torrents() override { return *this; }
    bool isDhtReady() const override { return false; }
    int dhtNodes() const override { return 0; }
    int listenPort() const override { return 6881; } // never bound: nothing connects to a fake swarm

    Result<QString> addSeed(const transfer::SeedParams& params) override;
    Result<QString> addDownload(const transfer::DownloadParams& params) override;
    Status remove(const QString& id, bool deleteFiles) override;
    Status pause(const QString&) override { return {}; }
    Status resume(const QString&) override { return {}; }
    Status addWebSeed(const QString& id, const QString& url) override;
    Status removeWebSeed(const QString&, const QString&) override { return {}; }
    Status connectPeers(const QString&, const QStringList&) override { return {}; }
    Status replaceTrackers(const QString&, const QStringList&) override { return {}; }
    Status forceDhtAnnounce(const QString&) override { return {}; }
    Status forceReannounce(const QString&) override { return {}; }
    Status setLimits(const QString&, const transfer::RateLimits&) override { return {}; }
    Status requestTorrentFile(const QString& id) override;
    QStringList ids() const override { return records.keys(); }
    bool contains(const QString& id) const override { return records.contains(id); }
    std::optional<transfer::TorrentStats> stats(const QString& id) const override;
    QList<transfer::TorrentStats> allStats() const override { return records.values(); }
};

} // namespace as::test
