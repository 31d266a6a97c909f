#include "core/engine/JobTransfers.h"

#include "core/transfer/TransferSession.h"

namespace as::engine {

SessionTransfers::SessionTransfers(transfer::TransferSession& session)
    : JobTransfers(&session)
    , m_session(session)
{
    using transfer::TransferSession;
    connect(&session, &TransferSession::torrentFinished, this, &JobTransfers::torrentFinished);
    connect(&session, &TransferSession::torrentError, this, &JobTransfers::torrentError);
    connect(&session, &TransferSession::trackerReplied, this, &JobTransfers::trackerReplied);
    connect(&session, &TransferSession::peerBanned, this, &JobTransfers::peerBanned);
    connect(&session, &TransferSession::dhtReady, this, &JobTransfers::dhtReady);
    connect(&session, &TransferSession::metadataReceived, this, &JobTransfers::metadataReceived);
    connect(&session, &TransferSession::torrentFileReady, this, &JobTransfers::torrentFileReady);
    connect(&session, &TransferSession::listening, this, &JobTransfers::listening);
}

transfer::TorrentControl& SessionTransfers::torrents()
{
    return m_session.torrents();
}

bool SessionTransfers::isDhtReady() const
{
    return m_session.isDhtReady();
}

int SessionTransfers::dhtNodes() const
{
    return m_session.totals().dhtNodes;
}

int SessionTransfers::listenPort() const
{
    return m_session.listenPort();
}

} // namespace as::engine
