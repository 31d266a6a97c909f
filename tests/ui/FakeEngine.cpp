#include "tests/ui/FakeEngine.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTimer>
#include <QUrl>

namespace as::test {

FakeEngine::FakeEngine(std::shared_ptr<FakeCloud> cloud, QObject* parent) : EngineApi(parent), m_cloud(std::move(cloud))
{
    status.mode = Mode::Dc;
    status.dcUrl = QStringLiteral("http://127.0.0.1:1");
    status.capacityBytes = 5'000'000'000;
    status.usedBytes = 1'250'000'000;
    status.replicasHeld = 42;
    status.bytesServed = 3'300'000'000;
    status.dcAvailability = 0.932;
    status.myAvailability = 0.871;
    status.onlinePeers = 17;
}

void FakeEngine::setDcUp(bool up)
{
    m_cloud->dcUp = up;
    status.mode = up ? Mode::Dc : Mode::P2p;
    emit statusChanged(status);
}

void FakeEngine::setLoggedIn(const QString& user) { status.user = user; }

CommandReply* FakeEngine::call(const QString& command, const QJsonObject& args)
{
    commands << command;
    auto* r = new CommandReply;
    QTimer::singleShot(0, this, [this, r, command, args] { answer(r, command, args); });
    return r;
}

QString FakeEngine::linkFor(const QString& id) const
{
    const QByteArray key = QCryptographicHash::hash(id.toLatin1(), QCryptographicHash::Sha256);
    return QStringLiteral("http://127.0.0.1:1/s/%1#k=%2")
        .arg(id, QString::fromLatin1(key.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)));
}

void FakeEngine::answer(CommandReply* r, const QString& command, const QJsonObject& args)
{
    if (command == QLatin1String("status")) {
        api::StatusReply reply;
        reply.node = status;
        reply.standbyPeerId = standby.peerId;
        reply.standbyUrl = standby.url;
        reply.standbyMasters = standby.known;
        r->succeedWith(reply);
    } else if (command == QLatin1String("ls")) {
        QJsonArray arr;
        for (const ObjectInfo& o : objects)
            arr.append(o.toJson());
        r->succeed({{QStringLiteral("objects"), arr}});
    } else if (command == QLatin1String("upload")) {
        upload(r, args);
    } else if (command == QLatin1String("share")) {
        r->succeed({{QStringLiteral("link"), linkFor(args.value(QStringLiteral("id")).toString())}});
    } else if (command == QLatin1String("get")) {
        get(r, args);
    } else if (command == QLatin1String("pause") || command == QLatin1String("resume")) {
        status.paused = command == QLatin1String("pause");
        r->succeed({});
        emit statusChanged(status);
    } else if (command == QLatin1String("slow-mode")) {
        status.slowMode = args.value(QStringLiteral("enabled")).toBool();
        r->succeed({{QStringLiteral("enabled"), status.slowMode}});
        emit statusChanged(status);
    } else if (command == QLatin1String("contribution")) {
        QJsonObject o = status.toJson();
        o.insert(QStringLiteral("history"), history);
        r->succeed(o);
    } else if (command == QLatin1String("config")) {
        if (args.value(QStringLiteral("key")).toString() == QLatin1String("capacity"))
            status.capacityBytes = args.value(QStringLiteral("value")).toString().toLongLong();
        r->succeed(args);
    } else if (command == QLatin1String("delete")) {
        const QString id = args.value(QStringLiteral("id")).toString();
        objects.removeIf([&](const ObjectInfo& o) { return o.id == id; });
        r->succeed({});
        emit objectsChanged();
    } else if (command == QLatin1String("run")) {
        status.daemon = true; // contributes until the engine goes away; the reply stays open
        r->setParent(this);
        emit statusChanged(status);
    } else if (command == QLatin1String("login") || command == QLatin1String("register")) {
        if (args.value(QStringLiteral("password")).toString() == QLatin1String("wrong")) {
            r->fail(QStringLiteral("wrong user name or password"));
            return;
        }
        status.user = args.value(QStringLiteral("user")).toString();
        r->succeed({{QStringLiteral("user"), status.user}, {QStringLiteral("dc"), args.value(QStringLiteral("dc"))}});
    } else {
        r->fail(ErrorCode::InvalidArgument, QStringLiteral("unknown command %1").arg(command));
    }
}

void FakeEngine::upload(CommandReply* r, const QJsonObject& args)
{
    QJsonArray links, ids;
    for (const QJsonValue& v : args.value(QStringLiteral("paths")).toArray()) {
        QFile f(v.toString());
        if (!f.open(QIODevice::ReadOnly)) {
            r->fail(QStringLiteral("cannot read %1").arg(v.toString()));
            return;
        }
        const QByteArray data = f.readAll();
        const QString id = QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
        TransferInfo t;
        t.id = QStringLiteral("t%1").arg(m_nextTransfer++);
        t.name = QFileInfo(f).fileName();
        t.bytesTotal = data.size();
        t.objectId = id;
        for (const char* stage : {"encrypting", "uploading", "replicating", "done"}) {
            t.stage = *transferStageFromName(QString::fromLatin1(stage));
            if (t.stage == TransferStage::Done)
                t.link = linkFor(id); // as the engine's UploadJob reports it
            t.bytesDone = t.stage == TransferStage::Done ? data.size() : data.size() / 2;
            t.rate = 1e6;
            r->reportProgress(t);
        }
        m_cloud->blobs.insert(id, data);
        m_cloud->names.insert(id, t.name);
        ObjectInfo o;
        o.id = id;
        o.name = t.name;
        o.size = data.size();
        o.state = QStringLiteral("available");
        o.replicas = 2;
        o.targetReplicas = 6;
        o.uploaded = QDateTime::currentDateTimeUtc();
        objects.append(o);
        links.append(linkFor(id));
        ids.append(id);
    }
    r->succeed({{QStringLiteral("links"), links}, {QStringLiteral("ids"), ids}});
    emit objectsChanged();
}

void FakeEngine::get(CommandReply* r, const QJsonObject& args)
{
    const QUrl url(args.value(QStringLiteral("link")).toString());
    const QString id = url.path().section(QLatin1Char('/'), -1);
    if (!m_cloud->blobs.contains(id)) {
        r->fail(QStringLiteral("object not found"));
        return;
    }
    const QByteArray data = m_cloud->blobs.value(id);
    const QString path = QDir(args.value(QStringLiteral("dir")).toString()).filePath(m_cloud->names.value(id));
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(data) != data.size()) {
        r->fail(QStringLiteral("cannot write %1").arg(path));
        return;
    }
    out.close();
    TransferInfo t;
    t.id = QStringLiteral("t%1").arg(m_nextTransfer++);
    t.kind = TransferInfo::Kind::Download;
    t.name = m_cloud->names.value(id);
    t.stage = TransferStage::Done;
    t.bytesDone = t.bytesTotal = data.size();
    t.fromPeers = data.size() * 3 / 4;
    t.fromDc = data.size() - t.fromPeers;
    r->reportProgress(t);
    r->succeed({{QStringLiteral("path"), path},
                {QStringLiteral("bytes"), qint64(data.size())},
                {QStringLiteral("from_peers"), t.fromPeers},
                {QStringLiteral("from_dc"), t.fromDc}});
}

} // namespace as::test
