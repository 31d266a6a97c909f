#pragma once
// When do peers "fall short" (docs/transfer.md, "Web seed fallback")? The engine downloads from peers
// first and turns to the DC's /data/{id} only when this policy says so. Pure logic: no clock, no sockets;
// the caller passes the time (ms, any monotonic origin) and what the torrent looks like at that moment.

#include <QString>
#include <QtGlobal>

namespace as::transfer {

class WebSeedFallback {
public:
    struct Config {
        qint64 noPeersAfterMs = 5000; // no BitTorrent peer connected this long after start
        qint64 stalledAfterMs = 10000; // no new byte for this long (while peers are connected)
        qint64 minRate = 256 * 1024; // bytes/s: below this, averaged over slowWindowMs ...
        qint64 slowWindowMs = 15000; // ... peers are too slow
        qint64 graceMs = 3000; // nothing is judged in the first graceMs after start
    };

    // NoHolders: the tracker (the DC, which knows every announced and heartbeating holder) answered with no
    // other holder and no remembered holder of this object is left to try: waiting could only lose time.
    enum class Reason { None, NoHolders, NoPeers, Stalled, TooSlow };

    struct Sample {
        qint64 nowMs = 0;
        int peers = 0; // connected BitTorrent peers (not web seeds)
        qint64 bytesDone = 0; // verified bytes held
        qint64 bytesTotal = 0;
        // The tracker answered and named no other holder, and no remembered holder of the object is still
        // being tried (the caller decides how long to give those).
        bool noOtherHolder = false;
    };

    WebSeedFallback();
    explicit WebSeedFallback(Config config);

    // Starts (or restarts) judging at `nowMs`, e.g. when the download was added.
    void start(qint64 nowMs, qint64 bytesDone = 0);

    // Feeds one observation; returns why peers fall short (Reason::None while they do fine or the
    // download is complete). Once it has said something else than None it keeps saying it: the decision
    // to add the web seed is taken once (call start() to judge afresh).
    Reason update(const Sample& sample);

    bool fallsShort() const { return m_reason != Reason::None; }
    Reason reason() const { return m_reason; }
    static QString reasonName(Reason reason); // "none" | "no-holders" | "no-peers" | "stalled" | "too-slow"

    const Config& config() const { return m_config; }

private:
    Config m_config;
    bool m_started = false;
    qint64 m_startMs = 0;
    qint64 m_lastPeerMs = -1; // last time a peer was seen connected (-1: never)
    qint64 m_lastProgressMs = 0; // last time bytesDone grew
    qint64 m_lastBytes = 0;
    qint64 m_windowStartMs = 0; // rate window: bytes at its start
    qint64 m_windowStartBytes = 0;
    Reason m_reason = Reason::None;
};

} // namespace as::transfer
