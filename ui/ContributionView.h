#pragma once
// Storage contribution, like a storage node's dashboard: contributed capacity (adjustable), space used,
// replicas held, bytes served, this node's measured availability and the DC's, and charts over time
// (space used and bytes served; online/offline history) from the engine's `contribution` command.

#include "core/api/Types.h"

#include <QJsonArray>
#include <QJsonObject>
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

namespace as {
class EngineApi;
}

namespace as::ui {

class ContributionView : public QWidget {
    Q_OBJECT
public:
    explicit ContributionView(EngineApi* engine, QWidget* parent = nullptr);

    // The figures shown, by name, for tests and accessibility checks: capacity, used, replicas, served,
    // my_availability, dc_availability, peers.
    QString figure(const QString& name) const;
    int historyPoints() const;

public slots:
    void refresh();
    void showContribution(const QJsonObject& result); // a `contribution` answer

signals:
    void capacityChangeRequested(qint64 bytes);
    void refreshed();

protected:
    void showEvent(QShowEvent* e) override;

private:
    QLabel* addFigure(QFormLayout* form, const QString& name, const QString& label);
    void applyChartTheme();

    EngineApi* m_engine;
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
    // Samples taken by this view while the engine gives no history of its own (reset at restart).
    QJsonArray m_localHistory;
};

} // namespace as::ui
