#pragma once
// Which peers stand in for a DC server during an outage (docs/outage.md): the k online peers closest by XOR
// to the server's id, among those with a standby port and a measured availability at or above a floor.
// Pure logic; the DC feeds it from its peer table.

#include "core/protocol/Peers.h"

#include <QList>
#include <QString>

namespace as::server {

struct StandbyCandidate {
    QString peerId;
    QString address;
    int masterPort = 0;
    double availability = 0; // measured online fraction, 0..1
    bool online = false;
};

struct StandbyRule {
    int count = 4; // k
    double minAvailability = 0.5;
};

// Closest first. Fewer than `rule.count` when not enough peers qualify.
QList<protocol::StandbyMaster> chooseStandbys(
    const QString& serverId, const QList<StandbyCandidate>& candidates, const StandbyRule& rule);

} // namespace as::server
