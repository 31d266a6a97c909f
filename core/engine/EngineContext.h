#pragma once
// What every part of the engine shares: the profile's store, the node identity, DC clients, the libtorrent
// session (started on first use) and the profile's folders. Lives on the engine's thread; the jobs
// (UploadJob, DownloadJob, Daemon) hold a pointer to it and never outlive it.

#include "core/api/Types.h"
#include "core/crypto/Identity.h"
#include "core/crypto/SecretKey.h"
#include "core/state/Store.h"
#include "core/util/Result.h"

#include <QHash>
#include <QObject>
#include <QUrl>

#include <memory>
#include <optional>

namespace as::dcclient {
class DcClient;
class DaemonDc;
class JobDc;
}
namespace as::transfer {
class TransferSession;
}

namespace as::engine {

class JobTransfers;
class SessionTransfers;

class EngineContext : public QObject {
    Q_OBJECT
public:
    explicit EngineContext(QString profileDir, QObject* parent = nullptr);
    ~EngineContext() override;

    // Opens the store and loads (or creates) the node identity.
    Status open();

    state::Store& store() { return *m_store; }
    const crypto::Identity& identity() const { return *m_identity; }
    QString profileDir() const { return m_dir; }
    QString subDir(const QString& name) const; // created 0700 on first use: "objects", "downloads", ...
    // Where new replicas held for others go (one folder per object id): the `contribution-dir` setting, else
    // "replicas" in the profile. Replicas already held keep their recorded path.
    QString replicasDir() const;
    // Forgets one of my objects here: stops seeding it, deletes its ciphertext in "objects" and its record
    // (delete, a withdrawn upload, an object the DC no longer lists). The DC is not asked.
    void forgetOwnObject(const QString& id);

    // The account's DC (or the `dc` setting); nullptr when none is configured.
    dcclient::DcClient* dc();
    // A client for any DC (a share link's); shared per base URL.
    dcclient::DcClient* dcFor(const QUrl& base);
    void resetDc(); // after login/logout/config dc
    // The account's DC's tracker URLs for one object (its standbys' too), keyed by the object's id as the
    // tracker requires (docs/api.md, "Tracker"); empty without a DC.
    QStringList trackersFor(const QString& objectId);

    std::optional<state::Account> account() const { return m_store->account(); }
    Result<crypto::SecretKey> masterKey() const;

    // The libtorrent session, started on first use with the profile's settings.
    // `dcHint`: the DC a download's link names, judged like the account's DC for LAN mode when the profile
    // has no account (a `get` by link alone).
    Result<transfer::TransferSession*> transfers(const QUrl& dcHint = {});
    transfer::TransferSession* transfersIfRunning() const { return m_session; }
    // The DC and the session as the transfer jobs and the daemon see them (core/dcclient/JobDc.h, DaemonDc.h,
    // JobTransfers.h): dc(), dcFor() and transfers(), or the fakes a unit test put in with useFakesForJobs
    // (tests/engine).
    dcclient::JobDc* jobDc();
    dcclient::DaemonDc* daemonDc();
    dcclient::JobDc* jobDcFor(const QUrl& base);
    Result<JobTransfers*> jobTransfers(const QUrl& dcHint = {});
    JobTransfers* jobTransfersIfRunning();
    void useFakesForJobs(dcclient::DaemonDc* dc, JobTransfers* transfers)
    {
        m_fakeDc = dc;
        m_fakeTransfers = transfers;
    }
    // Applies bandwidth settings to a running session.
    void applyBandwidth();
    // Saves resume data, stops libtorrent; calls `done` when it is gone (at once when not running).
    void shutdownTransfers(std::function<void()> done);

    Mode mode() const;
    double dcAvailability() const;
    // The client of this profile's DC (the account's, else the `dc` setting) if one was made; null otherwise.
    dcclient::DcClient* currentDc() const;
    // How many health samples dcAvailability() rests on (at least those of the last hour; the week's when
    // those are fewer than 10): a front end says "measuring" rather than show a figure made of two calls.
    int dcHealthSamples() const;
    // Counted into the profile: bytes by source, bytes served.
    void addCounter(const QString& key, qint64 delta);

    // Makes a share link for one of my objects.
    Result<QString> shareLink(const QString& objectId) const;

    // Replica holders per object as the DC last reported them (ls).
    void setReplicaCount(const QString& id, int n) { m_replicaCounts.insert(id, n); }
    int replicaCount(const QString& id) const { return m_replicaCounts.value(id, 0); }
    // The DC's c and availability estimate per object (its replication planner); absent from older DCs.
    struct ReplicaFigures {
        int target = 0;
        double availability = 0;
    };
    void setReplicaFigures(const QString& id, ReplicaFigures f) { m_replicaFigures.insert(id, f); }
    std::optional<ReplicaFigures> replicaFigures(const QString& id) const
    {
        auto it = m_replicaFigures.constFind(id);
        return it == m_replicaFigures.cend() ? std::nullopt : std::optional<ReplicaFigures>(*it);
    }

    bool daemonRunning() const { return m_daemonRunning; }
    void setDaemonRunning(bool on) { m_daemonRunning = on; }

signals:
    void dcCallFinished(bool reachable);

private:
    void onDcCall(dcclient::DcClient* client, bool reachable, int latencyMs);

    QString m_dir;
    std::unique_ptr<state::Store> m_store;
    std::optional<crypto::Identity> m_identity;
    QHash<QString, dcclient::DcClient*> m_dcs;
    QString m_dcKey;
    transfer::TransferSession* m_session = nullptr;
    SessionTransfers* m_sessionTransfers = nullptr; // m_session behind JobTransfers; its child
    dcclient::DaemonDc* m_fakeDc = nullptr;
    JobTransfers* m_fakeTransfers = nullptr;
    qint64 m_servedBase = 0;
    qint64 m_lastHealthMs = 0;
    bool m_lastHealthOk = true;
    bool m_daemonRunning = false;
    QHash<QString, int> m_replicaCounts;
    QHash<QString, ReplicaFigures> m_replicaFigures;
};

} // namespace as::engine
