// GET /announce: a BitTorrent HTTP tracker (BEP 3, compact peers BEP 23, IPv6 peers6 BEP 7) for the objects
// the DC knows. libtorrent announces a hybrid torrent under its v1 SHA-1 info-hash and under the truncated v2
// hash; both map to the object, which the announce must also name by its full v2 id (`object=`, added to the
// tracker URL by the node: libtorrent appends its own query after it). Peers are the swarm that announced
// lately plus the online replica holders known from heartbeats. Errors are bencoded "failure reason" answers
// with status 200, as clients expect.
#include "server/http/Http.h"
#include "server/routes/AnnounceQuery.h"

#include <arpa/inet.h>
#include <set>

namespace as::server {
using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kInterval = 300;
constexpr int kMinInterval = 30;

std::string bstr(std::string_view s)
{
    return std::to_string(s.size()) + ":" + std::string(s);
}
std::string bint(qint64 v)
{
    return "i" + std::to_string(v) + "e";
}

void sendBencode(httplib::Response& res, const std::string& body)
{
    res.status = 200;
    res.set_header("Cache-Control", "no-store");
    res.set_content(body, "text/plain");
}

void failure(httplib::Response& res, const std::string& reason)
{
    sendBencode(res, "d" + bstr("failure reason") + bstr(reason) + "e");
}

std::string plainIp(std::string ip)
{
    if (ip.rfind("::ffff:", 0) == 0 && ip.find('.') != std::string::npos)
        ip = ip.substr(7);
    return ip;
}

void announce(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    if (!ctx.announcesPerAddress.allow(clientAddress(req), nowMilliseconds()))
        return failure(res, "too many announces from this address; retry later");
    auto query = parseAnnounceQuery(req.params);
    if (!query)
        return failure(res, query.error().message.toStdString());
    const AnnounceQuery& q = *query;
    const std::string& infoHash = q.infoHash;
    const qint64 numwant = q.numwant;
    const bool compact = q.compact;
    // The 20-byte hashes are public (every BitTorrent handshake carries one): only a caller that also names
    // the full v2 id, as the node's tracker URL does, learns the swarm or joins it.
    if (q.objectId.empty())
        return failure(res, "this tracker answers only announces that name the object (?object=<v2 id>)");
    const QString hex = QString::fromLatin1(QByteArray(infoHash.data(), 20).toHex());
    const QString objectId = QString::fromStdString(q.objectId);
    auto record = ctx.store.object(objectId);
    if (!record)
        return failure(res, record.error().code == ErrorCode::NotFound ? "unknown torrent" : "tracker unavailable");
    if (record->v1Hash != hex && record->v2Short != hex)
        return failure(res, "unknown torrent"); // the id and the hash name different objects

    const qint64 now = nowSeconds();
    const std::string ip = plainIp(req.remote_addr);
    SwarmPeer self { QByteArray(q.peerId.data(), 20), QString::fromStdString(ip), q.port, q.left == 0, now };
    int seeds = 0, leechers = 0;
    QList<SwarmPeer> peers = ctx.swarms.announce(objectId, self, q.stopped, int(numwant), now, &seeds, &leechers);

    // Online holders known from heartbeats are seeds even if they have not announced here yet. A DC that has
    // just (re)started has heard no heartbeat yet: for one grace period it also names the holders that were
    // online when its previous run was last alive, most of which are still there after an outage. Naming a
    // gone peer costs a getter one refused connection; naming nobody sends it to the DC for every byte.
    const qint64 grace = ctx.config.onlineGrace();
    const bool justStarted = ctx.previousRunAliveAt > 0 && now - ctx.runStart < grace;
    auto likelyOnline = [&](const protocol::Holder& h) {
        return h.online || (justStarted && h.lastSeen >= ctx.previousRunAliveAt - grace);
    };
    std::set<std::pair<std::string, int>> seen { { ip, q.port } };
    for (const SwarmPeer& p : peers)
        seen.insert({ p.ip.toStdString(), p.port });
    if (auto holders = ctx.store.holdersOf(objectId, now, grace)) {
        for (const protocol::Holder& h : *holders) {
            if (!likelyOnline(h) || h.port <= 0 || peers.size() >= numwant)
                continue;
            if (seen.insert({ h.address.toStdString(), h.port }).second) {
                peers.append(SwarmPeer { QByteArray(), h.address, h.port, true, h.lastSeen });
                ++seeds;
            }
        }
    }

    std::string v4, v6, list;
    for (const SwarmPeer& p : peers) {
        const std::string addr = p.ip.toStdString();
        unsigned char raw[16];
        const unsigned char portBytes[2]
            = { static_cast<unsigned char>(p.port >> 8), static_cast<unsigned char>(p.port & 0xff) };
        if (compact) {
            if (::inet_pton(AF_INET, addr.c_str(), raw) == 1) {
                v4.append(reinterpret_cast<const char*>(raw), 4).append(reinterpret_cast<const char*>(portBytes), 2);
            } else if (::inet_pton(AF_INET6, addr.c_str(), raw) == 1) {
                v6.append(reinterpret_cast<const char*>(raw), 16).append(reinterpret_cast<const char*>(portBytes), 2);
            }
        } else {
            // No "peer id" (BEP 23's no_peer_id, always): ids are how other peers' entries would be targeted.
            list += "d" + bstr("ip") + bstr(addr) + bstr("port") + bint(p.port) + "e";
        }
    }
    std::string body = "d" + bstr("complete") + bint(seeds) + bstr("incomplete") + bint(leechers) + bstr("interval")
        + bint(kInterval) + bstr("min interval") + bint(kMinInterval);
    if (compact) {
        body += bstr("peers") + bstr(v4);
        if (!v6.empty())
            body += bstr("peers6") + bstr(v6);
    } else {
        body += bstr("peers") + "l" + list + "e";
    }
    body += "e";
    sendBencode(res, body);
}

} // namespace

void registerTrackerRoutes(Router& r)
{
    r.get("announce", "/announce", announce);
}

} // namespace as::server
