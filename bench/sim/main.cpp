// amazingstore-sim: the discrete-event simulator of docs/design.md §7. Thin main: options → runSimulation → output.
#include "bench/sim/Report.h"
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
    parser.addOption({ QStringLiteral("seed"), QStringLiteral("Random seed (default 1); same seed, same output."),
        QStringLiteral("N") });
    parser.addOption({ QStringLiteral("target"),
        QStringLiteral("Availability target T of the AmazingStore policy (default 0.99)."), QStringLiteral("T") });
    parser.addOption({ QStringLiteral("min-replicas"),
        QStringLiteral("Durability floor of the AmazingStore policy (default 5)."), QStringLiteral("N") });
    parser.addOption({ QStringLiteral("cheaters"),
        QStringLiteral("Share of peers that report replicas they do not store (default 0)."), QStringLiteral("F") });
    parser.addOption({ QStringLiteral("audit-interval"),
        QStringLiteral("Hours between proof-of-storage audits of each holder; 0: no audits (default 6)."),
        QStringLiteral("H") });
    parser.addOption({ QStringLiteral("json"), QStringLiteral("Print the results as JSON instead of a table.") });
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
    config.users = int(users);
    config.objects = int(objects);
    config.days = int(days);
    config.seed = std::uint64_t(seed);
    const QString seriesPath = parser.value(QStringLiteral("series"));
    config.recordSeries = !seriesPath.isEmpty();

    const bool terminal = isatty(fileno(stderr));
    std::function<void(double)> progress;
    if (terminal)
        progress = [](double f) { std::fprintf(stderr, "\rsimulating… %3d%%", int(f * 100)); };
    const as::sim::SimResult result = as::sim::runSimulation(config, progress);
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
