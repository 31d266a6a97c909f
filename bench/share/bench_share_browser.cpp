// Opens one share link in headless chromium (tests/share/Chromium), clicks Download, and reports the time
// until the file is complete under its name, and the peak resident memory of the browser's renderer
// processes (the page and its service worker) sampled every 50 ms. One JSON line on stdout.
//   bench-share-browser LINK DOWNLOAD-DIR NAME SIZE       (AS_SCREENSHOT=FILE: a PNG of the ready page instead)
// AS_RAW_URL=/data/ID: instead of the page's Download button, a plain link to that URL with a download name
// is clicked (no script in the data path): chromium's own ceiling for a download from the DC.
// AS_NO_SW=1: the page finds no service worker (navigator.serviceWorker removed before its script runs), so it
// saves through the origin-private file system (OPFS) instead of its service-worker stream.
// AS_CEILING=read|crypt with AS_CEILING_JS=bench/share/ceiling.js (and AS_RAW_URL=/data/ID, SIZE = its length):
// instead of a download, AS_CEILING_WORKERS (2) workers injected into the page only read the ciphertext in
// Range requests (read) or also decrypt it with WebCrypto's AES-CTR (crypt): the floor of the page's own costs.
// Where the time went: the page's own marks (data-timeline: ms after the click) and the CPU seconds each thread
// of the browser (and of the DC, AS_DC_PID=PID) used during the download, summed by process type and thread
// name ("cpu_s", largest first), from /proc every 250 ms.
#include "tests/share/Chromium.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <algorithm>
#include <cstdio>
#include <map>
#include <unistd.h>

