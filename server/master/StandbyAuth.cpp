#include "server/master/StandbyAuth.h"

#include "server/DcContext.h"
#include "server/auth/Username.h"
#include "server/http/Http.h"

#include <algorithm>

namespace as::server {
using namespace Qt::Literals::StringLiterals;

Result<QString> authenticateAtStandby(DcContext& ctx, const httplib::Request& req)
{
    auto caller = verifySignedRequest(req, ctx.nonces, nowMilliseconds());
    if (!caller)
        return caller.error();
    if (caller->account.isEmpty())
        return makeError(ErrorCode::Unauthorized, u"a signed request to a standby must name its account"_s);
    caller->account = canonicalUsername(caller->account); // as the DC stores it (docs/dc-server.md, "Accounts")
    auto account = ctx.store.account(caller->account);
    if (!account)
        return makeError(ErrorCode::Forbidden, u"this standby knows no account '%1'"_s.arg(caller->account));
    if (account->publicKey == caller->publicKey)
        return caller->account;
    auto peers = ctx.store.peersOf(caller->account);
    if (peers
        && std::any_of(peers->cbegin(), peers->cend(), [&](const PeerRecord& p) { return p.peerId == caller->peerId; }))
        return caller->account;
    return makeError(ErrorCode::Forbidden, u"this key is not a node of account '%1'"_s.arg(caller->account));
}

} // namespace as::server
