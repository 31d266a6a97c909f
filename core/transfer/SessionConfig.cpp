// SessionSettings → libtorrent settings_pack, and BandwidthControl. libtorrent TU.
#include "core/transfer/SessionCore.h"

#include <libtorrent/alert.hpp>
#include <libtorrent/ip_filter.hpp>
#include <libtorrent/settings_pack.hpp>

namespace lt = libtorrent;

namespace as::transfer {

namespace {

// Where the session listens, how it names itself, and the alerts the engine reads.
void setIdentityAndAlerts(lt::settings_pack& p, const SessionSettings& s)
{
    // "0.0.0.0", "::" or a comma-separated list of addresses, all on the same port.
    QStringList listen;
    for (QString iface : s.listenInterface.split(u',', Qt::SkipEmptyParts)) {
        iface = iface.trimmed();
        if (iface.contains(u':') && !iface.startsWith(u'['))
            iface = QStringLiteral("[%1]").arg(iface);
        listen.append(QStringLiteral("%1:%2").arg(iface).arg(s.listenPort));
    }
    p.set_str(lt::settings_pack::listen_interfaces, listen.join(u',').toStdString());
    p.set_str(lt::settings_pack::peer_fingerprint, "-AS0100-");
    p.set_str(lt::settings_pack::user_agent, "AmazingStore/0.1 libtorrent/" LIBTORRENT_VERSION);
    p.set_int(lt::settings_pack::alert_queue_size, s.alertQueueSize);
    // block_progress: bytes by source (docs/transfer.md); piece_progress: who sent a failed piece;
    // connect: which peers we dialled (their endpoints are listen ports: holders worth remembering).
    p.set_int(lt::settings_pack::alert_mask,
        int(lt::alert_category::status | lt::alert_category::error | lt::alert_category::storage
            | lt::alert_category::dht | lt::alert_category::dht_operation | lt::alert_category::tracker | lt::alert_category::peer
            | lt::alert_category::block_progress | lt::alert_category::piece_progress | lt::alert_category::connect));
}

void setDht(lt::settings_pack& p, const SessionSettings& s)
{
    p.set_bool(lt::settings_pack::enable_dht, s.dht);
    QStringList nodes = s.dhtBootstrapNodes;
    // Remembered routing-table nodes bootstrap the DHT beside the routers. Given as session_params::dht_state
    // instead, a session without routers never bootstrapped from them (libtorrent 2.0.8, test_transfer_outage).
    for (const QString& n : s.dhtNodes)
        if (!nodes.contains(n))
            nodes.append(n);
    p.set_str(lt::settings_pack::dht_bootstrap_nodes, nodes.join(u',').toStdString());
    p.set_int(lt::settings_pack::dht_announce_interval, std::max(1, s.dhtAnnounceIntervalS));
}

// What the node may contact and how soon it dials and gives up (libtorrent's defaults suit public swarms).
void setNetworkHygiene(lt::settings_pack& p, const SessionSettings& s)
{
    // A node contacts only hosts it was configured with or learnt from the DC and its peers
    // (docs/transfer.md, "Network hygiene"): libtorrent's defaults multicast (LSD, SSDP) and talk to the
    // gateway (NAT-PMP) in every mode, and its default bootstrap node is a public host, so each of these
    // is set explicitly, the bootstrap list even when empty.
    const bool lan = s.lanMode;
    p.set_bool(lt::settings_pack::enable_lsd, !lan && s.localPeerDiscovery);
    p.set_bool(lt::settings_pack::enable_upnp, !lan && s.portMapping);
    p.set_bool(lt::settings_pack::enable_natpmp, !lan && s.portMapping);
    // On shutdown libtorrent tells the trackers it stops and waits for them (5 s by default); the tracker is
    // the DC, and when the DC is down that wait only delays a CLI command's exit.
    p.set_int(lt::settings_pack::stop_tracker_timeout, 1);
    // libtorrent dials new peers, and hands out bandwidth quota, once per tick (500 ms by default): a
    // loopback download of 1 GiB dialled its four seeders only ~550 ms after it was added, a third of its
    // time. 100 ms (the value libtorrent's documentation suggests for finer quota) dials within 150-200 ms;
    // an idle seeding session still uses ~0.1 % of a core either way (docs/transfer.md).
    p.set_int(lt::settings_pack::tick_interval, 100);
    // The only web seed is the DC, which checked every piece against the torrent before it published the
    // object: when a piece it shared with a peer fails, the peer is the culprit. Banned, the DC could no
    // longer rescue a download that a corrupt peer keeps spoiling.
    p.set_bool(lt::settings_pack::ban_web_seeds, false);
    // libtorrent closes a web seed connection when it has nothing to ask of it (every missing block already
    // requested from peers) and waits urlseed_wait_retry (30 s) before it reconnects: made for third-party
    // mirrors. Ours is the DC, added because peers fall short; it must be back within seconds.
    p.set_int(lt::settings_pack::urlseed_wait_retry, 3);
    // Outgoing connections are TCP in every mode. libtorrent dials uTP first when allowed, and a node in LAN
    // mode (no uTP) never answers that SYN: the dialler then waited libtorrent's 3 s uTP connect timeout
    // before it tried TCP (a 2 MB get from a seeding owner took ~3.3 s). libtorrent has no per-peer choice
    // (torrent_peer::supports_utp starts true for every peer), so the choice is global; incoming uTP stays
    // accepted outside LAN mode for other clients.
    p.set_bool(lt::settings_pack::enable_outgoing_utp, false);
}

// LAN mode: no uTP at all, and the DHT and reconnect limits that assume one peer per address relaxed.
void setLanTuning(lt::settings_pack& p)
{
    // uTP gave 6.5 MB/s on loopback against ~270 MB/s for TCP (docs/transfer.md, "Settings").
    p.set_bool(lt::settings_pack::enable_incoming_utp, false);
    p.set_bool(lt::settings_pack::allow_multiple_connections_per_ip, true);
    p.set_bool(lt::settings_pack::dht_restrict_routing_ips, false);
    p.set_bool(lt::settings_pack::dht_restrict_search_ips, false);
    p.set_bool(lt::settings_pack::dht_ignore_dark_internet, false);
    // Two peers that find each other at once (DHT) dial each other at once; libtorrent may drop both
    // connections as duplicates and waits min_reconnect_time (60 s) before retrying: cheap on a LAN.
    p.set_int(lt::settings_pack::min_reconnect_time, 2);
    // libtorrent's DHT blocks an IP that sends more than 5 packets/s (for 5 minutes). Behind one address
    // (a loopback test swarm of eight daemons, a LAN behind NAT) that is every peer at once: the node the
    // others bootstrap from stopped answering anyone, so a profile that never met the swarm found nobody
    // while the DC was down (tests/outage).
    p.set_int(lt::settings_pack::dht_block_ratelimit, 1000);
}

// Buffers, queues and the engine's own control of what runs.
void setThroughput(lt::settings_pack& p, const SessionSettings& s)
{
    if (s.highPerformance) {
        p.set_int(lt::settings_pack::send_buffer_low_watermark, 1024 * 1024);
        p.set_int(lt::settings_pack::send_buffer_watermark, 8 * 1024 * 1024);
        p.set_int(lt::settings_pack::send_buffer_watermark_factor, 150);
        p.set_int(lt::settings_pack::max_out_request_queue, 1500);
    }
    const int diskBuffer = s.highPerformance ? std::max(s.diskWriteBufferBytes, 192 * 1024 * 1024) : s.diskWriteBufferBytes;
    p.set_int(lt::settings_pack::max_queued_disk_bytes, std::max(16 * 1024, diskBuffer));
    // The engine decides what runs; libtorrent's queue must never pause a replica we are told to hold.
    p.set_int(lt::settings_pack::active_downloads, -1);
    p.set_int(lt::settings_pack::active_seeds, -1);
    p.set_int(lt::settings_pack::active_limit, -1);
}

} // namespace

lt::settings_pack SessionCore::buildSettings() const
{
    const SessionSettings& s = m_settings;
    // high_performance_seed(): bigger caches, queues and connection limits (~270 → ~340 MB/s on loopback,
    // docs/transfer.md "Settings").
    lt::settings_pack p = s.highPerformance ? lt::high_performance_seed() : lt::settings_pack();
    setIdentityAndAlerts(p, s);
    setDht(p, s);
    setNetworkHygiene(p, s);
    if (s.lanMode)
        setLanTuning(p);
    setThroughput(p, s);
    const RateLimits r = m_useAlt ? m_altLimits : m_limits;
    p.set_int(lt::settings_pack::upload_rate_limit, std::max(0, r.upload));
    p.set_int(lt::settings_pack::download_rate_limit, std::max(0, r.download));
    return p;
}

void SessionCore::applySettings(const SessionSettings& settings)
{
    const bool relisten
        = settings.listenInterface != m_settings.listenInterface || settings.listenPort != m_settings.listenPort;
    const QString resumeDir = m_settings.resumeDir;
    const bool lan = m_settings.lanMode;
    m_settings = settings;
    m_settings.resumeDir = resumeDir; // both are fixed for the session's life
    m_settings.lanMode = lan;
    m_limits = settings.limits;
    m_altLimits = settings.alternativeLimits;
    m_useAlt = settings.useAlternativeLimits;
    m_statsTimer->setInterval(std::max(50, m_settings.statsIntervalMs));
    if (!m_session)
        return;
    if (relisten)
        m_listenPort = 0; // the next listen_succeeded_alert reports the new port
    m_session->apply_settings(buildSettings()); // asynchronous
}

void SessionCore::applyRateLimits()
{
    if (!m_session)
        return;
    const RateLimits r = m_useAlt ? m_altLimits : m_limits;
    lt::settings_pack p;
    p.set_int(lt::settings_pack::upload_rate_limit, std::max(0, r.upload));
    p.set_int(lt::settings_pack::download_rate_limit, std::max(0, r.download));
    m_session->apply_settings(std::move(p)); // asynchronous
}

void SessionCore::applyPeerClassFilter()
{
    // libtorrent puts LAN/loopback peers in a peer class exempt from the global rate limits. In lanMode
    // the LAN *is* the swarm, so every address gets the global class.
    if (!m_session || !m_settings.lanMode)
        return;
    lt::ip_filter f;
    const std::uint32_t global = 1u << static_cast<std::uint32_t>(lt::session::global_peer_class_id);
    f.add_rule(lt::make_address("0.0.0.0"), lt::make_address("255.255.255.255"), global);
    f.add_rule(lt::make_address("::"), lt::make_address("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), global);
    m_session->set_peer_class_filter(f);
}

void SessionCore::setLimits(const RateLimits& limits)
{
    m_limits = limits;
    applyRateLimits();
}

void SessionCore::setAlternativeLimits(const RateLimits& limits)
{
    m_altLimits = limits;
    applyRateLimits();
}

void SessionCore::setAlternativeLimitsEnabled(bool enabled)
{
    m_useAlt = enabled;
    applyRateLimits();
}

void SessionCore::pauseAll()
{
    m_paused = true;
    if (m_session)
        m_session->pause();
}

void SessionCore::resumeAll()
{
    m_paused = false;
    if (m_session)
        m_session->resume();
}

} // namespace as::transfer
