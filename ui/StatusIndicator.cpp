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
    if (!m_status->engineReachable())
        text = tr("Engine not answering: %1").arg(m_status->lastError());
    else if (!m_status->known())
        text = tr("Connecting…");
    else if (s.mode == Mode::P2p)
        text = tr("Peer-only mode: the data center is unreachable; %n peer(s) online", nullptr, s.onlinePeers);
    else
        text = tr("Data center reachable (availability %1) · %n peer(s) online", nullptr, s.onlinePeers)
                   .arg(Format::percent(s.dcAvailability));
    if (m_status->known() && s.user.isEmpty())
        text += tr(" · not logged in");
    if (s.paused)
        text += tr(" · paused");
    if (s.slowMode)
        text += tr(" · slow mode");
    m_text->setText(text);
    setAccessibleName(text);
}

} // namespace as::ui
