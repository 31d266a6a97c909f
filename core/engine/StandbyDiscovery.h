#pragma once
// Standbys found in the swarm's own DHT, for a profile that never heard a plan (docs/outage.md "Discovery for a
// profile that never heard a plan"). Named standbys announce their standby port under rendezvous keys; a node
// in an outage without a cached plan looks the DC URL's key up and keeps the addresses whose
// GET /api/v1/health answers as a standby.

#include "core/dcclient/DcClient.h"
#include "core/protocol/Peers.h"

#include <QByteArray>
#include <QObject>
#include <QUrl>

#include <functional>

namespace as::engine {

class EngineContext;

// SHA-1("amazingstore standby v1\n" + DC URL), the URL reduced to scheme, host and port (so the link's base and
// the account's URL give one key).
QByteArray standbyKeyForDc(const QUrl& dcBase);
// SHA-1("amazingstore standby v1\n" + server_id).
QByteArray standbyKeyForServer(const QString& serverId);

// A daemon's announces: while the DC's plan names this node, its standby port goes into the DHT under both keys,
// renewed (libtorrent's DHT nodes forget an announce after about 30 minutes).
class StandbyAnnouncer {
public:
    void onPlan(EngineContext& ctx, const QList<protocol::StandbyMaster>& plan, int standbyPort);

private:
    qint64 m_lastMs = -1;
    int m_count = 0;
    QString m_keys;
};

// The lookup: at most kMaxAddresses addresses, collected for kLookupMs (up to kLookupMaxMs while none came),
// each asked for its health with a 2 s limit; `done` gets those that answered as a standby of one server id
// (the one most of them name), in the order they answered. Empty when the DHT is off or nobody answered.
class StandbyDiscovery : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxAddresses = 32;
    static constexpr int kLookupMs = 3000;
    static constexpr int kLookupMaxMs = 8000;
    using Found = std::function<void(QList<dcclient::DcClient::Standby>)>;
    static void run(EngineContext& ctx, const QUrl& dcBase, Found done);

private:
    StandbyDiscovery(EngineContext& ctx, const QUrl& dcBase, Found done);
    void lookUp();
    void probe();
    void finish();

    EngineContext& m_ctx;
    QUrl m_dcBase;
    QByteArray m_key;
    Found m_done;
    QStringList m_addresses;
    int m_pending = 0;
    struct Answer {
        QString serverId;
        dcclient::DcClient::Standby standby;
    };
    QList<Answer> m_answers;
    bool m_probing = false;
    bool m_finished = false;
};

// A revocable link's resolution at `dcBase`: when neither the DC nor a standby of the profile's plan answers
// and the client has no standbys at all, discovers them (StandbyDiscovery) and asks them.
void resolveLinkDiscovering(EngineContext& ctx, const QUrl& dcBase, const QString& linkId,
    dcclient::Done<protocol::LinkResolution> done);

} // namespace as::engine
