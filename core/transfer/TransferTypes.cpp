#include "core/transfer/TransferTypes.h"

namespace as::transfer {

Q_LOGGING_CATEGORY(lcPeerDiagnostics, "amazingstore.peers", QtWarningMsg)

QString stateName(TorrentState state)
{
    switch (state) {
    case TorrentState::Checking:
        return QStringLiteral("checking");
    case TorrentState::Downloading:
        return QStringLiteral("downloading");
    case TorrentState::Seeding:
        return QStringLiteral("seeding");
    case TorrentState::Paused:
        return QStringLiteral("paused");
    case TorrentState::Error:
        return QStringLiteral("error");
    }
    return QStringLiteral("error");
}

SessionSettings SessionSettings::loopback(const QString& bootstrapNode)
{
    SessionSettings s;
    s.listenInterface = QStringLiteral("127.0.0.1");
    s.listenPort = 0;
    s.lanMode = true;
    s.localPeerDiscovery = false;
    s.portMapping = false;
    s.dht = !bootstrapNode.isEmpty();
    s.dhtBootstrapNodes = bootstrapNode.isEmpty() ? QStringList {} : QStringList { bootstrapNode };
    s.statsIntervalMs = 250;
    s.idleDhtAnnounceMs = 2000;
    // Announce often: a session that joins a test swarm late meets the others within seconds.
    s.dhtAnnounceIntervalS = 5;
    return s;
}

} // namespace as::transfer
