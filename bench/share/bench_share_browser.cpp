// Opens one share link in headless chromium (tests/share/Chromium), clicks Download, and reports the time
// until the file is complete under its name, and the peak resident memory of the browser's renderer
// processes (the page and its service worker) sampled every 50 ms. One JSON line on stdout.
//   bench-share-browser LINK DOWNLOAD-DIR NAME SIZE       (AS_SCREENSHOT=FILE: a PNG of the ready page instead)
// AS_RAW_URL=/data/ID: instead of the page's Download button, a plain link to that URL with a download name
// is clicked (no script in the data path): chromium's own ceiling for a download from the DC.
// AS_NO_OPFS=1: the page is denied the origin-private file system, so it takes its service-worker stream.
#include "tests/share/Chromium.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <cstdio>

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
    QElapsedTimer clock;
    clock.start();
    if (qEnvironmentVariableIntValue("AS_NO_OPFS"))
        browser.eval(QStringLiteral("StorageManager.prototype.getDirectory = undefined, true"));
    if (const QString raw = qEnvironmentVariable("AS_RAW_URL"); !raw.isEmpty())
        browser.eval(QStringLiteral("(() => { const a = document.createElement('a'); a.href = '%1'; a.download = '%2';"
                                    " document.body.appendChild(a); a.click(); return true; })()")
                         .arg(raw, a[3]));
    else
        browser.eval(QStringLiteral("document.getElementById('download').click(), true"));
    QDeadlineTimer deadline(600000);
    while (!(QFileInfo(file).exists() && QFileInfo(file).size() == size) && !deadline.hasExpired()) {
        browser.pump(50);
        sample();
    }
    const double seconds = clock.nsecsElapsed() / 1e9;
    const QString state = browser.eval(QStringLiteral("document.documentElement.dataset.state")).toString();
    // Which way the page saved (opfs | stream | memory) and where its time went (share.js data-waits).
    const QString saver = browser.eval(QStringLiteral("document.documentElement.dataset.saver || ''")).toString();
    const QString waits = browser.eval(QStringLiteral("document.documentElement.dataset.waits || '{}'")).toString();
    if (deadline.hasExpired()) {
        std::fprintf(stderr, "bench-share-browser: no complete file (state %s)\n", qPrintable(state));
        return 1;
    }
    std::printf("{\"seconds\": %.3f, \"mb_per_s\": %.1f, \"renderer_idle_mb\": %.1f, \"renderer_peak_mb\": %.1f, "
                "\"renderer_sum_peak_mb\": %.1f, \"state\": \"%s\", \"saver\": \"%s\", \"waits_ms\": %s}\n",
        seconds, size / 1e6 / seconds, idleSum / 1e6, peakOne / 1e6, peakSum / 1e6, qPrintable(state), qPrintable(saver),
        qPrintable(waits));
    return 0;
}
