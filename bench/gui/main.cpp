// bench-gui latency --dc-bin PATH [--size-mib N]   GUI event-loop lateness (p50/p99/max) during an upload and
//                                                  a download of N MiB (default 1024) through the real engine
// bench-gui rss [--objects N]                      the app's RSS, idle, with N objects (default 10000) listed
// Prints one JSON object. Runs offscreen unless QT_QPA_PLATFORM says otherwise; everything on 127.0.0.1.

#include "LatencyProbe.h"
#include "core/engine/LocalEngine.h"
#include "ui/EngineActions.h"
#include "ui/EngineThread.h"
#include "ui/FilesModel.h"
#include "ui/Icons.h"
#include "ui/Keychain.h"
#include "ui/MainWindow.h"
#include "ui/Settings.h"
#include "ui/TransfersModel.h"
#include "ui/TrayApp.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <cstdio>

namespace {

qint64 rssKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

void waitUntil(const std::function<bool()>& done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

// An engine that only lists N synthetic objects: what the GUI holds for them is what `rss` measures.
class ListEngine : public as::EngineApi {
public:
    explicit ListEngine(int n) : m_n(n) {}
    as::CommandReply* call(const QString& command, const QJsonObject&) override
    {
        auto* r = new as::CommandReply(this);
        QTimer::singleShot(0, r, [this, r, command] {
            if (command == QLatin1String(as::api::ListRequest::kName)) {
                as::api::ListReply list;
                for (int i = 0; i < m_n; ++i) {
                    as::ObjectInfo o;
                    o.id = QStringLiteral("%1").arg(i, 64, 16, QLatin1Char('0'));
                    o.name = QStringLiteral("holiday-photo-%1.jpg").arg(i);
                    o.size = 1000 + i * 37;
                    o.state = QStringLiteral("available");
                    o.replicas = i % 7;
                    o.targetReplicas = 6;
                    o.uploaded = QDateTime::currentDateTimeUtc().addSecs(-i * 60);
                    list.objects.append(o);
                }
                r->succeedWith(list);
            } else if (command == QLatin1String(as::api::StatusRequest::kName)) {
                as::api::StatusReply s;
                s.node.user = QStringLiteral("bench");
                s.node.daemon = true;
                r->succeedWith(s);
            } else {
                r->succeed({});
            }
        });
        return r;
    }

private:
    int m_n;
};

int runRss(int objects)
{
    QTemporaryDir dir;
    const qint64 before = rssKiB();
    ListEngine engine(objects);
    as::ui::Settings settings(dir.filePath(QStringLiteral("settings-ui.json")));
    {
        as::ui::SettingsData d = settings.data();
        d.contributionAsked = true; // no first-run question in a benchmark
        settings.setData(d);
    }
    as::ui::Keychain keychain(dir.path(), as::ui::Keychain::Backend::FileOnly);
    as::ui::TrayApp::Options opt;
    opt.profileDir = dir.path();
    opt.askToLogIn = false;
    as::ui::TrayApp app(&engine, &settings, &keychain, opt);
    app.start({});
    waitUntil([&] { return app.files()->rowCount() == objects; }, 60000);
    waitUntil([] { return false; }, 2000); // idle
    const qint64 after = rssKiB();
    const QJsonObject out{{QStringLiteral("objects"), app.files()->rowCount()},
                          {QStringLiteral("rss_kib_before_app"), before},
                          {QStringLiteral("rss_kib_idle"), after}};
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return app.files()->rowCount() == objects ? 0 : 1;
}

struct Dc {
    QProcess proc;
    quint16 port = 0;
    bool start(const QString& bin, const QString& data)
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost);
        port = probe.serverPort();
        probe.close();
        proc.setStandardOutputFile(QProcess::nullDevice());
        proc.start(bin, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--data"), data});
        for (int i = 0; i < 100; ++i) {
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, port);
            if (s.waitForConnected(100))
                return true;
            QThread::msleep(50);
        }
        return false;
    }
    ~Dc()
    {
        proc.terminate();
        if (!proc.waitForFinished(5000))
            proc.kill();
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port); }
};

std::unique_ptr<as::ui::EngineThread> startEngine(const QString& profile, const QString& dc, const QString& user)
{
    QDir().mkpath(profile);
    auto t = std::make_unique<as::ui::EngineThread>();
    auto* le = new as::engine::LocalEngine(profile);
    if (!t->start(le, [le] { return le->open() ? QString() : QStringLiteral("open failed"); }).isEmpty())
        return nullptr;
    as::CommandReply* r = as::api::send(*t, as::api::RegisterRequest{{dc, user, QStringLiteral("bench password")}});
    waitUntil([r] { return r->isFinished(); }, 30000);
    if (!r->ok())
        std::fprintf(stderr, "bench-gui: register: %s\n", qPrintable(r->errorMessage()));
    return r->ok() ? std::move(t) : nullptr;
}

void stopEngine(std::unique_ptr<as::ui::EngineThread>& t)
{
    auto* le = qobject_cast<as::engine::LocalEngine*>(t->engineObject());
    t->stop([le](std::function<void()> done) {
        QObject::connect(le, &as::engine::LocalEngine::stopped, le, [done] { done(); });
        le->shutdown();
    });
    t.reset();
}

