#pragma once
// Storage contribution, like a storage node's dashboard: contributed capacity (adjustable), space used,
// replicas held, bytes served, this node's measured availability and the DC's, and charts over time
// (space used and bytes served; online/offline history) from the engine's `contribution` command: its whole
// history when the view is shown, then what is new every 30 s, with the view's own samples in between.

#include "core/api/Commands.h"
#include "core/api/Types.h"

#include <QList>
#include <QWidget>

class QChartView;
class QDateTimeAxis;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineSeries;
class QProgressBar;
class QTimer;
class QValueAxis;

namespace as::ui {

class EngineActions;

class ContributionView : public QWidget {
    Q_OBJECT
public:
    explicit ContributionView(EngineActions* engine, QWidget* parent = nullptr);

    // The figures shown, by name, for tests and accessibility checks: capacity, used, replicas, served,
    // my_availability, dc_availability, peers.
    QString figure(const QString& name) const;
    int historyPoints() const;
    // The charted points' times (ms since the epoch), oldest first, and how many came from the engine.
    QList<qint64> chartTimes() const;
    int enginePoints() const { return int(m_engineHistory.size()); }

public slots:
    // Asks the engine for what is new since the last point it gave (everything on the first call).
    void refresh();
    // Asks the engine for its whole history again (each time the view is shown).
    void reload();
    void showContribution(const as::api::ContributionReply& result); // a `contribution` answer

signals:
    void capacityChangeRequested(qint64 bytes);
    void refreshed();

protected:
    void showEvent(QShowEvent* e) override;

private:
    struct Point {
        qint64 ms;
        double used, served;
        bool online;
    };
    QLabel* addFigure(QFormLayout* form, const QString& name, const QString& label);
    void applyChartTheme();
    void request(bool whole);
    void showFigures(const api::ContributionReply& result);
    void mergeHistory(const QList<api::ContributionPoint>& history, const NodeStatus& status);
    void drawCharts();

    EngineActions* m_engine;
    QDoubleSpinBox* m_capacity;
    QProgressBar* m_usedBar;
    QHash<QString, QLabel*> m_figures;
    QChartView* m_storageChart;
    QLineSeries* m_used;
    QLineSeries* m_served;
    QDateTimeAxis* m_timeAxis;
    QValueAxis* m_bytesAxis;
    QChartView* m_onlineChart;
    QLineSeries* m_online;
    QDateTimeAxis* m_onlineTimeAxis;
    QTimer* m_timer;
    bool m_inFlight = false;
    bool m_reloadPending = false;
    // The engine's history (ContributionHistory: a point every few minutes, hourly when older), then the
    // samples this view took since the engine's last point, so the chart moves between two engine points.
    // Without any engine history (an older engine), the view's own samples are all there is.
    QList<Point> m_engineHistory;
    QList<Point> m_live;
};

} // namespace as::ui
