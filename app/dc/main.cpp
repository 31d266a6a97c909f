// amazingstore-dc: parse the command line, start one DC server, stop cleanly on SIGTERM/SIGINT.
#include "core/util/CrashTrace.h"
#include "server/DcServer.h"
#include "server/Options.h"
#include "server/store/SqlMetadataStore.h"

#include <QCoreApplication>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <pthread.h>
#include <thread>

int main(int argc, char** argv)
{
    as::util::installCrashTrace("amazingstore-dc");
    // Block the stop signals in every thread; one thread takes them with sigwait and stops the server.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGTERM);
    sigaddset(&stopSignals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    QCoreApplication app(argc, argv);
    auto parsed = as::server::parseOptions(QCoreApplication::arguments());
    if (!parsed) {
        std::fprintf(stderr, "amazingstore-dc: %s\n", qPrintable(parsed.error().message));
        return 2;
    }
    if (parsed->help) {
        std::fputs(qPrintable(as::server::usageText()), stdout);
        return 0;
    }
    if (parsed->version) {
        std::puts("amazingstore-dc 0.1.0");
        return 0;
    }
    auto server = as::server::DcServer::create(parsed->config);
    if (!server) {
        std::fprintf(stderr, "amazingstore-dc: %s\n", qPrintable(server.error().message));
        return 1;
    }
    auto port = (*server)->bind();
    if (!port) {
        std::fprintf(stderr, "amazingstore-dc: %s\n", qPrintable(port.error().message));
        return 1;
    }
    const auto& c = parsed->config;
    if (auto db = as::server::parseDbUrl(c.dbUrl, c.dataDir))
        std::printf("amazingstore-dc metadata: %s\n", qPrintable(db->describe()));
    const bool v6 = c.host.contains(u':');
    std::printf("amazingstore-dc listening on %s://%s%s%s:%d\n", c.tls() ? "https" : "http", v6 ? "[" : "",
        qPrintable(c.host), v6 ? "]" : "", *port);
    std::fflush(stdout);

    std::atomic<bool> done { false };
    as::server::DcServer* dc = server->get();
    std::thread signalThread([&] {
        int sig = 0;
        sigwait(&stopSignals, &sig);
        if (done)
            return;
        // stop() may race with the listener starting up; repeat until run() has returned.
        while (!done) {
            dc->stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    const auto status = (*server)->run();
    done = true;
    pthread_kill(signalThread.native_handle(), SIGTERM); // wake the signal thread if no signal came
    signalThread.join();
    server->reset();
    if (!status) {
        std::fprintf(stderr, "amazingstore-dc: %s\n", qPrintable(status.error().message));
        return 1;
    }
    return 0;
}
