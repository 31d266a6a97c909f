#include "core/transfer/WebSeedFallback.h"

namespace as::transfer {

WebSeedFallback::WebSeedFallback()
    : WebSeedFallback(Config {})
{ }

WebSeedFallback::WebSeedFallback(Config config)
    : m_config(config)
{ }

void WebSeedFallback::start(qint64 nowMs, qint64 bytesDone)
{
    m_started = true;
    m_startMs = nowMs;
    m_lastPeerMs = -1;
    m_lastProgressMs = nowMs;
    m_lastBytes = bytesDone;
    m_windowStartMs = nowMs;
    m_windowStartBytes = bytesDone;
    m_reason = Reason::None;
}

WebSeedFallback::Reason WebSeedFallback::update(const Sample& s)
{
    if (!m_started)
        start(s.nowMs, s.bytesDone);
    if (m_reason != Reason::None)
        return m_reason; // decided once; the web seed stays until start() judges afresh
    if (s.bytesTotal > 0 && s.bytesDone >= s.bytesTotal)
        return Reason::None; // complete: nothing falls short

    if (s.peers > 0)
        m_lastPeerMs = s.nowMs;
    if (s.bytesDone > m_lastBytes) {
        m_lastBytes = s.bytesDone;
        m_lastProgressMs = s.nowMs;
    }

    // Nobody else holds it: the grace period is for peers to show up, and none will (no idle waiting).
    if (s.noOtherHolder && s.peers == 0 && m_lastPeerMs < 0)
        return m_reason = Reason::NoHolders;

    const qint64 sinceStart = s.nowMs - m_startMs;
    if (sinceStart < m_config.graceMs)
        return Reason::None;

    // No peer now, and none for noPeersAfterMs (counted from start or from the last peer seen).
    const qint64 peerlessSince = m_lastPeerMs < 0 ? m_startMs : m_lastPeerMs;
    if (s.peers == 0 && s.nowMs - peerlessSince >= m_config.noPeersAfterMs)
        return m_reason = Reason::NoPeers;

    if (s.nowMs - m_lastProgressMs >= m_config.stalledAfterMs)
        return m_reason = Reason::Stalled;

    // Tumbling windows of slowWindowMs: the rate over a whole window below the floor means too slow.
    const qint64 window = s.nowMs - m_windowStartMs;
    if (m_config.slowWindowMs > 0 && window >= m_config.slowWindowMs) {
        const double rate = double(s.bytesDone - m_windowStartBytes) * 1000.0 / double(window);
        m_windowStartMs = s.nowMs;
        m_windowStartBytes = s.bytesDone;
        if (rate < double(m_config.minRate))
            return m_reason = Reason::TooSlow;
    }
    return Reason::None;
}

QString WebSeedFallback::reasonName(Reason reason)
{
    switch (reason) {
    case Reason::None:
        return QStringLiteral("none");
    case Reason::NoHolders:
        return QStringLiteral("no-holders");
    case Reason::NoPeers:
        return QStringLiteral("no-peers");
    case Reason::Stalled:
        return QStringLiteral("stalled");
    case Reason::TooSlow:
        return QStringLiteral("too-slow");
    }
    return QStringLiteral("none");
}

} // namespace as::transfer