namespace {

// CPU time of every thread of a set of processes, keeping each thread's last reading (threads that end keep
// what they used).
class ThreadCpu {
public:
    void sample(const std::map<qint64, QString>& processes)
    {
        for (const auto& [pid, type] : processes) {
            const QString task = QStringLiteral("/proc/%1/task").arg(pid);
            for (const QString& tid : QDir(task).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
                QFile stat(task + u'/' + tid + QStringLiteral("/stat"));
                if (!stat.open(QIODevice::ReadOnly))
                    continue;
                const QByteArray line = stat.readAll();
                const qsizetype open = line.indexOf('('), close = line.lastIndexOf(')');
                if (open < 0 || close < open)
                    continue;
                const QList<QByteArray> f = line.mid(close + 2).split(' '); // f[0] is field 3 (state)
                if (f.size() < 13)
                    continue;
                QString name = QString::fromUtf8(line.mid(open + 1, close - open - 1));
                while (!name.isEmpty() && (name.back().isDigit() || name.back() == u'/'))
                    name.chop(1); // "ThreadPoolForeg/3" and "Worker3": one row per kind
                m_ticks[{ pid, tid.toLongLong() }] = { type + u'/' + name, f[11].toLongLong() + f[12].toLongLong() };
            }
        }
    }
    QString json(const std::map<std::pair<qint64, qint64>, std::pair<QString, qint64>>& before) const
    {
        std::map<QString, double> byName;
        const double hz = double(sysconf(_SC_CLK_TCK));
        for (const auto& [key, v] : m_ticks) {
            const auto b = before.find(key);
            byName[v.first] += (v.second - (b == before.end() ? 0 : b->second.second)) / hz;
        }
        std::vector<std::pair<double, QString>> rows;
        for (const auto& [name, s] : byName)
            if (s >= 0.05)
                rows.push_back({ s, name });
        std::sort(rows.rbegin(), rows.rend());
        QStringList parts;
        for (const auto& [s, name] : rows)
            parts << QStringLiteral("\"%1\": %2").arg(name).arg(s, 0, 'f', 2);
        return u'{' + parts.join(QStringLiteral(", ")) + u'}';
    }
    const auto& ticks() const { return m_ticks; }

private:
    std::map<std::pair<qint64, qint64>, std::pair<QString, qint64>> m_ticks; // (pid, tid) -> (kind, ticks)
};

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList a = app.arguments();
    if (a.size() != 5) {
        std::fprintf(stderr, "usage: bench-share-browser LINK DOWNLOAD-DIR NAME SIZE\n");
        return 2;
    }
    const QString link = a[1], dir = a[2], file = QDir(a[2]).filePath(a[3]);
    const qint64 size = a[4].toLongLong();
    as::test::Chromium browser;
    QString why;
    browser.setWatchNetwork(false); // it would slow the download it measures
    const QString ceiling = qEnvironmentVariable("AS_CEILING");
    if (!ceiling.isEmpty() && ceiling != u"read" && ceiling != u"crypt") {
        std::fprintf(stderr, "bench-share-browser: AS_CEILING is read or crypt, not '%s'\n", qPrintable(ceiling));
        return 2;
    }
    browser.setBypassCsp(!ceiling.isEmpty()); // its workers come from a blob: URL
    if (qEnvironmentVariableIntValue("AS_NO_SW"))
        browser.setInitScript(QStringLiteral("delete Navigator.prototype.serviceWorker;"));
    if (!browser.start(dir, &why) || !browser.open(link)) {
        std::fprintf(stderr, "bench-share-browser: %s\n", qPrintable(why.isEmpty() ? QStringLiteral("page did not load") : why));
        return 1;
    }
    if (browser.waitFor(QStringLiteral("document.documentElement.dataset.state === 'ready'"), 30000).toBool() != true) {
        std::fprintf(stderr, "bench-share-browser: the page is not ready\n");
        return 1;
    }
    // AS_SCREENSHOT=FILE: the ready page as PNG (docs/img/share-page.png), then no download.
    if (const QString shot = qEnvironmentVariable("AS_SCREENSHOT"); !shot.isEmpty()) {
        QFile f(shot);
        const QByteArray png = browser.screenshot();
        return png.isEmpty() || !f.open(QIODevice::WriteOnly) || f.write(png) != png.size() ? 1 : 0;
    }
    qint64 peakOne = 0, peakSum = 0;
    auto sample = [&]() {
        qint64 sum = 0;
        for (const auto& [pid, rss] : browser.rendererMemory()) {
            peakOne = std::max(peakOne, rss);
            sum += rss;
        }
        peakSum = std::max(peakSum, sum);
    };
    sample();
    const qint64 idleSum = peakSum;
    std::map<qint64, QString> watched = browser.processes();
    if (const qint64 dc = qEnvironmentVariableIntValue("AS_DC_PID"); dc > 0)
        watched[dc] = QStringLiteral("dc");
    ThreadCpu cpu;
    cpu.sample(watched);
    const auto cpuBefore = cpu.ticks();
    QElapsedTimer clock;
    clock.start();
    if (!ceiling.isEmpty()) {
        QFile js(qEnvironmentVariable("AS_CEILING_JS"));
        if (!js.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "bench-share-browser: AS_CEILING needs AS_CEILING_JS=bench/share/ceiling.js\n");
            return 2;
        }
        const int workers
            = qEnvironmentVariableIsSet("AS_CEILING_WORKERS") ? qEnvironmentVariableIntValue("AS_CEILING_WORKERS") : 2;
        QString script = QString::fromUtf8(js.readAll());
        script.replace(QStringLiteral("AS_URL"), u'\'' + qEnvironmentVariable("AS_RAW_URL") + u'\'')
            .replace(QStringLiteral("AS_TOTAL"), QString::number(size))
            .replace(QStringLiteral("AS_WORKERS"), QString::number(std::max(1, workers)))
            .replace(QStringLiteral("AS_MODE"), u'\'' + ceiling + u'\'');
        const QJsonValue started = browser.eval(script);
        if (started.toBool() != true) {
            std::fprintf(stderr, "bench-share-browser: the ceiling script did not start: %s\n",
                qPrintable(QString::fromUtf8(
                    QJsonDocument(QJsonObject { { QStringLiteral("v"), started } }).toJson(QJsonDocument::Compact))));
            return 1;
        }
    } else if (const QString raw = qEnvironmentVariable("AS_RAW_URL"); !raw.isEmpty())
        browser.eval(QStringLiteral("(() => { const a = document.createElement('a'); a.href = '%1'; a.download = '%2';"
                                    " document.body.appendChild(a); a.click(); return true; })()")
                         .arg(raw, a[3]));
    else
        browser.eval(QStringLiteral("document.getElementById('download').click(), true"));
    QDeadlineTimer deadline(600000);
    QString ceilingEnd; // 'done' or the error
    const auto finished = [&]() {
        if (ceiling.isEmpty())
            return QFileInfo(file).exists() && QFileInfo(file).size() == size;
        ceilingEnd = browser.eval(QStringLiteral("document.documentElement.dataset.ceiling || ''")).toString();
        return !ceilingEnd.isEmpty();
    };
    for (int tick = 1; !finished() && !deadline.hasExpired(); ++tick) {
        browser.pump(50);
        sample();
        if (tick % 5 == 0) {
            for (const auto& [pid, type] : browser.processes()) // workers' renderers come and go
                watched.emplace(pid, type);
            cpu.sample(watched);
        }
    }
    cpu.sample(watched);
    const double seconds = clock.nsecsElapsed() / 1e9;
    const QString state = browser.eval(QStringLiteral("document.documentElement.dataset.state")).toString();
    // Which way the page saved (opfs | stream | memory) and where its time went (share.js data-waits).
    const QString saver = browser.eval(QStringLiteral("document.documentElement.dataset.saver || ''")).toString();
    const QString waits = browser.eval(QStringLiteral("document.documentElement.dataset.waits || '{}'")).toString();
    const QString timeline = browser.eval(QStringLiteral("document.documentElement.dataset.timeline || '{}'")).toString();
    if (!ceiling.isEmpty() && ceilingEnd != u"done") {
        std::fprintf(stderr, "bench-share-browser: the ceiling run failed: %s\n", qPrintable(ceilingEnd));
        return 1;
    }
    if (deadline.hasExpired()) {
        std::fprintf(stderr, "bench-share-browser: no complete file (state %s)\n", qPrintable(state));
        return 1;
    }
    std::printf("{\"seconds\": %.3f, \"mb_per_s\": %.1f, \"renderer_idle_mb\": %.1f, \"renderer_peak_mb\": %.1f, "
                "\"renderer_sum_peak_mb\": %.1f, \"state\": \"%s\", \"saver\": \"%s\", \"waits_ms\": %s, "
                "\"timeline_ms\": %s, \"cpu_s\": %s}\n",
        seconds, size / 1e6 / seconds, idleSum / 1e6, peakOne / 1e6, peakSum / 1e6, qPrintable(state), qPrintable(saver),
        qPrintable(waits), qPrintable(timeline), qPrintable(cpu.json(cpuBefore)));
    return 0;
}
