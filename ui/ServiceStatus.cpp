#include "ui/ServiceStatus.h"

#include "core/api/EngineApi.h"
#include "ui/Format.h"

#include <QUrl>

namespace as::ui {

ServiceStatus::ServiceStatus(EngineApi* engine, QObject* parent) : QObject(parent), m_engine(engine)
{
    connect(m_engine, &EngineApi::statusChanged, this, &ServiceStatus::apply);
    m_poll.setInterval(5000);
    connect(&m_poll, &QTimer::timeout, this, &ServiceStatus::refresh);
    m_poll.start();
}

void ServiceStatus::refresh()
{
    if (m_inFlight)
        return; // one status call at a time, however slow the engine is
    m_inFlight = true;
    api::ask(*m_engine, api::StatusRequest{}, this, [this](const api::Answer<api::StatusRequest>& status) {
        m_inFlight = false;
        if (status) {
            if (!m_reachable) {
                m_reachable = true;
                m_lastError.clear();
            }
            m_dcChecked = status->dcChecked;
            m_dcSamples = status->dcAvailabilitySamples.value_or(kMinDcSamples);
            m_standby = {status->standbyPeerId, status->standbyUrl, status->standbyMasters};
            apply(status->node);
        } else {
            m_reachable = false;
            m_lastError = status.error().message;
            emit changed();
        }
    });
}

void ServiceStatus::apply(const NodeStatus& s)
{
    const bool modeDiffers = m_known && s.mode != m_status.mode;
    m_status = s;
    m_known = true;
    emit changed();
    if (modeDiffers) {
        emit modeChanged(s.mode);
        refresh(); // a pushed status carries no standby: ask which one serves now
    }
}

void ServiceStatus::setActiveTransfers(int count)
{
    if (count == m_activeTransfers)
        return;
    m_activeTransfers = count;
    emit changed();
}

void ServiceStatus::reportError(const QString& message)
{
    m_lastError = message;
    emit changed();
}

void ServiceStatus::clearError()
{
    if (m_lastError.isEmpty() || !m_reachable)
        return;
    m_lastError.clear();
    emit changed();
}

DcState ServiceStatus::dcState() const
{
    if (!m_known)
        return DcState::Unknown;
    if (!loggedIn() && m_status.dcUrl.isEmpty())
        return DcState::None;
    if (m_status.mode == Mode::P2p)
        return DcState::Unreachable;
    // Before log-in the engine calls no DC at all, so "not down" is no news; after it, the first status
    // may come before any call ended.
    if (!m_dcChecked || !loggedIn())
        return DcState::Unknown;
    return DcState::Reachable;
}

QString ServiceStatus::outageText() const
{
    if (!m_known || m_status.mode != Mode::P2p)
        return {};
    if (m_standby.peerId.isEmpty())
        return tr("no standby master serves (%n known)", nullptr, m_standby.known);
    const QUrl url(m_standby.url);
    const QString where = url.isValid() && !url.host().isEmpty()
        ? url.host() + QLatin1Char(':') + QString::number(url.port())
        : m_standby.url;
    return tr("standby master %1 (%2) serves").arg(m_standby.peerId.left(8), where);
}

QString ServiceStatus::dcAvailabilityText(double availability, int samples)
{
    if (samples < kMinDcSamples)
        return tr("measuring, %1 of %2 checks").arg(samples).arg(kMinDcSamples);
    return Format::percent(availability);
}

TrayState ServiceStatus::trayState() const
{
    if (!m_reachable || !m_lastError.isEmpty())
        return TrayState::Error;
    if (m_status.paused)
        return TrayState::Paused;
    if (m_known && m_status.mode == Mode::P2p && loggedIn())
        return TrayState::PeerOnly;
    if (m_known && !loggedIn())
        return TrayState::SignedOut;
    if (m_activeTransfers > 0)
        return TrayState::Transferring;
    return TrayState::Normal;
}

} // namespace as::ui
