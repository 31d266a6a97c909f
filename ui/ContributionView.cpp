#include "ui/ContributionView.h"

#include "ui/EngineActions.h"
#include "ui/Format.h"
#include "ui/ServiceStatus.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

namespace as::ui {
namespace {
constexpr double kGB = 1000.0 * 1000.0 * 1000.0;

QChartView* makeChart(const QString& title, QWidget* parent)
{
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(180);
    view->setAccessibleName(title);
    return view;
}
} // namespace

ContributionView::ContributionView(EngineActions* engine, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
{
    m_capacity = new QDoubleSpinBox(this);
    m_capacity->setRange(0, 100000);
    m_capacity->setDecimals(1);
    m_capacity->setSuffix(tr(" GB"));
    m_capacity->setAccessibleName(tr("Contributed capacity"));
    m_capacity->setKeyboardTracking(false);
    auto* applyCapacity = new QPushButton(tr("&Apply"), this);
    applyCapacity->setAccessibleName(tr("Apply contributed capacity"));
    connect(applyCapacity, &QPushButton::clicked, this,
        [this] { emit capacityChangeRequested(qint64(m_capacity->value() * kGB)); });
    auto* capacityRow = new QHBoxLayout;
    capacityRow->addWidget(m_capacity, 1);
    capacityRow->addWidget(applyCapacity);

    m_usedBar = new QProgressBar(this);
    m_usedBar->setRange(0, 1000);
    m_usedBar->setAccessibleName(tr("Space used of the contributed capacity"));

    auto* box = new QGroupBox(tr("My contribution"), this);
    auto* form = new QFormLayout(box);
    auto* capLabel = new QLabel(tr("Contributed &capacity:"), box);
    capLabel->setBuddy(m_capacity);
    form->addRow(capLabel, capacityRow);
    form->addRow(tr("Space used:"), m_usedBar);
    addFigure(form, QStringLiteral("capacity"), tr("Capacity given:"));
    addFigure(form, QStringLiteral("used"), tr("Used:"));
    addFigure(form, QStringLiteral("replicas"), tr("Replicas held:"));
    addFigure(form, QStringLiteral("served"), tr("Served to peers:"));
    addFigure(form, QStringLiteral("my_availability"), tr("My node's availability:"));
    addFigure(form, QStringLiteral("dc_availability"), tr("Data center availability:"));
    addFigure(form, QStringLiteral("peers"), tr("Peers online:"));

    m_storageChart = makeChart(tr("Storage over time"), this);
    m_used = new QLineSeries;
    m_used->setName(tr("Space used (GB)"));
    m_served = new QLineSeries;
    m_served->setName(tr("Served to peers (GB)"));
    QChart* sc = m_storageChart->chart();
    sc->addSeries(m_used);
    sc->addSeries(m_served);
    m_timeAxis = new QDateTimeAxis;
    m_timeAxis->setFormat(QStringLiteral("MM-dd hh:mm"));
    m_bytesAxis = new QValueAxis;
    m_bytesAxis->setLabelFormat(QStringLiteral("%.2f"));
    sc->addAxis(m_timeAxis, Qt::AlignBottom);
    sc->addAxis(m_bytesAxis, Qt::AlignLeft);
    for (QLineSeries* s : { m_used, m_served }) {
        s->attachAxis(m_timeAxis);
        s->attachAxis(m_bytesAxis);
    }

    m_onlineChart = makeChart(tr("Online over time"), this);
    m_online = new QLineSeries;
    m_online->setName(tr("Online (1) / offline (0)"));
    m_onlineChart->chart()->addSeries(m_online);
    m_onlineTimeAxis = new QDateTimeAxis;
    m_onlineTimeAxis->setFormat(QStringLiteral("MM-dd hh:mm"));
    auto* onlineAxis = new QValueAxis;
    onlineAxis->setRange(0, 1.05);
    onlineAxis->setTickCount(2);
    onlineAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_onlineChart->chart()->addAxis(m_onlineTimeAxis, Qt::AlignBottom);
    m_onlineChart->chart()->addAxis(onlineAxis, Qt::AlignLeft);
    m_online->attachAxis(m_onlineTimeAxis);
    m_online->attachAxis(onlineAxis);

    auto* charts = new QVBoxLayout;
    charts->addWidget(m_storageChart, 2);
    charts->addWidget(m_onlineChart, 1);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(box);
    layout->addLayout(charts, 1);
    applyChartTheme();

    m_timer = new QTimer(this);
    m_timer->setInterval(30000);
    connect(m_timer, &QTimer::timeout, this, &ContributionView::refresh);
    m_timer->start();
}

QLabel* ContributionView::addFigure(QFormLayout* form, const QString& name, const QString& label)
{
    auto* value = new QLabel(QStringLiteral("—"), this);
    value->setObjectName(name);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setAccessibleName(label);
    form->addRow(label, value);
    m_figures.insert(name, value);
    return value;
}

QString ContributionView::figure(const QString& name) const
{
    const QLabel* l = m_figures.value(name);
    return l ? l->text() : QString();
}

int ContributionView::historyPoints() const
{
    return int(m_used->count());
}

QList<qint64> ContributionView::chartTimes() const
{
    QList<qint64> out;
    for (const QPointF& p : m_used->points())
        out.append(qint64(p.x()));
    return out;
}

void ContributionView::applyChartTheme()
{
    // Follow the system palette: a dark window gets the dark chart theme.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    for (QChartView* v : { m_storageChart, m_onlineChart }) {
        v->chart()->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        v->chart()->setBackgroundBrush(palette().brush(QPalette::Base));
        v->chart()->setTitleBrush(palette().brush(QPalette::Text));
        v->chart()->legend()->setLabelBrush(palette().brush(QPalette::Text));
    }
}

void ContributionView::showEvent(QShowEvent* e)
{
    QWidget::showEvent(e);
    reload();
}

void ContributionView::refresh()
{
    request(false);
}

void ContributionView::reload()
{
    request(true);
}

void ContributionView::request(bool whole)
{
    if (m_inFlight) {
        m_reloadPending = m_reloadPending || whole;
        return;
    }
    m_inFlight = true;
    api::ContributionRequest request;
    if (!whole && !m_engineHistory.isEmpty())
        request.since = m_engineHistory.last().ms / 1000;
    m_engine->ask(request, this, [this, whole](const api::Answer<api::ContributionRequest>& answer) {
        m_inFlight = false;
        if (answer) {
            if (whole)
                m_engineHistory.clear();
            showContribution(*answer);
        }
        if (m_reloadPending) {
            m_reloadPending = false;
            reload();
        }
    });
}

void ContributionView::showContribution(const api::ContributionReply& result)
{
    showFigures(result);
    mergeHistory(result.history, result.status.node);
    drawCharts();
    emit refreshed();
}

void ContributionView::showFigures(const api::ContributionReply& result)
{
    const NodeStatus& s = result.status.node;
    if (!m_capacity->hasFocus())
        m_capacity->setValue(double(s.capacityBytes) / kGB);
    m_usedBar->setValue(s.capacityBytes > 0 ? int(1000.0 * double(s.usedBytes) / double(s.capacityBytes)) : 0);
    m_usedBar->setFormat(tr("%1 of %2").arg(Format::bytes(s.usedBytes), Format::bytes(s.capacityBytes)));
    m_figures[QStringLiteral("capacity")]->setText(Format::bytes(s.capacityBytes));
    m_figures[QStringLiteral("used")]->setText(Format::bytes(s.usedBytes));
    m_figures[QStringLiteral("replicas")]->setText(QString::number(s.replicasHeld));
    m_figures[QStringLiteral("served")]->setText(Format::bytes(s.bytesServed));
    // The DC's figure when it has one; else the engine's own, from its history (an older engine says neither).
    QLabel* mine = m_figures[QStringLiteral("my_availability")];
    if (result.myAvailabilitySource == api::AvailabilitySource::History) {
        mine->setText(tr("%1 (measured by this node)").arg(Format::percent(s.myAvailability)));
        mine->setToolTip(tr("The share of time this node was online (the data center answered it, or it served "
                            "peers) since it began contributing, over at most 30 days. The data center has not "
                            "given its own figure yet."));
    } else if (result.myAvailabilitySource == api::AvailabilitySource::None) {
        mine->setText(tr("Not measured yet"));
        mine->setToolTip(tr("This node has not contributed long enough to measure its availability."));
    } else {
        mine->setText(Format::percent(s.myAvailability));
        mine->setToolTip(tr("This node's availability as the data center measures it from its heartbeats."));
    }
    const int samples = result.status.dcAvailabilitySamples.value_or(ServiceStatus::kMinDcSamples);
    m_figures[QStringLiteral("dc_availability")]->setText(ServiceStatus::dcAvailabilityText(s.dcAvailability, samples));
    m_figures[QStringLiteral("dc_availability")]->setToolTip(
        tr("The data center's availability as this node measured it over the last 7 days (%n check(s)).", nullptr, samples));
    m_figures[QStringLiteral("peers")]->setText(QString::number(s.onlinePeers));
}

void ContributionView::mergeHistory(const QList<api::ContributionPoint>& history, const NodeStatus& s)
{
    for (const api::ContributionPoint& p : history) {
        if (!p.t.isValid())
            continue;
        const Point pt { p.t.toMSecsSinceEpoch(), double(p.usedBytes), double(p.bytesServed), p.online };
        // Only what is newer than what the view has (an engine may ignore `since`).
        if (m_engineHistory.isEmpty() || pt.ms > m_engineHistory.last().ms)
            m_engineHistory.append(pt);
    }
    const qint64 lastEngine = m_engineHistory.isEmpty() ? 0 : m_engineHistory.last().ms;
    m_live.removeIf([lastEngine](const Point& p) { return p.ms <= lastEngine; });
    // This view's own sample of now, unless the engine's newest point is just as fresh.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - lastEngine > 1000) {
        const double prevServed = !m_live.isEmpty() ? m_live.last().served
            : !m_engineHistory.isEmpty()            ? m_engineHistory.last().served
                                                    : double(s.bytesServed);
        m_live.append({ now, double(s.usedBytes), double(s.bytesServed),
            s.mode == Mode::Dc || double(s.bytesServed) > prevServed });
        if (m_live.size() > 2880) // a day of 30 s samples
            m_live.removeFirst();
    }
}

