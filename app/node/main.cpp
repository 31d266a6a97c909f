// amazingstore-node: parse the command line, pick the engine (in-process when this invocation can lock the
// profile, else the running instance over its control socket), run one command, print, exit 0/1/2.
#include "app/node/Cli.h"
#include "app/node/Output.h"
#include "app/node/Terminal.h"
#include "core/control/ControlServer.h"
#include "core/control/ProfileEngine.h"
#include "core/engine/LocalEngine.h"
#include "core/util/CrashTrace.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace as;

namespace {
int g_signalFd[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] auto n = ::write(g_signalFd[1], &c, 1);
}

int failWith(const QString& message, int code)
{
    as::node::clearProgress();
    std::fprintf(stderr, "amazingstore-node: %s\n", message.toLocal8Bit().constData());
    return code;
}
} // namespace

int main(int argc, char** argv)
{
    as::util::installCrashTrace("amazingstore-node");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("amazingstore"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));

    node::Invocation inv = node::parseCommandLine(app.arguments());
    if (!inv.usageError.isEmpty())
        return failWith(inv.usageError.trimmed(), 2);
    if (inv.help) {
        std::fputs(inv.helpText.toLocal8Bit().constData(), stdout);
        return 0;
    }
    if (inv.version) {
        std::printf("amazingstore-node %s\n", qPrintable(QCoreApplication::applicationVersion()));
        return 0;
    }
    if (inv.needsPassword) {
        const node::PasswordInput pw = node::readPassword(std::holds_alternative<api::RegisterRequest>(inv.request));
        if (!pw.error.isEmpty())
            return failWith(pw.error, 2);
        std::visit([&](auto& r) {
            if constexpr (std::is_base_of_v<api::Credentials, std::decay_t<decltype(r)>>)
                r.password = pw.password;
        }, inv.request);
    }

    const bool isRun = std::holds_alternative<api::RunRequest>(inv.request);
    auto attached = control::attachToProfile(inv.profile);
    if (!attached)
        return failWith(attached.error().message, 1);

    engine::LocalEngine* local = nullptr;
    EngineApi* engine = nullptr;
    if (attached->isLocal()) {
        local = new engine::LocalEngine(inv.profile, &app);
        if (Status s = local->open(); !s)
            return failWith(s.error().message, 1);
        // Other invocations on this profile hand their commands to us while we run.
        auto* server = new control::ControlServer(local, &app);
        if (Status s = server->listen(inv.profile); !s && isRun)
            return failWith(s.error().message, 1);
        engine = local;
        if (std::holds_alternative<api::StopRequest>(inv.request))
            return failWith(QStringLiteral("no daemon is running for this profile"), 1);
    } else {
        if (isRun)
            return failWith(QStringLiteral("this profile is already in use by a running instance (pid %1)")
                                .arg(attached->holderPid),
                            1);
        engine = attached->remote.get();
    }

    // SIGTERM/SIGINT: a local engine shuts down cleanly (resume data, state) before the process ends.
    ::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFd);
    auto* notifier = new QSocketNotifier(g_signalFd[0], QSocketNotifier::Read, &app);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    std::signal(SIGPIPE, SIG_IGN);
    int exitCode = 0;
    bool interrupted = false;
    auto finish = [&](int code) {
        exitCode = code;
        if (local) {
            QObject::connect(local, &engine::LocalEngine::stopped, &app, [&]() { app.exit(exitCode); });
            local->shutdown();
            // Bounded: libtorrent gets a few seconds to save resume data, then the process ends anyway —
            // without destructors, which would race libtorrent's threads still aborting (the result is
            // printed, outputs are renamed into place and SQLite has committed).
            QTimer::singleShot(8000, &app, [&]() {
                std::fflush(stdout);
                std::fflush(stderr);
                std::_Exit(exitCode);
            });
        } else {
            app.exit(code);
        }
    };
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [&]() {
        char c;
        [[maybe_unused]] auto n = ::read(g_signalFd[0], &c, 1);
        if (interrupted)
            return;
        interrupted = true;
        if (isRun && local)
            return local->shutdown(); // the run reply finishes when stopped
        finish(1);
    });

    if (isRun) {
        // The daemon's log: one timestamped line per event on stderr (journald adds its own stamp).
        qSetMessagePattern(QStringLiteral("%{time yyyy-MM-ddThh:mm:ss} %{if-warning}warning: %{endif}%{message}"));
        qInfo("daemon started for profile %s", qPrintable(inv.profile));
    }
    CommandReply* reply = std::visit([&](const auto& r) { return api::send(*engine, r); }, inv.request);
    QObject::connect(reply, &CommandReply::progress, &app, [](const TransferInfo& t) { node::showProgress(t); });
    QObject::connect(reply, &CommandReply::finished, &app, [&, reply]() {
        node::clearProgress();
        if (reply->ok()) {
            node::printResult(inv.request, reply->result(), inv.json);
            std::fflush(stdout);
        } else {
            if (!reply->result().isEmpty()) // what did work (links of the files that uploaded)
                node::printResult(inv.request, reply->result(), inv.json);
            std::fflush(stdout);
            failWith(reply->errorMessage(), reply->exitCode());
        }
        finish(interrupted && !isRun ? 1 : reply->exitCode());
    });
    return app.exec();
}
