#pragma once
// The status bar's service indicator: DC reachable or peer-only mode, the DC's measured availability,
// peers online, paused / slow mode. Icon and text, so it reads without colour.

#include <QWidget>

class QLabel;

namespace as::ui {

class ServiceStatus;

class StatusIndicator : public QWidget {
    Q_OBJECT
public:
    explicit StatusIndicator(ServiceStatus* status, QWidget* parent = nullptr);
    QString text() const;

private:
    void update();
    ServiceStatus* m_status;
    QLabel* m_icon;
    QLabel* m_text;
};

} // namespace as::ui
