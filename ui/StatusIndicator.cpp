#include "ui/StatusIndicator.h"

#include "ui/Format.h"
#include "ui/Icons.h"
#include "ui/ServiceStatus.h"

#include <QHBoxLayout>
#include <QLabel>

namespace as::ui {

StatusIndicator::StatusIndicator(ServiceStatus* status, QWidget* parent) : QWidget(parent), m_status(status)
{
    m_icon = new QLabel(this);
    m_text = new QLabel(this);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_icon);
    layout->addWidget(m_text);
    connect(m_status, &ServiceStatus::changed, this, &StatusIndicator::update);
    update();
}

QString StatusIndicator::text() const { return m_text->text(); }

void StatusIndicator::update()
{
    const int px = fontMetrics().height();
    m_icon->setPixmap(trayIcon(m_status->trayState()).pixmap(QSize(px, px), devicePixelRatioF()));
    const NodeStatus& s = m_status->status();
    QString text;
    if (!m_status->engineReachable()) {
        text = tr("Engine not answering: %1").arg(m_status->lastError());
    } else if (!m_status->known()) {
        text = tr("Connecting…");
    } else if (s.user.isEmpty()) {
        // Not logged in: the engine talks to no DC, so nothing may be claimed about one.
        text = tr("Not logged in");
        if (m_status->dcState() == DcState::Unreachable)
            text += tr(" · the data center %1 does not answer").arg(s.dcUrl);
    } else {
        switch (m_status->dcState()) {
        case DcState::Unreachable:
            text = tr("Peer-only mode: the data center is unreachable; %n peer(s) online", nullptr, s.onlinePeers)
                + tr(" · %1").arg(m_status->outageText());
            break;
        case DcState::None:
        case DcState::Unknown:
            text = tr("Connecting to the data center…");
            break;
        case DcState::Reachable:
            text = tr("Data center reachable (availability %1) · %n peer(s) online", nullptr, s.onlinePeers)
                       .arg(ServiceStatus::dcAvailabilityText(s.dcAvailability, m_status->dcAvailabilitySamples()));
            break;
        }
    }
    if (s.paused)
        text += tr(" · paused");
    if (s.slowMode)
        text += tr(" · slow mode");
    m_text->setText(text);
    setAccessibleName(text);
}

} // namespace as::ui
