// amazingstore-sim: the discrete-event simulator of docs/design.md §7. Thin main: options → runSimulation → output.
#include "bench/sim/Report.h"
#include "bench/sim/Schedule.h"
#include "bench/sim/Simulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <cstdio>
#include <unistd.h>

namespace {

int usageError(const QString& message)
{
    std::fprintf(stderr, "amazingstore-sim: %s (see --help)\n", qPrintable(message));
    return 2;
}

bool readPositive(const QCommandLineParser& parser, const QString& name, long long max, long long& out)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const long long v = parser.value(name).toLongLong(&ok);
    if (!ok || v <= 0 || v > max)
        return false;
    out = v;
    return true;
}

bool readShare(const QCommandLineParser& parser, const QString& name, double lo, double hi, double& out)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const double v = parser.value(name).toDouble(&ok);
    if (!ok || !(v >= lo && v <= hi))
        return false;
    out = v;
    return true;
}

void addScheduleOptions(QCommandLineParser& parser)
{
    parser.addOption({ QStringLiteral("write-schedule"),
        QStringLiteral("Write a testbed schedule drawn from the model to FILE instead of simulating (docs/testbed.md)."),
        QStringLiteral("FILE") });
    parser.addOption({ QStringLiteral("replay"),
        QStringLiteral("Simulate the users, outages, uploads and requests of a schedule FILE."), QStringLiteral("FILE") });
    parser.addOption({ QStringLiteral("contributor-share"),
        QStringLiteral("Schedule: share of contributor users (default 0.08)."), QStringLiteral("F") });
    parser.addOption({ QStringLiteral("membership-days"),
        QStringLiteral("Schedule: mean membership before a permanent departure (default 120)."), QStringLiteral("D") });
    parser.addOption({ QStringLiteral("min-outages"),
        QStringLiteral("Schedule: redraw the DC's outages until there are at least N."), QStringLiteral("N") });
    parser.addOption({ QStringLiteral("min-gap"),
        QStringLiteral("Schedule: simulated seconds below which an absence is skipped."), QStringLiteral("S") });
    parser.addOption({ QStringLiteral("requests-per-hour"),
        QStringLiteral("Schedule: requests per online user and hour (default 0.25)."), QStringLiteral("R") });
    parser.addOption({ QStringLiteral("quiet-start"),
        QStringLiteral("Schedule: no DC outage before this many simulated seconds (default 21600: the initial "
                       "uploads finish first)."),
        QStringLiteral("S") });
    parser.addOption({ QStringLiteral("uploads-wait-for-dc"),
        QStringLiteral("Schedule: uploads drawn inside an outage wait for the DC (no outage mode).") });
    parser.addOption({ QStringLiteral("size-scale"),
        QStringLiteral("Schedule: object sizes are the model's times this (default 1/16)."), QStringLiteral("X") });
}

