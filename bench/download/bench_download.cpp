// bench-download: the swarm download benchmark's building blocks, driven by run.sh.
//   make    --file F --out T [--v1] [--tracker URL] [--name N] [--piece-size B]
//                                                                  make a torrent (hybrid, or v1 for aria2c)
//   seed    --file F --torrent T... --port-file P                 seed until killed; P gets the port when
//                                                                  every torrent is checked and seeding
//   get     --torrent T --dir D --peers ip:port,...               download; one JSON line on stdout
//   tracker --port-file P --peers ip:port,...                     an HTTP tracker answering with those peers
// Every session is a loopback one (127.0.0.1, TCP) with the high-performance preset.
#include "core/transfer/TorrentMaker.h"
#include "core/transfer/TransferSession.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSocketNotifier>
#include <QTimer>
#include <csignal>
#include <cstdio>
#include <httplib.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace as::transfer;

namespace {

int fail(const QString& message)
{
    std::fprintf(stderr, "bench-download: %s\n", qPrintable(message));
    return 1;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAtomically(const QString& path, const QByteArray& data)
{
    QSaveFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size() && f.commit();
}

// --disk libtorrent: libtorrent's own disk back end instead of ours (for the comparison in docs/benchmarks.md).
SessionSettings::DiskBackEnd g_diskBackEnd = SessionSettings::DiskBackEnd::WholePieces;

SessionSettings benchSettings()
{
    SessionSettings s = SessionSettings::loopback();
    s.highPerformance = true;
    s.diskBackEnd = g_diskBackEnd;
    return s;
}

// SIGTERM/SIGINT quit the event loop (self-pipe: a signal handler may only write()).
int g_sigPipe[2] = { -1, -1 };
void onSignal(int)
{
    [[maybe_unused]] auto n = ::write(g_sigPipe[1], "x", 1);
}

void quitOnSignals(QCoreApplication& app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_sigPipe) != 0)
        return;
    auto* notifier = new QSocketNotifier(g_sigPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [&app] { app.quit(); });
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
}

int cmdMake(const QCommandLineParser& p)
{
    MakeTorrentOptions o;
    o.filePath = p.value(QStringLiteral("file"));
    o.name = p.value(QStringLiteral("name"));
    o.v1Only = p.isSet(QStringLiteral("v1"));
    o.pieceSize = p.value(QStringLiteral("piece-size")).toInt(); // 0 or absent: TorrentMaker's choice
    if (p.isSet(QStringLiteral("tracker")))
        o.trackers = { p.value(QStringLiteral("tracker")) };
    QElapsedTimer t;
    t.start();
    auto made = TorrentMaker::make(o);
    if (!made)
        return fail(made.error().message);
    if (!writeAtomically(p.value(QStringLiteral("out")), made->torrent))
        return fail(QStringLiteral("cannot write %1").arg(p.value(QStringLiteral("out"))));
    std::printf("%s\n",
        QJsonDocument(QJsonObject { { QStringLiteral("id"), made->meta.id }, { QStringLiteral("v1"), made->meta.v1 },
                          { QStringLiteral("piece_size"), made->meta.pieceSize },
                          { QStringLiteral("seconds"), double(t.elapsed()) / 1000.0 } })
            .toJson(QJsonDocument::Compact)
            .constData());
    return 0;
}

