#pragma once
// One object from the DC's /data/{id} in a single HTTP stream, each piece checked against the torrent
// before anyone may read it. For a `get` of an object nobody but the DC holds: libtorrent's web seed
// connects only on its once-a-second tick, asks in 16 MiB ranges and reports progress in those steps, so a
// 200 MB object took 15-20 s where curl took 0.2 s (docs/transfer.md, "Direct fetch from the DC").
//
// Verified pieces are handed over in memory (a VerifiedStream, bounded) to a reader that decrypts them as
// they come: the ciphertext never touches the disk. Pieces are checked with the torrent's v1 SHA-1 hashes:
// they are part of the info dict whose SHA-256 is the object id, so they are as trustworthy as the id, and
// AES-GCM authenticates every chunk again at decryption.

#include "core/util/Result.h"

#include <QByteArray>
#include <QIODevice>
#include <QObject>
#include <QString>
#include <QUrl>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

class QNetworkAccessManager;
class QNetworkReply;

namespace as::transfer {
class PlainHttpGet;
}

namespace as::transfer {

// Verified pieces on their way from a DirectFetch (GUI thread) to one reader (another thread). The
// queue holds at most `capacity` bytes: a full queue pauses the fetch, which stops reading the socket,
// so a slow reader (a slow disk under the output file) bounds memory instead of growing it.
class VerifiedStream {
public:
    enum class State { Running, Done, Failed };
    explicit VerifiedStream(qint64 capacity);

    // Fetch side.
    void push(QByteArray piece); // a verified piece (the caller checks hasRoom() first)
    // A buffer of `size` bytes for the next piece: one the reader has finished with when there is one, so the
    // fetch does not fault in fresh pages for every piece.
    QByteArray takeBuffer(qint64 size);
    bool hasRoom() const;
    void finish(State s); // Done after the last piece; Failed at any time
    // Called from the reader's thread after it took bytes from a full queue (set, and cleared, by the fetch).
    void setOnRoom(std::function<void()> wake);

    // Reader side: copies up to maxSize bytes, waiting for some; 0 at the end, -1 once failed.
    qint64 read(char* data, qint64 maxSize);
    qint64 available() const;

private:
    const qint64 m_capacity;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<QByteArray> m_pieces;
    std::deque<QByteArray> m_spare; // read to the end, back for reuse
    qint64 m_frontUsed = 0; // bytes of m_pieces.front() already read
    qint64 m_queued = 0; // unread bytes in the queue
    State m_state = State::Running;
    std::function<void()> m_onRoom;
};

// The verified bytes of a running DirectFetch as a sequential device, for decryptObject(QIODevice&, ...).
// Use it on one thread (it blocks that thread while it waits).
class VerifiedReader : public QIODevice {
public:
    explicit VerifiedReader(std::shared_ptr<VerifiedStream> stream);
    bool open(OpenMode mode) override; // ReadOnly only
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    std::shared_ptr<VerifiedStream> m_stream;
};

class DirectFetch : public QObject {
    Q_OBJECT
public:
    struct Params {
        QByteArray torrent; // the object's .torrent (hybrid: its v1 piece hashes check the bytes)
        QUrl url; // the DC's /data/{id}
        int transferTimeoutMs = 15000; // give up when no byte arrives for this long
    };

    explicit DirectFetch(QObject* parent = nullptr);
    ~DirectFetch() override;

    // Checks the torrent and sends the request; the result comes with finished().
    Status start(const Params& params);
    void abort();

    qint64 size() const { return m_size; }
    qint64 bytesVerified() const { return m_verified; } // checked and handed to the stream
    bool running() const { return m_body != nullptr; }
    // For a VerifiedReader (valid after start()).
    std::shared_ptr<VerifiedStream> stream() const { return m_stream; }

signals:
    // ok: every piece arrived, matched its hash and was handed to the stream.
    void finished(bool ok, const QString& error);

private:
    void onReadyRead();
    void onDone();
    bool takePiece(); // hashes the piece buffer and queues it; false (and fails) on a mismatch
    void fail(const QString& message);
    void detachStream();

    QNetworkAccessManager* m_nam = nullptr;
    QNetworkReply* m_reply = nullptr; // https:// or a host name: Qt's network stack
    PlainHttpGet* m_plain = nullptr; // http:// to an IP address: one socket read straight into m_piece
    QIODevice* m_body = nullptr; // whichever of the two is running
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
    bool m_finishPending = false; // the body ended while the queue was full
    std::shared_ptr<VerifiedStream> m_stream;
};

} // namespace as::transfer