void ContributionView::drawCharts()
{
    const QList<Point> points = m_engineHistory + m_live;
    double maxBytes = 0;
    for (const Point& p : points)
        maxBytes = std::max({ maxBytes, p.used, p.served });
    // GB when there is that much, MB otherwise, so the axis labels say something.
    const bool gb = maxBytes >= 1e9;
    const double unit = gb ? 1e9 : 1e6;
    m_used->setName(gb ? tr("Space used (GB)") : tr("Space used (MB)"));
    m_served->setName(gb ? tr("Served to peers (GB)") : tr("Served to peers (MB)"));
    QList<QPointF> used, served, online;
    qint64 tMin = points.isEmpty() ? 0 : points.first().ms, tMax = tMin;
    for (const Point& p : points) {
        tMin = std::min(tMin, p.ms);
        tMax = std::max(tMax, p.ms);
        used.append({ double(p.ms), p.used / unit });
        served.append({ double(p.ms), p.served / unit });
        online.append({ double(p.ms), p.online ? 1.0 : 0.0 });
    }
    m_used->replace(used);
    m_served->replace(served);
    m_online->replace(online);
    if (!points.isEmpty()) {
        if (tMax - tMin < 120000) { // at least two minutes wide
            tMin -= 60000;
            tMax += 60000;
        }
        // Days for long histories, seconds for a node that has just started (else the labels repeat).
        const qint64 span = tMax - tMin;
        const QString format = span > 2 * 86400000LL ? QStringLiteral("MM-dd")
            : span < 600000                          ? QStringLiteral("hh:mm:ss")
                                                     : QStringLiteral("hh:mm");
        for (QDateTimeAxis* axis : { m_timeAxis, m_onlineTimeAxis }) {
            axis->setRange(QDateTime::fromMSecsSinceEpoch(tMin), QDateTime::fromMSecsSinceEpoch(tMax));
            axis->setFormat(format);
        }
    }
    const double yMax = std::max(1.0, maxBytes / unit * 1.1);
    m_bytesAxis->setRange(0, yMax);
    m_bytesAxis->applyNiceNumbers();
    m_bytesAxis->setLabelFormat(yMax < 10 ? QStringLiteral("%.2g") : QStringLiteral("%.0f"));
    // Markers, so that the first samples (a line needs two) are visible too.
    const bool few = points.size() < 30;
    for (QLineSeries* series : { m_used, m_served, m_online })
        series->setPointsVisible(few);
}

} // namespace as::ui