int cmdSeed(QCoreApplication& app, const QCommandLineParser& p)
{
    TransferSession session(benchSettings());
    if (auto st = session.start(); !st)
        return fail(st.error().message);
    QStringList ids;
    for (const QString& t : p.values(QStringLiteral("torrent"))) {
        auto id = session.torrents().addSeed({ .torrent = readAll(t), .filePath = p.value(QStringLiteral("file")) });
        if (!id)
            return fail(id.error().message);
        ids.append(*id);
    }
    const QString portFile = p.value(QStringLiteral("port-file"));
    bool announced = false;
    QObject::connect(&session, &TransferSession::statsUpdated, &app, [&] {
        if (announced || session.listenPort() == 0)
            return;
        for (const QString& id : ids)
            if (auto st = session.torrents().stats(id); !st || st->state != TorrentState::Seeding)
                return;
        announced = writeAtomically(portFile, QByteArray::number(session.listenPort()));
    });
    quitOnSignals(app);
    app.exec();
    session.shutdown(1000);
    QElapsedTimer t;
    t.start();
    while (!session.isStopped() && t.elapsed() < 5000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return 0;
}

int cmdGet(QCoreApplication& app, const QCommandLineParser& p)
{
    const int timeoutSecs = p.isSet(QStringLiteral("timeout")) ? p.value(QStringLiteral("timeout")).toInt() : 300;
    QElapsedTimer wall;
    wall.start();
    TransferSession session(benchSettings());
    if (auto st = session.start(); !st)
        return fail(st.error().message);
    const QByteArray torrent = readAll(p.value(QStringLiteral("torrent")));
    QElapsedTimer t;
    auto id = session.torrents().addDownload({ .torrent = torrent,
        .saveDir = p.value(QStringLiteral("dir")),
        .peers = p.value(QStringLiteral("peers")).split(u',', Qt::SkipEmptyParts),
        // A BEP 19 URL from the start (the web seed path of bench/latency's comparison).
        .webSeeds = p.value(QStringLiteral("webseed")).split(u',', Qt::SkipEmptyParts),
        .dhtAnnounce = false });
    if (!id)
        return fail(id.error().message);
    t.start();
    int rc = 0;
    QObject::connect(&session, &TransferSession::torrentFinished, &app, [&](const QString& done) {
        if (done != *id)
            return;
        const double secs = double(t.elapsed()) / 1000.0;
        const TorrentStats st = *session.torrents().stats(*id);
        std::printf("%s\n",
            QJsonDocument(
                QJsonObject { { QStringLiteral("seconds"), secs },
                    { QStringLiteral("wall_seconds"), double(wall.elapsed()) / 1000.0 },
                    { QStringLiteral("bytes"), st.bytesTotal },
                    { QStringLiteral("mb_per_s"), double(st.bytesTotal) / 1e6 / secs },
                    { QStringLiteral("from_peers"), st.fromPeers }, { QStringLiteral("from_web"), st.fromWeb } })
                .toJson(QJsonDocument::Compact)
                .constData());
        app.quit();
    });
    QTimer::singleShot(timeoutSecs * 1000, &app, [&] {
        rc = fail(QStringLiteral("timed out"));
        app.quit();
    });
    app.exec();
    session.shutdown(1000);
    QElapsedTimer s;
    s.start();
    while (!session.isStopped() && s.elapsed() < 5000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return rc;
}

// A fixed-answer BitTorrent HTTP tracker (compact peers): aria2c cannot be told peers any other way.
int cmdTracker(QCoreApplication& app, const QCommandLineParser& p)
{
    std::string compact;
    for (const QString& peer : p.value(QStringLiteral("peers")).split(u',', Qt::SkipEmptyParts)) {
        const QStringList parts = peer.split(u':');
        const QStringList octets = parts.value(0).split(u'.');
        if (octets.size() != 4)
            return fail(QStringLiteral("bad peer %1").arg(peer));
        for (const QString& o : octets)
            compact.push_back(char(o.toInt()));
        const int port = parts.value(1).toInt();
        compact.push_back(char(port >> 8));
        compact.push_back(char(port & 0xff));
    }
    const std::string body = "d8:intervali1800e5:peers" + std::to_string(compact.size()) + ':' + compact + 'e';
    httplib::Server server;
    server.Get(
        "/announce", [&](const httplib::Request&, httplib::Response& res) { res.set_content(body, "text/plain"); });
    const int port = server.bind_to_any_port("127.0.0.1");
    std::thread thread([&] { server.listen_after_bind(); });
    if (!writeAtomically(p.value(QStringLiteral("port-file")), QByteArray::number(port)))
        return fail(QStringLiteral("cannot write the port file"));
    quitOnSignals(app);
    app.exec();
    server.stop();
    thread.join();
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("command"), QStringLiteral("make | seed | get | tracker"));
    for (const char* name :
        { "file", "out", "tracker", "name", "torrent", "port-file", "dir", "peers", "timeout", "piece-size", "disk",
            "webseed" })
        p.addOption({ QString::fromLatin1(name), QString::fromLatin1(name), QStringLiteral("value") });
    p.addOption({ QStringLiteral("v1"), QStringLiteral("v1-only torrent") });
    p.addHelpOption();
    p.process(app);
    const QString disk = p.value(QStringLiteral("disk"));
    if (disk == QLatin1String("libtorrent"))
        g_diskBackEnd = SessionSettings::DiskBackEnd::LibtorrentDefault;
    else if (!disk.isEmpty() && disk != QLatin1String("pieces")) {
        std::fprintf(stderr, "bench-download: --disk is pieces (default) or libtorrent\n");
        return 2;
    }
    const QString cmd = p.positionalArguments().value(0);
    if (cmd == QLatin1String("make"))
        return cmdMake(p);
    if (cmd == QLatin1String("seed"))
        return cmdSeed(app, p);
    if (cmd == QLatin1String("get"))
        return cmdGet(app, p);
    if (cmd == QLatin1String("tracker"))
        return cmdTracker(app, p);
    std::fprintf(stderr, "usage: bench-download make|seed|get|tracker ... (--help)\n");
    return 2;
}
