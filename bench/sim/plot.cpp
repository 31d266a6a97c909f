// amazingstore-sim-plot: draws the simulator's hourly series (amazingstore-sim --series FILE) as a PNG
// with QPainter, offscreen: peer-side availability of both policies (DC outages shaded) and their
// cumulative repair traffic on a log scale. The testbed (docs/testbed.md) draws its own run and the
// simulator's replay with the same program, naming the two lines.
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QStringList>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace {

struct Row {
    double day, online, dcUp, oursPeer, basePeer, oursRep, baseRep, oursBytes, baseBytes;
};

std::vector<Row> readCsv(const QString& path)
{
    std::vector<Row> rows;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return rows;
    f.readLine(); // header
    while (!f.atEnd()) {
        const QList<QByteArray> c = f.readLine().trimmed().split(',');
        if (c.size() < 9)
            continue;
        rows.push_back({ c[0].toDouble(), c[1].toDouble(), c[2].toDouble(), c[3].toDouble(), c[4].toDouble(),
            c[5].toDouble(), c[6].toDouble(), c[7].toDouble(), c[8].toDouble() });
    }
    return rows;
}

struct Panel {
    QRectF area;
    double x0, x1, y0, y1;
    bool logY = false;
    QPointF map(double x, double y) const
    {
        const double fy = logY ? (std::log10(std::max(y, y0)) - std::log10(y0)) / (std::log10(y1) - std::log10(y0))
                               : (y - y0) / (y1 - y0);
        return { area.left() + (x - x0) / (x1 - x0) * area.width(),
            area.bottom() - std::clamp(fy, 0.0, 1.0) * area.height() };
    }
};

void drawAxes(QPainter& p, const Panel& panel, const QString& title, const QStringList& yTicks,
    const std::vector<double>& yValues)
{
    p.setPen(QPen(Qt::black, 1));
    p.drawRect(panel.area);
    p.drawText(QRectF(panel.area.left(), panel.area.top() - 26, panel.area.width(), 22), Qt::AlignLeft, title);
    for (std::size_t i = 0; i < yValues.size(); ++i) {
        const QPointF at = panel.map(panel.x0, yValues[i]);
        p.setPen(QPen(QColor(220, 220, 220), 1));
        p.drawLine(at, QPointF(panel.area.right(), at.y()));
        p.setPen(Qt::black);
        p.drawText(QRectF(at.x() - 78, at.y() - 9, 72, 18), Qt::AlignRight | Qt::AlignVCenter, yTicks[qsizetype(i)]);
    }
    const int step = panel.x1 - panel.x0 > 10 ? 5 : 1;
    for (int d = int(std::ceil(panel.x0 / step)) * step; d <= int(panel.x1); d += step) {
        const QPointF at = panel.map(d, panel.y0);
        p.drawLine(at, at + QPointF(0, 4));
        p.drawText(QRectF(at.x() - 20, at.y() + 4, 40, 16), Qt::AlignCenter, QString::number(d));
    }
}

void drawSeries(
    QPainter& p, const Panel& panel, const std::vector<Row>& rows, double Row::*field, QColor color, double scale = 1)
{
    QPainterPath path;
    bool first = true;
    for (const Row& r : rows) {
        if (panel.logY && r.*field * scale < panel.y0)
            continue;
        const QPointF pt = panel.map(r.day, r.*field * scale);
        first ? path.moveTo(pt) : path.lineTo(pt);
        first = false;
    }
    p.setPen(QPen(color, 1.6));
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
}

void legend(QPainter& p, QPointF at, const QList<QPair<QString, QColor>>& items)
{
    for (const auto& [text, color] : items) {
        p.fillRect(QRectF(at.x(), at.y() - 5, 18, 4), color);
        p.setPen(Qt::black);
        p.drawText(at + QPointF(24, 4), text);
        at += QPointF(0, 16);
    }
}

QString decade(double bytes)
{
    static const char* units[] = { "B", "kB", "MB", "GB", "TB", "PB" };
    const int exp = int(std::lround(std::log10(bytes)));
    return QStringLiteral("%1 %2").arg(int(std::pow(10, exp % 3))).arg(QLatin1String(units[std::min(exp / 3, 5)]));
}

} // namespace