int runLatency(const QString& dcBin, qint64 sizeMiB)
{
    QTemporaryDir dir;
    Dc dc;
    if (!dc.start(dcBin, dir.filePath(QStringLiteral("dc")))) {
        std::fprintf(stderr, "bench-gui: the DC did not start\n");
        return 1;
    }
    const QString file = dir.filePath(QStringLiteral("big.bin"));
    {
        QFile f(file);
        f.open(QIODevice::WriteOnly);
        QByteArray chunk(1 << 20, Qt::Uninitialized);
        for (qint64 i = 0; i < sizeMiB; ++i) {
            for (int j = 0; j < chunk.size(); j += 4)
                *reinterpret_cast<quint32*>(chunk.data() + j) = quint32(i * 2654435761u + j);
            f.write(chunk);
        }
    }
    auto e0 = startEngine(dir.filePath(QStringLiteral("p0")), dc.url(), QStringLiteral("uploader"));
    auto e1 = startEngine(dir.filePath(QStringLiteral("p1")), dc.url(), QStringLiteral("downloader"));
    if (!e0 || !e1) {
        std::fprintf(stderr, "bench-gui: engines did not start\n");
        return 1;
    }
    as::ui::Settings s0(dir.filePath(QStringLiteral("p0/settings-ui.json"))), s1(dir.filePath(QStringLiteral("p1/settings-ui.json")));
    for (as::ui::Settings* s : { &s0, &s1 }) { // the first-run contribution question is answered already
        as::ui::SettingsData d = s->data();
        d.contributionAsked = true;
        s->setData(d);
    }
    as::ui::Keychain k0(dir.filePath(QStringLiteral("p0")), as::ui::Keychain::Backend::FileOnly);
    as::ui::Keychain k1(dir.filePath(QStringLiteral("p1")), as::ui::Keychain::Backend::FileOnly);
    as::ui::TrayApp::Options opt;
    opt.askToLogIn = false;
    as::ui::TrayApp up(e0.get(), &s0, &k0, opt), down(e1.get(), &s1, &k1, opt);
    up.start({});
    down.start({});

    QJsonObject out{{QStringLiteral("size_mib"), sizeMiB}};
    LatencyProbe probe(10);
    auto phase = [&](const QString& name, const std::function<void()>& begin, const std::function<bool()>& done) {
        probe.reset();
        QElapsedTimer t;
        t.start();
        probe.start();
        begin();
        waitUntil(done, 30 * 60 * 1000);
        probe.stop();
        out.insert(name, QJsonObject{{QStringLiteral("seconds"), double(t.elapsed()) / 1000.0},
                                     {QStringLiteral("samples"), probe.count()},
                                     {QStringLiteral("p50_ms"), probe.percentile(50)},
                                     {QStringLiteral("p99_ms"), probe.percentile(99)},
                                     {QStringLiteral("max_ms"), probe.max()}});
    };
    QString link;
    bool uploaded = false;
    QObject::connect(up.engineActions(), &as::ui::EngineActions::uploadFinished, [&](bool ok, const QStringList& links) {
        uploaded = true;
        link = ok && !links.isEmpty() ? links.first() : QString();
    });
    phase(QStringLiteral("upload"), [&] { up.engineActions()->upload({file}); }, [&] { return uploaded; });
    if (link.isEmpty()) {
        std::fprintf(stderr, "bench-gui: the upload failed\n");
        return 1;
    }
    const QString target = dir.filePath(QStringLiteral("out"));
    QDir().mkpath(target);
    bool downloaded = false, failed = false;
    qint64 fromPeers = 0, fromDc = 0;
    QObject::connect(down.engineActions(), &as::ui::EngineActions::downloadFinished, [&](const QString&, qint64 p, qint64 d) {
        downloaded = true;
        fromPeers = p;
        fromDc = d;
    });
    QObject::connect(down.engineActions(), &as::ui::EngineActions::downloadFailed, [&](const QString& e) {
        failed = true;
        std::fprintf(stderr, "bench-gui: download failed: %s\n", qPrintable(e));
    });
    phase(QStringLiteral("download"), [&] { down.engineActions()->download(link, target); },
          [&] { return downloaded || failed; });
    out.insert(QStringLiteral("download_from_peers"), fromPeers);
    out.insert(QStringLiteral("download_from_dc"), fromDc);
    out.insert(QStringLiteral("rss_kib_end"), rssKiB());
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    stopEngine(e0);
    stopEngine(e1);
    return downloaded ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    as::ui::initResources();
    const QStringList args = QApplication::arguments();
    auto value = [&](const QString& name, const QString& def) {
        const qsizetype i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : def;
    };
    if (args.size() >= 2 && args.at(1) == QLatin1String("rss"))
        return runRss(value(QStringLiteral("--objects"), QStringLiteral("10000")).toInt());
    if (args.size() >= 2 && args.at(1) == QLatin1String("latency"))
        return runLatency(value(QStringLiteral("--dc-bin"), QStringLiteral("build/app/amazingstore-dc")),
                          value(QStringLiteral("--size-mib"), QStringLiteral("1024")).toLongLong());
    std::fprintf(stderr, "usage: bench-gui latency --dc-bin PATH [--size-mib N] | rss [--objects N]\n");
    return 2;
}
