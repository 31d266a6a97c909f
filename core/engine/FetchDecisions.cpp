#include "core/engine/FetchDecisions.h"

namespace as::engine::fetch {

bool noOtherHolder(const Holders& holders, int peersConnected, int peersFailed, qint64 sinceStartMs)
{
    const int leftToFail = holders.trackerPeers + (holders.trackerPeers > 0 ? holders.knownDialled : 0);
    if (holders.trackerPeers < 0 || peersConnected > 0 || peersFailed < leftToFail)
        return false;
    return holders.remembered == 0 || sinceStartMs > kRememberedHolderGraceMs;
}

Route fallbackRoute(bool forUser, bool haveTorrent, qint64 bytesDone, int peersConnected)
{
    return forUser && haveTorrent && bytesDone == 0 && peersConnected == 0 ? Route::DirectFetch : Route::WebSeed;
}

bool giveUpOnMetadata(qint64 waitedMs, qint64 timeoutMs, bool peerSeen, int dhtNodes)
{
    const bool nobodyToAsk = !peerSeen && dhtNodes == 0 && waitedMs > kNobodyToAskAfterMs;
    return waitedMs > timeoutMs || nobodyToAsk;
}

bool stalled(bool dcAdded, qint64 sinceProgressMs, qint64 stallTimeoutMs, bool finished)
{
    return dcAdded && sinceProgressMs > stallTimeoutMs && !finished;
}

} // namespace as::engine::fetch