void markMeasurementStart(QPainter& p, const Panel& panel, double day)
{
    if (day <= panel.x0 || day >= panel.x1)
        return;
    const QPointF bottom = panel.map(day, panel.y0);
    p.setPen(QPen(Qt::black, 1, Qt::DashLine));
    p.drawLine(bottom, QPointF(bottom.x(), panel.area.top()));
    p.drawText(QPointF(bottom.x() + 4, panel.area.top() + 14), QStringLiteral("measurement starts"));
}

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList args = QGuiApplication::arguments();
    if (args.size() < 3 || args.size() > 6 || args.size() == 5 || args[1] == u"--help") {
        std::fputs("usage: amazingstore-sim-plot SERIES.csv OUT.png [MEASUREMENT-START-DAY [OURS-LABEL OTHER-LABEL]]\n",
            args.size() == 2 && args[1] == u"--help" ? stdout : stderr);
        return args.size() == 2 && args[1] == u"--help" ? 0 : 2;
    }
    const std::vector<Row> rows = readCsv(args[1]);
    if (rows.empty()) {
        std::fprintf(stderr, "amazingstore-sim-plot: no data in %s\n", qPrintable(args[1]));
        return 1;
    }
    QImage image(1200, 800, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    QFont font = p.font();
    font.setPixelSize(13);
    p.setFont(font);
    const double x0 = rows.front().day, x1 = rows.back().day;
    const double measureStart = args.size() >= 4 ? args[3].toDouble() : 7.0;
    const QString oursLabel = args.size() == 6 ? args[4] : QStringLiteral("AmazingStore policy");
    const QString otherLabel = args.size() == 6 ? args[5] : QStringLiteral("fixed-timeout baseline");
    const QColor ours(0, 114, 178), base(213, 94, 0), grey(120, 120, 120);

    Panel top { QRectF(100, 50, 1060, 300), x0, x1, 0.0, 1.0 };
    for (const Row& r : rows) // DC outages: shaded hours
        if (r.dcUp < 0.5)
            p.fillRect(QRectF(top.map(r.day - 1.0 / 24, 1).x(), top.area.top(), top.area.width() / (x1 - x0) / 24 + 1,
                           top.area.height()),
                QColor(255, 210, 210));
    drawAxes(p, top, QStringLiteral("Objects with at least one replica holder online (red: DC down)"),
        { QStringLiteral("0%"), QStringLiteral("25%"), QStringLiteral("50%"), QStringLiteral("75%"),
            QStringLiteral("100%") },
        { 0, 0.25, 0.5, 0.75, 1.0 });
    double maxOnline = 1;
    for (const Row& r : rows)
        maxOnline = std::max(maxOnline, r.online);
    drawSeries(p, top, rows, &Row::online, grey, 1.0 / maxOnline);
    drawSeries(p, top, rows, &Row::basePeer, base);
    drawSeries(p, top, rows, &Row::oursPeer, ours);
    markMeasurementStart(p, top, measureStart);
    legend(p, QPointF(880, 300),
        { { oursLabel, ours }, { otherLabel, base },
            { QStringLiteral("online users (scaled to peak %1)").arg(maxOnline), grey } });

    // Six decades up to the largest total (1 GB … 1 PB for the simulator's full scale).
    double maxBytes = 1e6;
    for (const Row& r : rows)
        maxBytes = std::max({ maxBytes, r.oursBytes, r.baseBytes });
    const double hi = std::pow(10, std::ceil(std::log10(maxBytes)));
    Panel bottom { QRectF(100, 430, 1060, 300), x0, x1, hi / 1e6, hi, true };
    QStringList tickLabels;
    std::vector<double> ticks;
    for (double v = hi / 1e6; v <= hi * 1.01; v *= 10) {
        ticks.push_back(v);
        tickLabels << decade(v);
    }
    drawAxes(p, bottom, QStringLiteral("Cumulative repair traffic (log scale)"), tickLabels, ticks);
    drawSeries(p, bottom, rows, &Row::baseBytes, base);
    drawSeries(p, bottom, rows, &Row::oursBytes, ours);
    markMeasurementStart(p, bottom, measureStart);
    p.setPen(Qt::black);
    p.drawText(QRectF(100, 750, 1060, 20), Qt::AlignCenter, QStringLiteral("simulated day"));
    p.end();
    if (!image.save(args[2], "PNG")) {
        std::fprintf(stderr, "amazingstore-sim-plot: cannot write %s\n", qPrintable(args[2]));
        return 1;
    }
    return 0;
}
