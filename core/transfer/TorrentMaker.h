#pragma once
// Making and reading .torrent files. Hashing a file is heavy work: make() blocks its caller and must run
// off the GUI thread (TorrentMakerJob does that on the global QThreadPool and reports progress).

#include "core/util/Result.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace as::transfer {

struct MakeTorrentOptions {
    QString filePath;
    // The torrent's name, part of the info dict and so of the id. Empty: the file's name. The engine uses
    // one fixed name for every object so that the id depends on the ciphertext bytes only.
    QString name;
    int pieceSize = 0; // power of two >= 16 KiB; 0: TorrentMaker::choosePieceSize()
    QStringList trackers; // one tier each, in order
    QStringList webSeeds; // BEP 19 URLs written into the torrent (normally none: added at run time)
    bool v1Only = false; // interop benchmarks only (aria2c cannot read hybrids); never for objects
    // "creation date" in seconds since the epoch; -1: now (libtorrent's default), 0: left out. Outside
    // the info dict, so it never changes the id.
    qint64 creationDate = -1;
};

// What a .torrent says about itself.
struct TorrentMeta {
    QString id; // v2 hex (64), or v1 hex (40) for a v1-only torrent
    QString v2; // empty when the torrent has no v2 metadata
    QString v1; // empty when the torrent has no v1 metadata
    QString name;
    qint64 size = 0;
    int pieceSize = 0;
    int pieces = 0;
    int files = 0;
};

struct MadeTorrent {
    QByteArray torrent; // bencoded .torrent
    TorrentMeta meta;
};

class TorrentMaker {
public:
    using Progress = std::function<void(qint64 bytesHashed, qint64 bytesTotal)>;

    // Hybrid v1+v2 single-file torrent over `options.filePath` (v1-only if asked). Blocking. `cancel`, when
    // set to true from another thread, stops hashing soon after: the result is then an error whose
    // message is kCancelled.
    static Result<MadeTorrent> make(
        const MakeTorrentOptions& options, const Progress& progress = {}, const std::atomic_bool* cancel = nullptr);

    // Parses a .torrent (e.g. fetched from the DC) without touching the disk.
    static Result<TorrentMeta> inspect(const QByteArray& torrent);

    // About 256 pieces per file, between 64 KiB and 16 MiB (docs/transfer.md explains why).
    static int choosePieceSize(qint64 fileSize);

    static inline const QString kCancelled = QStringLiteral("cancelled");
};

// The torrent make() would make of a file, hashed while the file's bytes are being produced (the upload
// feeds it the object as the encryptor writes it), so nothing reads the file a second time. The result is
// byte for byte what libtorrent's create_torrent + set_piece_hashes give for the same bytes and options
// (tests/engine/tst_streaming_torrent.cpp checks it). The size must be known up front. Memory: one
// piece's block hashes plus 20 + 32 bytes per piece. Not thread-safe: feed it from one thread at a time.
class StreamingTorrentMaker {
public:
    // `size` > 0; pieceSize 0: TorrentMaker::choosePieceSize(size).
    static Result<StreamingTorrentMaker> create(qint64 size, int pieceSize = 0, bool v1Only = false);
    ~StreamingTorrentMaker();
    StreamingTorrentMaker(StreamingTorrentMaker&&) noexcept;
    StreamingTorrentMaker& operator=(StreamingTorrentMaker&&) noexcept;

    // The next bytes of the file, split anyhow. Bytes beyond the size make finish() fail.
    void add(const char* data, qint64 size);
    qint64 bytesAdded() const;
    qint64 size() const;
    int pieceSize() const;

    // Once every byte was added: the torrent. options.filePath, pieceSize and v1Only are not used (the
    // maker's own apply); options.name must be set. InvalidArgument if the bytes added were not `size`.
    Result<MadeTorrent> finish(const MakeTorrentOptions& options);

private:
    struct State;
    explicit StreamingTorrentMaker(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

// make() on the global QThreadPool. Emits progress() from the worker (queued to the receiver) and
// finished() once; result() is valid after finished(). cancel() is safe from any thread.
class TorrentMakerJob : public QObject {
    Q_OBJECT
public:
    explicit TorrentMakerJob(MakeTorrentOptions options, QObject* parent = nullptr);
    ~TorrentMakerJob() override; // cancels and waits for the worker

    void start();
    void cancel();
    bool isFinished() const;
    // nullopt before finished().
    std::optional<Result<MadeTorrent>> result() const;

signals:
    void progress(qint64 bytesHashed, qint64 bytesTotal);
    void finished();

private:
    struct State;
    std::shared_ptr<State> m_state;
};

} // namespace as::transfer
