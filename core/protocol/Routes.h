#pragma once
// Paths of the DC REST API v1 (docs/design.md §4), shared by the server's router and the client. Request and answer
// bodies: Health.h, Accounts.h, Objects.h, Peers.h, Links.h, Grants.h, Master.h; errors: Problem.h. Reference: docs/api.md.

namespace as::protocol::routes {

inline constexpr const char* kHealth = "/api/v1/health";
inline constexpr const char* kAccounts = "/api/v1/accounts";
inline constexpr const char* kAccountSalt = "/api/v1/accounts/%1/salt"; // GET, %1 = username
inline constexpr const char* kSessions = "/api/v1/sessions"; // POST login, DELETE logout
inline constexpr const char* kObjects = "/api/v1/objects"; // POST register, GET list
inline constexpr const char* kObject = "/api/v1/objects/%1"; // GET, DELETE
inline constexpr const char* kObjectContent = "/api/v1/objects/%1/content"; // PUT with Content-Range
inline constexpr const char* kObjectTorrent = "/api/v1/objects/%1/torrent"; // GET, no auth
inline constexpr const char* kObjectRepair = "/api/v1/objects/%1/repair"; // POST by a holder
inline constexpr const char* kData = "/data/%1"; // GET/HEAD with Range; web seed
inline constexpr const char* kAnnounce = "/announce"; // BitTorrent HTTP tracker
// The tracker answers only an announce that names the object's full v2 id (64 hex) in this parameter: the
// 20-byte hashes in `info_hash` are visible to anyone in BitTorrent handshakes (docs/api.md, "Tracker").
inline constexpr const char* kAnnounceObjectParam = "object";
inline constexpr const char* kSharePage = "/s/%1"; // HTML page for share links
inline constexpr const char* kObjectLinks = "/api/v1/objects/%1/links"; // POST create, DELETE revoke all (Links.h)
inline constexpr const char* kLinks = "/api/v1/links"; // GET my links
inline constexpr const char* kLink = "/api/v1/links/%1"; // GET resolve (no auth), DELETE revoke
inline constexpr const char* kAccountKeys = "/api/v1/account/keys"; // GET, POST mine (Grants.h)
inline constexpr const char* kUserKey = "/api/v1/users/%1/key"; // GET a user's public key
inline constexpr const char* kObjectRecipients = "/api/v1/objects/%1/recipients"; // POST grant, GET list
inline constexpr const char* kObjectRecipient = "/api/v1/objects/%1/recipients/%2"; // DELETE
inline constexpr const char* kSharedWithMe = "/api/v1/shared-with-me"; // GET
inline constexpr const char* kSharedWithMeObject = "/api/v1/shared-with-me/%1"; // GET one grant
inline constexpr const char* kHeartbeat = "/api/v1/peers/heartbeat";
inline constexpr const char* kPeersMe = "/api/v1/peers/me";
inline constexpr const char* kMetrics = "/metrics";
inline constexpr const char* kMasterLog = "/api/v1/master/log"; // GET ?since=N, signed by a named standby
inline constexpr const char* kMasterMerge = "/api/v1/master/merge"; // POST by a standby on the DC's return

} // namespace as::protocol::routes