// --write-schedule: the model's users, churn, outages and workload, scaled down, to a file.
int writeSchedule(const QCommandLineParser& parser, const as::sim::SimConfig& model, long long objects)
{
    as::sim::ScheduleConfig sc;
    sc.model = model;
    sc.objects = int(objects);
    double membershipDays = model.meanMembership / as::sim::kDay, minOutages = 0;
    if (!readShare(parser, QStringLiteral("contributor-share"), 0, 1, sc.model.contributorShare)
        || !readShare(parser, QStringLiteral("membership-days"), 0.01, 1e5, membershipDays)
        || !readShare(parser, QStringLiteral("min-outages"), 0, 100, minOutages)
        || !readShare(parser, QStringLiteral("min-gap"), 0, as::sim::kDay, sc.minGap)
        || !readShare(parser, QStringLiteral("requests-per-hour"), 0, 100, sc.requestsPerOnlineUserHour)
        || !readShare(parser, QStringLiteral("quiet-start"), 0, 30 * as::sim::kDay, sc.quietStart)
        || !readShare(parser, QStringLiteral("size-scale"), 1e-6, 1, sc.sizeScale))
        return usageError(QStringLiteral("a schedule option is out of range"));
    sc.model.meanMembership = membershipDays * as::sim::kDay;
    sc.minOutages = int(minOutages);
    sc.minSession = sc.minGap;
    sc.uploadsWaitForDc = parser.isSet(QStringLiteral("uploads-wait-for-dc"));
    QFile file(parser.value(QStringLiteral("write-schedule")));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(as::sim::scheduleText(as::sim::generateSchedule(sc))) < 0) {
        std::fprintf(stderr, "amazingstore-sim: cannot write %s\n", qPrintable(file.fileName()));
        return 1;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("amazingstore-sim"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Simulates AmazingStore (DC + peers) with churn and DC outages and compares DC alone, the AmazingStore "
        "replication policy and a fixed-timeout baseline. See docs/simulation.md."));
    parser.addHelpOption();
    parser.addOption(
        { QStringLiteral("users"), QStringLiteral("Users in the population (default 12000)."), QStringLiteral("N") });
    parser.addOption(
        { QStringLiteral("objects"), QStringLiteral("Objects stored (default 52000)."), QStringLiteral("N") });
    parser.addOption({ QStringLiteral("days"), QStringLiteral("Measured days after a 7-day warm-up (default 30)."),
        QStringLiteral("N") });
    parser.addOption({ QStringLiteral("seed"),
        QStringLiteral("Random seed (default 1; with --replay: the schedule's); same seed, same output."),
        QStringLiteral("N") });
    parser.addOption({ QStringLiteral("target"),
        QStringLiteral("Availability target T of the AmazingStore policy (default 0.99)."), QStringLiteral("T") });
    parser.addOption({ QStringLiteral("min-replicas"),
        QStringLiteral("Durability floor of the AmazingStore policy (default 5)."), QStringLiteral("N") });
    parser.addOption({ QStringLiteral("surplus-margin"),
        QStringLiteral("Hysteresis of the AmazingStore policy: drop surplus at c + M, down to c + M - 1 (default 1.5)."),
        QStringLiteral("M") });
    parser.addOption({ QStringLiteral("placement-window"),
        QStringLiteral("Seconds in which a peer takes at most 4 new replicas, as the DC's bound on unfetched "
                       "assignments (default 0: placement is instantaneous)."),
        QStringLiteral("S") });
    parser.addOption({ QStringLiteral("cheaters"),
        QStringLiteral("Share of peers that report replicas they do not store (default 0)."), QStringLiteral("F") });
    parser.addOption({ QStringLiteral("audit-interval"),
        QStringLiteral("Hours between proof-of-storage audits of each holder; 0: no audits (default 6)."),
        QStringLiteral("H") });
    parser.addOption({ QStringLiteral("standby-count"),
        QStringLiteral("Outage mode: standby masters the DC names (default 4, as the DC)."), QStringLiteral("K") });
    parser.addOption({ QStringLiteral("standby-min-availability"),
        QStringLiteral("Outage mode: measured availability a standby needs (default 0.3, as the DC)."),
        QStringLiteral("A") });
    parser.addOption({ QStringLiteral("requests-need-standby"),
        QStringLiteral("Outage mode: a request also needs a standby online (no lookup over the DHT).") });
    parser.addOption({ QStringLiteral("json"), QStringLiteral("Print the results as JSON instead of a table.") });
    addScheduleOptions(parser);
    parser.addOption({ QStringLiteral("series"),
        QStringLiteral("Write the hourly series as CSV to FILE (for the plot)."), QStringLiteral("FILE") });
    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("help-all"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));

    as::sim::SimConfig config;
    long long users = config.users, objects = config.objects, days = config.days;
    long long seed = (long long)config.seed;
    if (!readPositive(parser, QStringLiteral("users"), 10'000'000, users))
        return usageError(QStringLiteral("--users wants a positive integer"));
    if (!readPositive(parser, QStringLiteral("objects"), 100'000'000, objects))
        return usageError(QStringLiteral("--objects wants a positive integer"));
    if (!readPositive(parser, QStringLiteral("days"), 3650, days))
        return usageError(QStringLiteral("--days wants a positive integer (at most 3650)"));
    if (!readPositive(parser, QStringLiteral("seed"), std::numeric_limits<long long>::max(), seed))
        return usageError(QStringLiteral("--seed wants a positive integer"));
    if (parser.isSet(QStringLiteral("target"))) {
        bool ok = false;
        const double target = parser.value(QStringLiteral("target")).toDouble(&ok);
        if (!ok || !(target > 0 && target < 1))
            return usageError(QStringLiteral("--target wants a number between 0 and 1"));
        config.target = target;
    }
    if (parser.isSet(QStringLiteral("cheaters"))) {
        bool ok = false;
        const double share = parser.value(QStringLiteral("cheaters")).toDouble(&ok);
        if (!ok || !(share >= 0 && share < 1))
            return usageError(QStringLiteral("--cheaters wants a share from 0 to below 1"));
        config.cheaterShare = share;
    }
    if (parser.isSet(QStringLiteral("audit-interval"))) {
        bool ok = false;
        const double hours = parser.value(QStringLiteral("audit-interval")).toDouble(&ok);
        if (!ok || !(hours >= 0 && hours <= 24 * 365))
            return usageError(QStringLiteral("--audit-interval wants hours from 0 to 8760"));
        config.auditInterval = hours * as::sim::kHour;
    }
    long long minReplicas = config.minReplicas;
    if (!readPositive(parser, QStringLiteral("min-replicas"), 64, minReplicas))
        return usageError(QStringLiteral("--min-replicas wants a positive integer (at most 64)"));
    config.minReplicas = int(minReplicas);
    // At least 1: a drop must leave the group at or above c (the DC refuses a smaller margin too).
    if (!readShare(parser, QStringLiteral("surplus-margin"), 1, 64, config.surplusMargin))
        return usageError(QStringLiteral("--surplus-margin wants a number from 1 to 64"));
    if (!readShare(parser, QStringLiteral("placement-window"), 0, as::sim::kDay, config.placementWindow))
        return usageError(QStringLiteral("--placement-window wants seconds from 0 to a day"));
    double standbyCount = config.standbyCount;
    if (!readShare(parser, QStringLiteral("standby-count"), 0, 64, standbyCount)
        || !readShare(parser, QStringLiteral("standby-min-availability"), 0, 1, config.standbyMinAvailability))
        return usageError(QStringLiteral("--standby-count wants 0..64, --standby-min-availability 0..1"));
    config.standbyCount = int(standbyCount);
    config.dhtLookup = !parser.isSet(QStringLiteral("requests-need-standby"));
    config.users = int(users);
    config.objects = int(objects);
    config.days = int(days);
    config.seed = std::uint64_t(seed);
    if (parser.isSet(QStringLiteral("write-schedule")))
        return writeSchedule(parser, config, parser.isSet(QStringLiteral("objects")) ? objects : 60);
    std::optional<as::sim::Schedule> replay;
    if (parser.isSet(QStringLiteral("replay"))) {
        QFile file(parser.value(QStringLiteral("replay")));
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "amazingstore-sim: cannot read %s\n", qPrintable(file.fileName()));
            return 1;
        }
        QString error;
        replay = as::sim::parseSchedule(file.readAll(), &error);
        if (!replay)
            return usageError(QStringLiteral("%1: %2").arg(file.fileName(), error));
        config.users = int(replay->users.size());
        config.objects = replay->objects;
        config.days = int(replay->days);
        // --seed with --replay draws placement, audits and the server's id anew on the same schedule: the
        // replay's own spread (docs/testbed.md "The figures").
        if (!parser.isSet(QStringLiteral("seed")))
            config.seed = replay->seed;
    }
    const QString seriesPath = parser.value(QStringLiteral("series"));
    config.recordSeries = !seriesPath.isEmpty();

    const bool terminal = isatty(fileno(stderr));
    std::function<void(double)> progress;
    if (terminal)
        progress = [](double f) { std::fprintf(stderr, "\rsimulating… %3d%%", int(f * 100)); };
    const as::sim::SimResult result = as::sim::runSimulation(config, progress, replay ? &*replay : nullptr);
    if (terminal)
        std::fputs("\r                 \r", stderr);

    if (!seriesPath.isEmpty()) {
        QFile file(seriesPath);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(as::sim::seriesCsv(result)) < 0) {
            std::fprintf(stderr, "amazingstore-sim: cannot write %s\n", qPrintable(seriesPath));
            return 1;
        }
    }
    if (parser.isSet(QStringLiteral("json")))
        std::fputs(QJsonDocument(as::sim::toJson(result)).toJson(QJsonDocument::Indented).constData(), stdout);
    else
        std::fputs(qPrintable(as::sim::toTable(result)), stdout);
    return 0;
}
