// The standby-master machinery without processes (docs/outage.md): the DC's signed change log in a real SQLite
// store, a standby applying it into its own replica (signature, order, key pinning, idempotence), the standby
// choice, and signed requests with replay protection.
#include "core/crypto/Identity.h"
#include "core/protocol/Master.h"
#include "core/util/Encoding.h"
#include "server/master/LogApplier.h"
#include "server/master/SignedRequests.h"
#include "server/master/StandbyChoice.h"
#include "server/store/SqlMetadataStore.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QtTest>
#include <httplib.h>

using namespace as;
using namespace as::server;
using namespace Qt::Literals::StringLiterals;

namespace {

QString hexId(char c)
{
    return QString(64, QLatin1Char(c));
}

std::unique_ptr<SqlMetadataStore> openStore(const QString& file)
{
    DbConfig c;
    c.database = file;
    auto s = SqlMetadataStore::open(c);
    return s ? std::move(*s) : nullptr;
}

ObjectRecord object(const QString& id, const QString& owner)
{
    ObjectRecord o;
    o.id = id;
    o.owner = owner;
    o.size = 1000;
    o.pieceLength = 16384;
    o.state = protocol::kStateUploading;
    o.createdAt = 1;
    o.sealedMetadata = "sealed";
    o.wrappedFileKey = "wrapped";
    o.v1Hash = QString(40, u'a');
    o.v2Short = QString(40, u'b');
    return o;
}

protocol::LogPage pageOf(MetadataStore& dc, const crypto::Identity& key, qint64 since)
{
    protocol::LogPage p;
    p.serverId = hexId('d');
    p.publicKey = key.publicKey();
    p.entries = dc.logSince(since, protocol::kMaxLogPage).value();
    p.lastSeq = dc.lastLogSeq().value();
    return p;
}

httplib::Request signedRequest(const crypto::Identity& id, const QString& account, qint64 timeMs, const QByteArray& nonce)
{
    httplib::Request req;
    req.method = "GET";
    req.target = "/api/v1/objects";
    req.path = "/api/v1/objects";
    const QByteArray sig = id.sign(protocol::requestSigningBytes("GET", "/api/v1/objects", account, timeMs, nonce, {})).value();
    req.headers.emplace(protocol::signedhdr::kKey, toBase64Url(id.publicKey()).toStdString());
    req.headers.emplace(protocol::signedhdr::kAccount, account.toStdString());
    req.headers.emplace(protocol::signedhdr::kTime, std::to_string(timeMs));
    req.headers.emplace(protocol::signedhdr::kNonce, nonce.toStdString());
    req.headers.emplace(protocol::signedhdr::kSignature, toBase64Url(sig).toStdString());
    return req;
}

} // namespace

class MasterLogTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<SqlMetadataStore> m_dc;
    std::optional<crypto::Identity> m_key;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_dc = openStore(m_dir.filePath(u"dc.sqlite"_s));
        QVERIFY(m_dc);
        m_key = crypto::Identity::generate().value();
        const crypto::Identity key = *m_key;
        m_dc->setLogSigner([key](const QByteArray& b) { return key.sign(b).value(); });
    }

    // Every change a standby needs is logged, in order, signed; secrets never are.
    void changesAreLoggedAndSigned()
    {
        AccountRecord a { u"alice"_s, u"scrypt$secret-hash"_s, "salt", u"kdf"_s, "wrapped-master", QByteArray(32, 'k'), 5 };
        QVERIFY(m_dc->createAccount(a));
        QVERIFY(m_dc->createObject(object(hexId('1'), u"alice"_s), "torrent-bytes"));
        QVERIFY(m_dc->markAvailable(hexId('1')));
        QVERIFY(m_dc->recordHeartbeat({ u"alice"_s, hexId('e'), u"127.0.0.1"_s, 6881, 100, 0, 0, { hexId('1') }, 7000 },
            100, 3));
        // A heartbeat that changes nothing logs nothing.
        QVERIFY(m_dc->recordHeartbeat({ u"alice"_s, hexId('e'), u"127.0.0.1"_s, 6881, 100, 0, 0, { hexId('1') }, 7000 },
            101, 3));
        const auto log = m_dc->logSince(0, 100).value();
        QStringList kinds;
        for (const auto& e : log) {
            kinds.append(e.kind);
            QCOMPARE(e.seq, qint64(kinds.size()));
            QVERIFY(crypto::verifySignature(m_key->publicKey(), protocol::logSigningBytes(e.seq, e.kind, e.body), e.signature));
        }
        QCOMPARE(kinds, QStringList({ u"account"_s, u"object"_s, u"state"_s, u"peer"_s, u"holdings"_s }));
        const QByteArray accountJson = QJsonDocument(log[0].body).toJson();
        QVERIFY(!accountJson.contains("scrypt") && !accountJson.contains("wrapped-master") && !accountJson.contains("salt"));
        QCOMPARE(m_dc->lastLogSeq().value(), qint64(5));
        QCOMPARE(m_dc->logSince(3, 100).value().size(), 2);
        QCOMPARE(m_dc->logSince(0, 2).value().size(), 2);
    }

    // A standby's replica follows the log; a replayed page changes nothing.
    void replicaAppliesTheLogIdempotently()
    {
        auto replica = openStore(m_dir.filePath(u"replica.sqlite"_s));
        QVERIFY(replica);
        const protocol::LogPage page = pageOf(*m_dc, *m_key, 0);
        auto out = applyLogPage(*replica, page);
        QVERIFY2(out, out ? "" : qPrintable(out.error().message));
        QCOMPARE(out->appliedSeq, qint64(5));
        QCOMPARE(replica->object(hexId('1')).value().state, protocol::kStateAvailable);
        QCOMPARE(replica->torrent(hexId('1')).value(), QByteArray("torrent-bytes"));
        QCOMPARE(replica->account(u"alice"_s).value().publicKey, QByteArray(32, 'k'));
        QVERIFY(replica->account(u"alice"_s).value().authHash != u"scrypt$secret-hash"_s);
        QCOMPARE(replica->heldBy(hexId('e')).value(), QSet<QString>({ hexId('1') }));
        QCOMPARE(replica->peersOf(u"alice"_s).value().first().masterPort, 7000);
        QCOMPARE(applyLogPage(*replica, page).value().applied, 0); // again: nothing new
        QCOMPARE(appliedSequence(*replica), qint64(5));

        // A deletion follows; holdings go with the object.
        QVERIFY(m_dc->deleteObject(hexId('1')));
        QVERIFY(applyLogPage(*replica, pageOf(*m_dc, *m_key, 5)));
        QCOMPARE(replica->object(hexId('1')).error().code, ErrorCode::NotFound);
        QVERIFY(replica->heldBy(hexId('e')).value().isEmpty());
    }

    // A forged, reordered or foreign-key page never reaches the replica.
    void tamperedLogsAreRejected()
    {
        auto replica = openStore(m_dir.filePath(u"replica2.sqlite"_s));
        protocol::LogPage page = pageOf(*m_dc, *m_key, 0);
        protocol::LogPage forged = page;
        forged.entries[1].body.insert(u"owner"_s, u"mallory"_s);
        auto r = applyLogPage(*replica, forged);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::Unauthorized);
        QCOMPARE(appliedSequence(*replica), qint64(1)); // the entry before the forged one stays
        QCOMPARE(replica->object(hexId('1')).error().code, ErrorCode::NotFound);

        protocol::LogPage gap = page;
        gap.entries.removeAt(1);
        QCOMPARE(applyLogPage(*replica, gap).error().code, ErrorCode::InvalidArgument);

        const crypto::Identity other = crypto::Identity::generate().value();
        protocol::LogPage foreign = pageOf(*m_dc, other, 0); // signed by the DC, presented under another key
        QCOMPARE(applyLogPage(*replica, foreign).error().code, ErrorCode::Forbidden);
        QCOMPARE(appliedSequence(*replica), qint64(1));
        QVERIFY(applyLogPage(*replica, page)); // the genuine page still applies
        QCOMPARE(appliedSequence(*replica), page.lastSeq);
    }

    void standbyChoiceIsClosestQualifiedPeers()
    {
        const QString server = hexId('0');
        QList<StandbyCandidate> c {
            { u"8"_s + QString(63, u'0'), u"10.0.0.1"_s, 7000, 0.9, true }, // far
            { u"01"_s + QString(62, u'0'), u"10.0.0.2"_s, 7000, 0.9, true }, // closest
            { u"02"_s + QString(62, u'0'), u"10.0.0.3"_s, 7000, 0.1, true }, // unreliable
            { u"03"_s + QString(62, u'0'), u"10.0.0.4"_s, 7000, 0.9, false }, // offline
            { u"04"_s + QString(62, u'0'), u"10.0.0.5"_s, 0, 0.9, true }, // no standby port
            { u"05"_s + QString(62, u'0'), u"10.0.0.6"_s, 7001, 0.6, true },
            { u"f"_s + QString(63, u'0'), u"10.0.0.7"_s, 7000, 1.0, true }, // farthest
        };
        const auto chosen = chooseStandbys(server, c, { 3, 0.5 });
        QCOMPARE(chosen.size(), 3);
        QCOMPARE(chosen[0].address, u"10.0.0.2"_s);
        QCOMPARE(chosen[1].address, u"10.0.0.6"_s);
        QCOMPARE(chosen[1].port, 7001);
        QCOMPARE(chosen[2].address, u"10.0.0.1"_s);
        QCOMPARE(chosen[0].serverId, server);
        QCOMPARE(chooseStandbys(server, c, { 10, 0.5 }).size(), 4);
        QVERIFY(chooseStandbys(server, {}, { 4, 0.5 }).isEmpty());
    }

    void signedRequestsAreCheckedOnce()
    {
        const crypto::Identity node = crypto::Identity::generate().value();
        NonceWindow nonces;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const httplib::Request good = signedRequest(node, u"alice"_s, now, "0123456789abcdef");
        auto caller = verifySignedRequest(good, nonces, now);
        QVERIFY2(caller, caller ? "" : qPrintable(caller.error().message));
        QCOMPARE(caller->peerId, node.peerId());
        QCOMPARE(caller->account, u"alice"_s);
        QCOMPARE(verifySignedRequest(good, nonces, now).error().code, ErrorCode::Unauthorized); // replay

        httplib::Request tampered = signedRequest(node, u"alice"_s, now, "0123456789abcdeg");
        tampered.headers.erase(protocol::signedhdr::kAccount);
        tampered.headers.emplace(protocol::signedhdr::kAccount, "bob");
        QCOMPARE(verifySignedRequest(tampered, nonces, now).error().code, ErrorCode::Unauthorized);
        const httplib::Request stale = signedRequest(node, u"alice"_s, now - 10 * 60 * 1000, "0123456789abcdeh");
        QCOMPARE(verifySignedRequest(stale, nonces, now).error().code, ErrorCode::Unauthorized);
        httplib::Request unsigned_;
        unsigned_.method = "GET";
        unsigned_.path = "/api/v1/objects";
        QCOMPARE(verifySignedRequest(unsigned_, nonces, now).error().code, ErrorCode::Unauthorized);
    }

    // Share links reach standbys by hash and state (issue 20): a standby can judge a link it is shown, never
    // learn one from the log.
    void shareLinksAreLoggedByHash()
    {
        auto replica = openStore(m_dir.filePath(u"links.sqlite"_s));
        QVERIFY(replica);
        QVERIFY(m_dc->createObject(object(hexId('2'), u"alice"_s), "torrent-2"));
        const QString live = u"0123456789abcdef0123456789abcdef"_s, revoked = u"fedcba9876543210fedcba9876543210"_s;
        QVERIFY(m_dc->createLink({ live, hexId('2'), 10, 0, 0, 0, 0 }, u"alice"_s));
        QVERIFY(m_dc->createLink({ revoked, hexId('2'), 11, 500, 0, 0, 0 }, u"alice"_s));
        QVERIFY(m_dc->revokeLink(revoked, 20));
        QVERIFY(m_dc->revokeLink(revoked, 30)); // already revoked: nothing logged
        int links = 0;
        const QList<protocol::LogEntry> log = m_dc->logSince(0, 1000).value();
        for (const auto& e : log) {
            if (e.kind != QLatin1String(protocol::logkind::kLink))
                continue;
            ++links;
            const QByteArray json = QJsonDocument(e.body).toJson();
            QVERIFY(!json.contains(live.toLatin1()) && !json.contains(revoked.toLatin1()));
        }
        QCOMPARE(links, 3);
        QVERIFY(applyLogPage(*replica, pageOf(*m_dc, *m_key, 0)));
        QCOMPARE(replica->link(linkHash(live)).value().revokedAt, qint64(0));
        QCOMPARE(replica->link(linkHash(revoked)).value().revokedAt, qint64(20));
        QCOMPARE(replica->link(linkHash(revoked)).value().expiresAt, qint64(500));
        QCOMPARE(replica->link(live).error().code, ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(MasterLogTest)
#include "tst_master_log.moc"
