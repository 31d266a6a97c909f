#pragma once
// The libtorrent session as the transfer jobs (UploadJob, DownloadJob) and the daemon see it, and nothing more:
// the torrent operations, the few events a download waits for, whether the DHT can be asked, the listen port.
// SessionTransfers puts the real TransferSession behind it; tests/engine (tst_job_seams, tst_daemon_capacity) puts
// an in-memory swarm there, so a download's fallback decisions (peers → DC) run in milliseconds without libtorrent.

#include "core/transfer/TorrentControl.h"

#include <QObject>
#include <QString>

namespace as::transfer {
class TransferSession;
}

namespace as::engine {

class JobTransfers : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    virtual transfer::TorrentControl& torrents() = 0;
    virtual bool isDhtReady() const = 0;
    virtual int dhtNodes() const = 0; // live nodes in the DHT routing table
    virtual int listenPort() const = 0; // 0 until listening()

signals:
    // As transfer::TransferSession's signals of the same names.
    void torrentFinished(const QString& id);
    void torrentError(const QString& id, const QString& message);
    void trackerReplied(const QString& id, int peers);
    void peerBanned(const QString& id, const QString& peer);
    void dhtReady();
    void metadataReceived(const QString& id);
    void torrentFileReady(const QString& id, const QByteArray& torrent, const QString& error);
    void listening(int port);
};

// The real session behind JobTransfers; a child of the session, so it goes when the session goes.
class SessionTransfers final : public JobTransfers {
    Q_OBJECT
public:
    explicit SessionTransfers(transfer::TransferSession& session);

    transfer::TorrentControl& torrents() override;
    bool isDhtReady() const override;
    int dhtNodes() const override;
    int listenPort() const override;

private:
    transfer::TransferSession& m_session;
};

} // namespace as::engine
