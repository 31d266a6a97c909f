// The DC can be absent: a download by info-hash alone (the info dict comes from peers, BEP 9), and what a
// node remembers about the network across restarts (holders, DHT routing-table nodes) through the real
// profile store. Real libtorrent sessions on 127.0.0.1, real SQLite.
#include "core/state/Store.h"
#include "core/transfer/TorrentMaker.h"
#include "core/transfer/TransferSession.h"
#include "tests/transfer/TestSupport.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace as::transfer;
using namespace as::transfer::test;

class TestTransferOutage : public QObject, SwarmFixture {
    Q_OBJECT

    bool stop(TransferSession* s)
    {
        for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
            if (it->get() == s) {
                const bool ok = stopSession(*s);
                m_sessions.erase(it);
                return ok;
            }
        }
        return false;
    }

    // A loopback DHT node that bootstraps the others (as the e2e swarm's first node does).
    TransferSession* dhtNode()
    {
        SessionSettings s = SessionSettings::loopback();
        s.dht = true;
        s.dhtBootstrapNodes = {};
        return session(s);
    }

    // Two sessions that meet only through a DHT node, with the DHT up on both (nullptrs if not within 15 s).
    std::pair<TransferSession*, TransferSession*> twoDhtSessions()
    {
        TransferSession* node = dhtNode();
        if (!node)
            return {};
        TransferSession* a = session(SessionSettings::loopback(loopbackPeer(*node)));
        TransferSession* b = session(SessionSettings::loopback(loopbackPeer(*node)));
        if (!a || !b || !waitFor([&] { return a->isDhtReady() && b->isDhtReady(); }, 15000))
            return {};
        return { a, b };
    }

