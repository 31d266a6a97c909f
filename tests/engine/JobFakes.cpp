#include "tests/engine/JobFakes.h"

#include <QDir>
#include <QFile>
#include <QTimer>

namespace as::test {
namespace {
// Answers on the next event-loop turn, as a network call does.
template <typename F>
void later(F f)
{
    QTimer::singleShot(0, [f = std::move(f)]() mutable { f(); });
}
} // namespace

void FakeDc::receive(const QString& id, qint64 offset, const QByteArray& data, qint64 total)
{
    Object& o = objects[id];
    o.total = total;
    o.parts.insert(offset, data);
    o.available = assembled(id).size() == total;
}

QByteArray FakeDc::assembled(const QString& id) const
{
    QByteArray out;
    const Object o = objects.value(id);
    for (auto it = o.parts.cbegin(); it != o.parts.cend(); ++it)
        if (it.key() == out.size())
            out += it.value();
    return out;
}

protocol::ObjectInfo FakeDc::info(const QString& id) const
{
    const Object o = objects.value(id);
    protocol::ObjectInfo i;
    i.id = id;
    i.size = o.total;
    i.state = o.available ? protocol::kStateAvailable : protocol::kStateUploading;
    i.receivedBytes = assembled(id).size();
    if (!o.available && o.total > i.receivedBytes)
        i.missing = { { i.receivedBytes, o.total - i.receivedBytes } };
    return i;
}

void FakeDc::registerObject(const protocol::ObjectRegister& body, dcclient::Done<protocol::ObjectInfo> done)
{
    ++registerCalls;
    if (holdRegister)
        return;
    torrents.insert(body.id, body.torrent);
    // Known from now on, nothing received; a standby takes it as available (peers serve it, docs/outage.md).
    objects[body.id].available = outage;
    later([this, id = body.id, done]() { done(info(id)); });
}

void FakeDc::object(const QString& id, dcclient::Done<protocol::ObjectInfo> done)
{
    later([this, id, done]() {
        if (!objects.contains(id))
            return done(makeError(ErrorCode::NotFound, QStringLiteral("no such object")));
        done(info(id));
    });
}

void FakeDc::deleteObject(const QString& id, dcclient::DoneStatus done)
{
    objects.remove(id);
    later([done]() { done({}); });
}

void FakeDc::uploadPart(const QString& id, qint64 offset, const QByteArray& data, qint64 total,
                        dcclient::Done<protocol::ObjectInfo> done)
{
    bytesReceived += data.size();
    partOffsets.append(offset);
    if (holdPartsFrom >= 0 && offset >= holdPartsFrom)
        return;
    receive(id, offset, data, total);
    later([this, id, done]() { done(info(id)); });
}

void FakeDc::heartbeat(const protocol::Heartbeat& body, dcclient::Done<protocol::HeartbeatReply> done)
{
    heartbeats.append(body);
    protocol::HeartbeatReply reply = heartbeatReply;
    reply.peerId = body.peerId;
    later([reply, done]() { done(reply); });
}

void FakeDc::repair(const QString&, const protocol::RepairRequest&, dcclient::Done<protocol::RepairReply> done)
{
    later([done]() { done(makeError(ErrorCode::Unavailable, QStringLiteral("the fake DC plans no repairs"))); });
}

void FakeDc::probeDc(dcclient::DoneStatus done)
{
    later([done]() { done(Status {}); });
}

void FakeDc::torrent(const QString& id, dcclient::Done<QByteArray> done)
{
    later([this, id, done]() {
        if (torrentError)
            return done(*torrentError);
        if (!torrents.contains(id))
            return done(makeError(ErrorCode::NotFound, QStringLiteral("no such object")));
        done(torrents.value(id));
    });
}

QString FakeDc::dataUrl(const QString& objectId) const
{
    return base.toString() + QStringLiteral("/data/") + objectId;
}

QStringList FakeDc::announceUrls(const QString& objectId) const
{
    return { base.toString() + QStringLiteral("/announce/") + objectId,
             QStringLiteral("http://127.0.0.1:10/announce/") + objectId }; // a standby's
}

void FakeSwarm::deliver(const QString& id, const QByteArray& bytes, bool fromWeb)
{
    transfer::TorrentStats& st = records[id];
    QDir().mkpath(st.savePath);
    QFile f(st.savePath + QStringLiteral("/object"));
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("fake swarm: cannot write %s", qPrintable(f.fileName()));
    f.close();
    st.bytesDone = st.bytesTotal = bytes.size();
    st.hasMetadata = true;
    (fromWeb ? st.fromWeb : st.fromPeers) += bytes.size();
    st.completeOnDisk = true;
    st.state = transfer::TorrentState::Seeding;
    QTimer::singleShot(0, this, [this, id]() { emit torrentFinished(id); });
}

Result<QString> FakeSwarm::addSeed(const transfer::SeedParams& params)
{
    seeds.append(params);
    const QString id = QStringLiteral("seed-%1").arg(seeds.size());
    records[id].id = id;
    return id;
}

Result<QString> FakeSwarm::addDownload(const transfer::DownloadParams& params)
{
    downloads.append(params);
    const QString id = params.infoHash.isEmpty() ? QString() : params.infoHash;
    transfer::TorrentStats st;
    st.savePath = params.saveDir;
    st.state = transfer::TorrentState::Downloading;
    st.hasMetadata = !params.torrent.isEmpty();
    // The test names the id (the object's) through the save folder's name, as the engine does.
    st.id = id.isEmpty() ? QDir(params.saveDir).dirName() : id;
    records.insert(st.id, st);
    return st.id;
}

Status FakeSwarm::remove(const QString& id, bool deleteFiles)
{
    if (deleteFiles && records.contains(id))
        QFile::remove(records.value(id).savePath + QStringLiteral("/object"));
    records.remove(id);
    return {};
}

Status FakeSwarm::addWebSeed(const QString& id, const QString& url)
{
    webSeeds.append(url);
    if (!webSeedBytes.isEmpty())
        QTimer::singleShot(0, this, [this, id]() { deliver(id, webSeedBytes, true); });
    return {};
}

Status FakeSwarm::requestTorrentFile(const QString& id)
{
    QTimer::singleShot(0, this, [this, id]() {
        emit torrentFileReady(id, torrentFiles.value(id),
                              torrentFiles.contains(id) ? QString() : QStringLiteral("no torrent"));
    });
    return {};
}

std::optional<transfer::TorrentStats> FakeSwarm::stats(const QString& id) const
{
    auto it = records.constFind(id);
    return it == records.cend() ? std::nullopt : std::optional<transfer::TorrentStats>(*it);
}

} // namespace as::test
