#pragma once
// One object from the DC's /data/{id} in a single HTTP stream, each piece checked against the torrent
// before it is written. For a `get` of an object nobody but the DC holds: libtorrent's web seed connects
// only on its once-a-second tick, asks in 16 MiB ranges and reports progress in those steps, so a 200 MB
// object took 15-20 s where curl took 0.2 s (docs/transfer.md, "Direct fetch from the DC").
//
// The file is written in order at `filePath`; on failure it is left for the caller to remove. Pieces are
// checked with the torrent's v1 SHA-1 hashes: they are part of the info dict whose SHA-256 is the object
// id, so they are as trustworthy as the id, and AES-GCM authenticates every chunk again at decryption.

#include "core/util/Result.h"

#include <QByteArray>
#include <QIODevice>
#include <QObject>
#include <QString>
#include <QUrl>
#include <condition_variable>
#include <memory>
#include <mutex>

class QNetworkAccessManager;
class QNetworkReply;
class QFile;

namespace as::transfer {

// How much of the file is verified and written, shared with readers on other threads.
struct VerifiedPrefix {
    enum class State { Running, Done, Failed };
    std::mutex mutex;
    std::condition_variable changed;
    qint64 verified = 0;
    State state = State::Running;
    void set(qint64 bytes, State s);
};

// Reads the file of a running DirectFetch as far as it is verified, waiting for more (a sequential
// device): the object can be decrypted while it arrives. End of data once the fetch is done; -1 once it
// failed or was aborted. Use it on one thread (it blocks that thread while it waits).
class VerifiedReader : public QIODevice {
public:
    VerifiedReader(QString path, std::shared_ptr<VerifiedPrefix> prefix);
    bool open(OpenMode mode) override; // ReadOnly only
    void close() override;
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QString m_path;
    std::shared_ptr<VerifiedPrefix> m_prefix;
    int m_fd = -1;
    qint64 m_pos = 0;
};

class DirectFetch : public QObject {
    Q_OBJECT
public:
    struct Params {
        QByteArray torrent; // the object's .torrent (hybrid: its v1 piece hashes check the bytes)
        QUrl url; // the DC's /data/{id}
        QString filePath; // where the object lands
        int transferTimeoutMs = 15000; // give up when no byte arrives for this long
    };

    explicit DirectFetch(QObject* parent = nullptr);
    ~DirectFetch() override;

    // Checks the torrent, opens the file and sends the request; the result comes with finished().
    Status start(const Params& params);
    void abort();

    qint64 size() const { return m_size; }
    qint64 bytesVerified() const { return m_verified; } // checked and written
    bool running() const { return m_reply != nullptr; }
    // For a VerifiedReader of the file (valid after start()).
    std::shared_ptr<VerifiedPrefix> prefix() const { return m_prefix; }

signals:
    // ok: every piece arrived, matched its hash and is in the file.
    void finished(bool ok, const QString& error);

private:
    void onReadyRead();
    void onDone();
    bool takePiece(); // hashes and writes the piece buffer; false (and fails) on a mismatch
    void fail(const QString& message);

    QNetworkAccessManager* m_nam = nullptr;
    QNetworkReply* m_reply = nullptr;
    std::unique_ptr<QFile> m_file;
    QByteArray m_hashes; // 20 bytes per piece
    QByteArray m_piece; // the piece being received
    qint64 m_filled = 0;
    qint64 m_pieceLength = 0;
    int m_pieces = 0;
    int m_next = 0; // index of the piece being received
    qint64 m_size = 0;
    qint64 m_v1Total = 0;
    qint64 m_verified = 0;
    bool m_done = false;
    std::shared_ptr<VerifiedPrefix> m_prefix = std::make_shared<VerifiedPrefix>();
};

} // namespace as::transfer
