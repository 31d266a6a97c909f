#pragma once
// The profile's SQLite store (docs/design.md §5 "Local state"): account and keys, my objects, upload stages,
// replicas held, cached torrents and libtorrent resume data, known holders and DHT nodes, DC health
// history, byte counters and settings. One Store per profile, used from the thread that opened it.
// The database file is created 0600 inside a 0700 profile folder because it holds the master key and token.
// Writes return Status. Reads whose emptiness drives a decision (objects(), unfinishedUploads()) return a
// Result; the others return plain values, absent on a database error, which is logged (SqlHelpers.h).

#include "core/state/States.h"
#include "core/util/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace as::state {

struct Account {
    QString dcUrl;
    QString user;
    QString token;
    QByteArray masterKey; // raw 32 bytes, unwrapped
};

struct ObjectRecord {
    QString id;
    QString name;
    qint64 size = 0;
    QDateTime mtime;
    QDateTime uploaded;
    ObjectState state = ObjectState::Uploading;
    QByteArray fileKey;
    QString dcUrl;
    bool owned = true; // false: fetched through a link
};

// One file's way through the upload pipeline; the stage is saved after each step so a restart resumes.
struct UploadRecord {
    qint64 localId = 0;
    QString sourcePath;
    qint64 sourceSize = 0;
    qint64 sourceMtimeMs = 0;
    UploadStage stage = UploadStage::Queued;
    QString cipherPath;
    QString objectId;
    QByteArray fileKey;
    QByteArray sealedMeta;
    qint64 bytesUploaded = 0;
    QString link;
    QString error;
    QDateTime created;
};

struct ReplicaRecord {
    QString objectId;
    qint64 size = 0;
    QString path;  // the ciphertext file this node seeds
    ReplicaState state = ReplicaState::Downloading;
    QDateTime added;
};

struct HealthSample {
    QDateTime t;
    bool ok = false;
    int latencyMs = 0;
};

// One point of the node's contribution history (core/engine/ContributionHistory): what it held and had
// served at `t`, whether it was online then, and for how much of the `spanMs` before `t` it was online. A
// sample taken at start covers no time (spanMs 0): the time before it was not observed.
struct ContributionSample {
    QDateTime t;
    qint64 usedBytes = 0;
    qint64 bytesServed = 0;
    int replicasHeld = 0;
    bool online = false;
    qint64 spanMs = 0;
    qint64 onlineMs = 0;
};

class Store {
public:
    // Opens (creating and migrating as needed) <profileDir>/state.sqlite.
    static Result<std::unique_ptr<Store>> open(const QString& profileDir);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    QString profileDir() const { return m_dir; }
    int schemaVersion() const;

    // Account: at most one per profile.
    std::optional<Account> account() const;
    Status setAccount(const Account& account);
    Status clearAccount();

    // Objects I uploaded or fetched.
    Status putObject(const ObjectRecord& object);
    std::optional<ObjectRecord> object(const QString& id) const;
    Result<QList<ObjectRecord>> objects(bool ownedOnly = true) const;
    Status removeObject(const QString& id);

    // Upload pipeline stages.
    Result<qint64> addUpload(const UploadRecord& upload);
    Status updateUpload(const UploadRecord& upload);
    std::optional<UploadRecord> upload(qint64 localId) const;
    Result<QList<UploadRecord>> unfinishedUploads() const; // stage not "done"/"failed", oldest first
    Status removeUpload(qint64 localId);

    // Replicas this node holds for others (and its own seeds are objects, not replicas).
    Status putReplica(const ReplicaRecord& replica);
    std::optional<ReplicaRecord> replica(const QString& objectId) const;
    QList<ReplicaRecord> replicas() const;
    Status removeReplica(const QString& objectId);
    qint64 replicaBytes() const;

    // Torrents and libtorrent resume data, so links resolve and seeds restart without the DC.
    Status cacheTorrent(const QString& objectId, const QByteArray& torrent);
    QByteArray cachedTorrent(const QString& objectId) const;
    Status saveResumeData(const QString& objectId, const QByteArray& data);
    QByteArray resumeData(const QString& objectId) const;
    Status removeResumeData(const QString& objectId);

    // Peer directory cache: who held what ("host:port"), newest first; and DHT nodes seen.
    Status addHolder(const QString& objectId, const QString& endpoint, const QDateTime& seen);
    // A peer that sent corrupt data is no holder worth dialling again.
    Status forgetHolder(const QString& objectId, const QString& endpoint);
    QStringList holders(const QString& objectId, int limit = 50) const;
    QStringList allHolders(int limit = 200) const;
    Status saveDhtNodes(const QStringList& endpoints, const QDateTime& seen);
    QStringList dhtNodes(int limit = 200) const;

    // DC health history, as this node's checks saw it.
    Status recordHealth(const HealthSample& sample);
    QList<HealthSample> healthSince(const QDateTime& since) const;
    // Share of successful checks since `since`; `fallback` when there is no sample.
    double dcAvailability(const QDateTime& since, double fallback = 1.0) const;
    Status pruneHealth(const QDateTime& before);

    // Monotonic byte counters ("bytes_from_peers", "bytes_from_dc", "bytes_served").
    Status addToCounter(const QString& key, qint64 delta);
    qint64 counter(const QString& key) const;

    // Contribution history (StoreContribution.cpp), oldest first; points with t > since (all when invalid).
    Status addContributionSample(const ContributionSample& sample);
    QList<ContributionSample> contributionHistory(const QDateTime& since = {}) const;
    std::optional<ContributionSample> lastContributionSample() const;
    // Merges the points older than `mergeBefore` into one per `bucketMs` (the last values, summed spans),
    // then deletes the points older than `dropBefore`. One transaction.
    Status compactContributionHistory(const QDateTime& mergeBefore, qint64 bucketMs, const QDateTime& dropBefore);

    // Raw settings; typed access and validation live in Settings.h.
    std::optional<QString> setting(const QString& key) const;
    Status setSetting(const QString& key, const QString& value);

private:
    Store(QString dir, QString connection);
    QString m_dir;
    QString m_connection;
};

} // namespace as::state
