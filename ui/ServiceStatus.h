#pragma once
// What the service is doing, in one place for every widget: the engine's last NodeStatus (from
// statusChanged, and refreshed with `status` on a timer so a quiet engine is noticed), the tray state it
// implies, and whether the engine answers at all. Mode changes are reported once, when they happen.
// In peer-only mode it also knows which standby master serves (docs/outage.md), from the typed status reply.

#include "core/api/Types.h"

#include <QObject>
#include <QTimer>

namespace as {
class EngineApi;
}

namespace as::ui {

enum class TrayState { Normal, Transferring, PeerOnly, Paused, Error, SignedOut };

// What is known about the data center, for every text that speaks of it.
enum class DcState {
    None,        // not logged in and no DC configured: nothing to say about a DC
    Unknown,     // a DC is configured but no call to it has ended yet
    Reachable,   // its last calls were answered
    Unreachable, // the engine counts it as down (peer-only mode)
};

// Outage mode as the last status reply told it (docs/outage.md).
struct StandbyInfo {
    QString peerId; // the standby master serving while the DC does not answer; empty: none
    QString url;
    int known = 0;  // standby masters in the cached plan
};

class ServiceStatus : public QObject {
    Q_OBJECT
public:
    explicit ServiceStatus(EngineApi* engine, QObject* parent = nullptr);

    const NodeStatus& status() const { return m_status; }
    bool known() const { return m_known; }
    bool engineReachable() const { return m_reachable; }
    QString lastError() const { return m_lastError; }
    bool loggedIn() const { return !m_status.user.isEmpty(); }
    DcState dcState() const;
    const StandbyInfo& standby() const { return m_standby; }
    // Peer-only mode's second half, for the tray tooltip and the status bar: "standby master 1a2b3c4d
    // (127.0.0.1:7001) serves" or "no standby master serves (2 known)"; empty in DC mode.
    QString outageText() const;
    // The DC's availability as this node measured it, or empty while it rests on fewer than
    // kMinDcSamples health samples ("measuring…" in the UI).
    static constexpr int kMinDcSamples = 6;
    bool dcAvailabilityMeasured() const { return m_dcSamples >= kMinDcSamples; }
    int dcAvailabilitySamples() const { return m_dcSamples; }
    // "93.2 %", or "measuring… (2 of 6 checks)": never a figure made of one or two calls.
    static QString dcAvailabilityText(double availability, int samples);

    void setActiveTransfers(int count);
    TrayState trayState() const;

    void setPollInterval(int ms) { m_poll.setInterval(ms); }

public slots:
    void refresh();
    void reportError(const QString& message); // a command failed in a way the user should see in the icon
    void clearError();

signals:
    void changed();
    void modeChanged(as::Mode mode);

private:
    void apply(const NodeStatus& s);

    EngineApi* m_engine;
    NodeStatus m_status;
    bool m_known = false;
    bool m_reachable = true;
    bool m_inFlight = false;
    bool m_dcChecked = true; // an engine without these keys (an older daemon): trust its mode, as before
    int m_dcSamples = kMinDcSamples;
    QString m_lastError;
    StandbyInfo m_standby;
    int m_activeTransfers = 0;
    QTimer m_poll;
};

} // namespace as::ui
