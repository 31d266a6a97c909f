#pragma once
// The node's side of outage mode (docs/outage.md): the standby masters the last heartbeat answer named are
// kept in the profile, so a restarted daemon or a one-shot command can fall back on them; requests to a
// standby are signed with the node's key for the account (no password or token leaves the node).

#include "core/crypto/Identity.h"
#include "core/dcclient/DcClient.h"
#include "core/protocol/Peers.h"

namespace as::state {
class Store;
}

namespace as::engine {

// Remembers the standby plan from a heartbeat answer (unchanged plans are not rewritten).
void rememberStandbys(state::Store& store, const QList<protocol::StandbyMaster>& plan);
QList<protocol::StandbyMaster> rememberedStandbys(const state::Store& store);

// Gives `client` the remembered standbys and a signer acting for `account` with `identity`.
void configureFailover(dcclient::DcClient& client, const state::Store& store, const crypto::Identity& identity,
    const QString& account);

// The signed-request headers (core/protocol/Master.h) for one request.
dcclient::DcClient::Headers signRequest(const crypto::Identity& identity, const QString& account,
    const QByteArray& method, const QByteArray& target, const QByteArray& body);

} // namespace as::engine