private slots:
    void init() { QVERIFY(m_tmp.isValid()); }

    void cleanup() { stopSessions(); }

    // No .torrent at hand: the seeder alone gives the info dict, checked against the v2 hash, and then the
    // bytes; afterwards the session hands out a complete .torrent (the one the DC would have served).
    void addByInfoHash()
    {
        const Object o = makeObject(3 * 1024 * 1024 + 4321, 31);
        TransferSession* a = session();
        TransferSession* b = session();
        QVERIFY(a && b);
        const QString id = seed(a, o);
        QSignalSpy metadata(b, &TransferSession::metadataReceived);
        QSignalSpy holders(b, &TransferSession::holderSeen);
        const QString saveDir = dir(QStringLiteral("b"));
        auto got = b->torrents().addDownload({ .infoHash = id, .saveDir = saveDir, .peers = { loopbackPeer(*a) } });
        QVERIFY(got.ok());
        QCOMPARE(*got, id);
        // Nothing to export before the info dict arrived.
        QVERIFY(waitFor([&] { return b->torrents().stats(id).has_value(); }, 1000));
        if (!b->torrents().stats(id)->hasMetadata)
            QCOMPARE(b->torrents().requestTorrentFile(id).error().code, as::ErrorCode::Unavailable);

        QVERIFY(waitFor([&] { return finished(*b, id); }, 20000));
        QCOMPARE(metadata.count(), 1);
        QCOMPARE(metadata.first().at(0).toString(), id);
        QCOMPARE(readFile(saveDir + QStringLiteral("/object")), o.content);
        const TorrentStats st = *b->torrents().stats(id);
        QVERIFY(st.hasMetadata);
        QCOMPARE(st.v1, o.made.meta.v1);
        QCOMPARE(st.bytesTotal, o.content.size());
        QCOMPARE(st.fromPeers, o.content.size()); // every block counted, also those before the geometry
        QCOMPARE(st.fromWeb, 0);
        // The seeder was dialled: its endpoint is its listen port, a holder to remember.
        QCOMPARE(holders.count(), 1);
        QCOMPARE(holders.first().at(0).toString(), id);
        QCOMPARE(holders.first().at(1).toString(), loopbackPeer(*a));

        QSignalSpy file(b, &TransferSession::torrentFileReady);
        QVERIFY(b->torrents().requestTorrentFile(id).ok());
        QVERIFY(file.wait(5000) || file.count() > 0);
        QCOMPARE(file.first().at(0).toString(), id);
        QCOMPARE(file.first().at(2).toString(), QString());
        const QByteArray torrent = file.first().at(1).toByteArray();
        const auto meta = TorrentMaker::inspect(torrent);
        QVERIFY(meta.ok());
        QCOMPARE(meta->v2, id);
        QCOMPARE(meta->v1, o.made.meta.v1);
        QCOMPARE(meta->size, o.content.size());
        QCOMPARE(meta->pieceSize, o.made.meta.pieceSize);
        // Info dict and piece layers as made: usable to seed from, like the DC's copy.
        const auto again = TorrentMaker::inspect(o.made.torrent);
        QCOMPARE(meta->pieces, again->pieces);
        TransferSession* c = session();
        QVERIFY(c);
        const QString cDir = dir(QStringLiteral("c"));
        QVERIFY(c->torrents().addDownload({ .torrent = torrent, .saveDir = cDir, .peers = { loopbackPeer(*b) } }).ok());
        QVERIFY(waitFor([&] { return finished(*c, id); }, 20000));
        QCOMPARE(readFile(cDir + QStringLiteral("/object")), o.content);
    }

    void addByInfoHashWithoutPeers()
    {
        TransferSession* b = session();
        QVERIFY(b);
        const Object o = makeObject(256 * 1024, 32);
        const QString saveDir = dir(QStringLiteral("b"));
        QCOMPARE(b->torrents().addDownload({ .infoHash = QStringLiteral("abc"), .saveDir = saveDir }).error().code,
            as::ErrorCode::InvalidArgument);
        QCOMPARE(b->torrents().addDownload({ .infoHash = QString(64, u'g'), .saveDir = saveDir }).error().code,
            as::ErrorCode::InvalidArgument);
        QCOMPARE(b->torrents().addDownload({ .saveDir = saveDir }).error().code, as::ErrorCode::InvalidArgument);
        // Nobody has it: it waits without metadata, and knows nothing of the size.
        const QString id = *b->torrents().addDownload({ .infoHash = o.made.meta.v2.toUpper(), .saveDir = saveDir });
        QCOMPARE(id, o.made.meta.v2);
        QTest::qWait(1500);
        const TorrentStats st = *b->torrents().stats(id);
        QVERIFY(!st.hasMetadata);
        QCOMPARE(st.bytesTotal, 0);
        QCOMPARE(st.state, TorrentState::Downloading);
        QCOMPARE(b->torrents().requestTorrentFile(id).error().code, as::ErrorCode::Unavailable);
        QVERIFY(b->torrents().remove(id, true).ok());
    }

    // Found through the DHT alone: the downloader searches the truncated v2 hash, under which a hybrid
    // seed announces beside its v1 hash.
    void addByInfoHashFromTheDht()
    {
        const auto sessions = twoDhtSessions(); // not a structured binding: lambdas below capture a and b
        TransferSession* a = sessions.first;
        TransferSession* b = sessions.second;
        QVERIFY2(a && b, "two sessions with the DHT up");
        const Object o = makeObject(1024 * 1024 + 7, 33);
        const QString id = seed(a, o);
        const QString saveDir = dir(QStringLiteral("b"));
        QVERIFY(b->torrents().addDownload({ .infoHash = id, .saveDir = saveDir }).ok()); // no peers given
        QVERIFY(waitFor([&] { return finished(*b, id); }, 30000));
        QCOMPARE(readFile(saveDir + QStringLiteral("/object")), o.content);
        QCOMPARE(b->torrents().stats(id)->fromPeers, o.content.size());
    }

    // A rendezvous that is not a torrent (docs/outage.md, standby discovery): a announces a port under a key,
    // b asks for the key and hears a's address with that port (and nothing under another key).
    void dhtRendezvousOutsideTorrents()
    {
        const auto sessions = twoDhtSessions(); // not a structured binding: lambdas below capture a and b
        TransferSession* a = sessions.first;
        TransferSession* b = sessions.second;
        QVERIFY2(a && b, "two sessions with the DHT up");
        const QByteArray key = QByteArray(20, '\x5a');
        const QByteArray other = QByteArray(20, '\x33');
        a->dhtAnnounce(key, 43210);
        QStringList found, foundOther;
        connect(b, &TransferSession::dhtPeersFound, this, [&](const QByteArray& k, const QStringList& eps) {
            (k == key ? found : foundOther) += eps;
        });
        QElapsedTimer asked;
        QVERIFY2(waitFor([&] {
            if (!asked.isValid() || asked.elapsed() >= 500) { // a lookup again every half second
                asked.start();
                b->dhtGetPeers(key);
                b->dhtGetPeers(other);
            }
            return found.contains(QStringLiteral("127.0.0.1:43210"));
        }, 20000), qPrintable(found.join(u',')));
        QVERIFY2(foundOther.isEmpty(), qPrintable(foundOther.join(u',')));
        a->dhtAnnounce(QByteArray(19, 'x'), 43210); // a malformed key is ignored
    }

    // A node's first run learns a holder and the DHT's nodes into its profile store; its next run, with no
    // bootstrap router and no peer given, gets into the DHT from the remembered nodes and fetches a new
    // object by info-hash from the remembered holder.
    void rememberedHoldersAndDhtNodes()
    {
        const QString profile = dir(QStringLiteral("profile"));
        TransferSession* node = dhtNode();
        QVERIFY(node);
        const QString bootstrap = loopbackPeer(*node);
        TransferSession* a = session(SessionSettings::loopback(bootstrap));
        QVERIFY(a);
        const Object first = makeObject(512 * 1024, 34);
        const Object second = makeObject(768 * 1024 + 3, 35);
        const QString firstId = seed(a, first);
        const QString secondId = seed(a, second);
        QVERIFY(waitFor([&] { return a->isDhtReady(); }, 15000)); // then the node tells b1 of a

        {
            auto store = as::state::Store::open(profile);
            QVERIFY(store.ok());
            SessionSettings s1 = SessionSettings::loopback(bootstrap);
            s1.dhtNodesIntervalMs = 1000;
            TransferSession* b1 = session(s1);
            QVERIFY(b1);
            // What EngineContext does with these signals.
            connect(b1, &TransferSession::holderSeen, this, [&](const QString& id, const QString& ep) {
                QVERIFY((*store)->addHolder(id, ep, QDateTime::currentDateTimeUtc()).ok());
            });
            connect(b1, &TransferSession::dhtNodesUpdated, this, [&](const QStringList& nodes) {
                QVERIFY((*store)->saveDhtNodes(nodes, QDateTime::currentDateTimeUtc()).ok());
            });
            QVERIFY(b1->torrents()
                        .addDownload({ .torrent = first.made.torrent,
                            .saveDir = dir(QStringLiteral("b1")),
                            .peers = { loopbackPeer(*a) } })
                        .ok());
            QVERIFY(waitFor([&] { return finished(*b1, firstId); }, 20000));
            QVERIFY(waitFor([&] { return !(*store)->dhtNodes().isEmpty(); }, 10000));
            QVERIFY(stop(b1));
        }

        auto store = as::state::Store::open(profile); // a new process would open it like this
        QVERIFY(store.ok());
        QCOMPARE((*store)->holders(firstId), QStringList { loopbackPeer(*a) });
        // The routing table: the other nodes met through the bootstrap node (a router is never in it).
        const QStringList remembered = (*store)->dhtNodes();
        QVERIFY2(remembered.contains(loopbackPeer(*a)), qPrintable(remembered.join(u',')));
        QVERIFY(!remembered.contains(bootstrap));

        SessionSettings s2 = SessionSettings::loopback();
        s2.dht = true;
        s2.dhtBootstrapNodes = {}; // no router: only what was remembered
        s2.dhtNodes = remembered;
        TransferSession* b2 = session(s2);
        QVERIFY(b2);
        // Its bootstrap waits out the dead first session among the nodes it hears of: seconds, not 15.
        QVERIFY(waitFor([&] { return b2->isDhtReady(); }, 20000));
        const QString saveDir = dir(QStringLiteral("b2"));
        // Holders of this object are unknown: the endpoints known for the swarm stand in.
        QVERIFY((*store)->holders(secondId).isEmpty());
        QVERIFY(b2->torrents()
                    .addDownload({ .infoHash = secondId, .saveDir = saveDir, .peers = (*store)->allHolders() })
                    .ok());
        QVERIFY(waitFor([&] { return finished(*b2, secondId); }, 20000));
        QCOMPARE(readFile(saveDir + QStringLiteral("/object")), second.content);

        // Bounded per object, newest first.
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 30; ++i)
            QVERIFY((*store)->addHolder(firstId, QStringLiteral("127.0.0.1:%1").arg(20000 + i), t0.addSecs(i)).ok());
        const QStringList kept = (*store)->holders(firstId, 100);
        QCOMPARE(kept.size(), 20);
        QCOMPARE(kept.first(), QStringLiteral("127.0.0.1:20029"));
        QVERIFY(!kept.contains(loopbackPeer(*a))); // the oldest went
    }
};

QTEST_GUILESS_MAIN(TestTransferOutage)
#include "tst_transfer_outage.moc"
