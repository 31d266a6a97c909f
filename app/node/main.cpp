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
#include <memory>
#include <optional>
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

// Usage errors, --help, --version and the password prompt: the exit status when the command ends here.
std::optional<int> handleBeforeEngine(node::Invocation& inv)
{
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
    return std::nullopt;
}

// The engine a command goes to: this process's own (`local`, when it could lock the profile) or the running
// instance's over its control socket.
struct Engines {
    control::ProfileEngine attached; // holds the profile's lock, or the connection to its holder, until exit
    engine::LocalEngine* local = nullptr; // owned by the application object
    EngineApi* engine = nullptr;
};

// Picks the engine; the exit status instead when the command cannot run.
std::optional<int> openEngine(const node::Invocation& inv, QCoreApplication& app, Engines& out)
{
    const bool isRun = std::holds_alternative<api::RunRequest>(inv.request);
    auto attached = control::attachToProfile(inv.profile);
    if (!attached)
        return failWith(attached.error().message, 1);
    out.attached = std::move(*attached);
    if (!out.attached.isLocal()) {
        if (isRun)
            return failWith(QStringLiteral("this profile is already in use by a running instance (pid %1)")
                                .arg(out.attached.holderPid),
                            1);
        out.engine = out.attached.remote.get();
        return std::nullopt;
    }
    out.local = new engine::LocalEngine(inv.profile, &app);
    if (Status s = out.local->open(); !s)
        return failWith(s.error().message, 1);
    // Other invocations on this profile hand their commands to us while we run.
    auto* server = new control::ControlServer(out.local, &app);
    if (Status s = server->listen(inv.profile); !s && isRun)
        return failWith(s.error().message, 1);
    out.engine = out.local;
    if (std::holds_alternative<api::StopRequest>(inv.request))
        return failWith(QStringLiteral("no daemon is running for this profile"), 1);
    return std::nullopt;
}

// How the process ends: a local engine shuts down cleanly (resume data, state) first, within 8 s.
struct Ending {
    QCoreApplication& app;
    engine::LocalEngine* local = nullptr;
    int exitCode = 0;
    bool interrupted = false;

    void finish(int code)
    {
        exitCode = code;
        if (!local)
            return app.exit(code);
        QObject::connect(local, &engine::LocalEngine::stopped, &app, [this]() { app.exit(exitCode); });
        local->shutdown();
        // Bounded: libtorrent gets a few seconds to save resume data, then the process ends anyway —
        // without destructors, which would race libtorrent's threads still aborting (the result is
        // printed, outputs are renamed into place and SQLite has committed).
        QTimer::singleShot(8000, &app, [this]() {
            std::fflush(stdout);
            std::fflush(stderr);
            std::_Exit(exitCode);
        });
    }
};

// SIGTERM/SIGINT end the process through `ending` (a daemon's run reply finishes once its engine stopped).
void watchSignals(Ending& ending, bool isRun)
{
    ::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFd);
    auto* notifier = new QSocketNotifier(g_signalFd[0], QSocketNotifier::Read, &ending.app);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    std::signal(SIGPIPE, SIG_IGN);
    QObject::connect(notifier, &QSocketNotifier::activated, &ending.app, [&ending, isRun]() {
        char c;
        [[maybe_unused]] auto n = ::read(g_signalFd[0], &c, 1);
        if (ending.interrupted)
            return;
        ending.interrupted = true;
        if (isRun && ending.local)
            return ending.local->shutdown(); // the run reply finishes when stopped
        ending.finish(1);
    });
}

// Prints the result (also the part that worked of a failed command) and the error; the exit status.
int printReply(const node::Invocation& inv, const CommandReply& reply)
{
    node::clearProgress();
    if (reply.ok() || !reply.result().isEmpty()) // what did work (links of the files that uploaded)
        node::printResult(inv.request, reply.result(), inv.json);
    std::fflush(stdout);
    if (!reply.ok())
        failWith(reply.errorMessage(), reply.exitCode());
    return reply.exitCode();
}
} // namespace

int main(int argc, char** argv)
{
    as::util::installCrashTrace("amazingstore-node");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("amazingstore"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));

    node::Invocation inv = node::parseCommandLine(app.arguments());
    if (auto done = handleBeforeEngine(inv))
        return *done;
    Engines engines;
    if (auto failed = openEngine(inv, app, engines))
        return *failed;
    const bool isRun = std::holds_alternative<api::RunRequest>(inv.request);
    Ending ending { app, engines.local };
    watchSignals(ending, isRun);

    if (isRun) {
        // The daemon's log: one timestamped line per event on stderr (journald adds its own stamp).
        qSetMessagePattern(QStringLiteral("%{time yyyy-MM-ddThh:mm:ss} %{if-warning}warning: %{endif}%{message}"));
        qInfo("daemon started for profile %s", qPrintable(inv.profile));
    }
    CommandReply* reply = std::visit([&](const auto& r) { return api::send(*engines.engine, r); }, inv.request);
    QObject::connect(reply, &CommandReply::progress, &app, [](const TransferInfo& t) { node::showProgress(t); });
    QObject::connect(reply, &CommandReply::finished, &app, [&, reply]() {
        const int code = printReply(inv, *reply);
        ending.finish(ending.interrupted && !isRun ? 1 : code);
    });
    return app.exec();
}
