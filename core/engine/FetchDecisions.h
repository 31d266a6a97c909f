#pragma once
// A download's decisions (DownloadJob, docs/transfer.md "The download path") as pure functions of what the
// job has seen, so they are unit-tested without a DC, a session or a clock
// (tests/engine/tst_engine_decisions.cpp). When the DC steps in at all is transfer::WebSeedFallback's call.

#include <QtGlobal>

namespace as::engine::fetch {

// Time for the DHT to come up before an empty routing table means nobody to ask (seconds on the internet).
constexpr qint64 kNobodyToAskAfterMs = 10000;
// Holders this profile remembers for the object, but the DC's tracker does not name, get this long to
// connect before the job stops waiting for them (a dead one on a LAN is refused within milliseconds).
constexpr qint64 kRememberedHolderGraceMs = 1000;

// The other holders of the object, as the job learnt them.
struct Holders {
    int trackerPeers = -1; // named by the DC's tracker in its last answer (-1: no answer yet)
    int remembered = 0;    // holders this profile remembered at the start
    int knownDialled = 0;  // known nodes dialled at the start
};

// True once waiting for peers can only lose time. The DC's tracker knows every holder that announced or
// heartbeats; it may name peers that are gone or hold nothing yet (another getter): once as many dialled
// peers as it named plus the known nodes dialled have left without a block, nobody is left (overlaps only
// make this wait for the timer). A remembered holder the tracker does not name gets a moment to answer.
bool noOtherHolder(const Holders& holders, int peersConnected, int peersFailed, qint64 sinceStartMs);

// How the DC steps in once peers fall short.
enum class Route {
    DirectFetch, // one HTTP stream from the DC, pieces checked as they come: nothing came from any peer
                 // and a user waits for the file
    WebSeed,     // the DC beside the peers (BEP 19): a replica, or a download peers already feed
};
Route fallbackRoute(bool forUser, bool haveTorrent, qint64 bytesDone, int peersConnected);

// Fetching by info-hash alone (the DC unreachable, no torrent cached): give up on the info dict after
// `timeoutMs`, or sooner when there is nobody to ask (no peer ever connected and the DHT holds no node
// once it had time to come up).
bool giveUpOnMetadata(qint64 waitedMs, qint64 timeoutMs, bool peerSeen, int dhtNodes);

// With the DC added, nothing arrived for longer than the stall timeout: neither side delivers.
bool stalled(bool dcAdded, qint64 sinceProgressMs, qint64 stallTimeoutMs, bool finished);

} // namespace as::engine::fetch
