// Revocable links end to end (docs/sharing.md): a real DC, the owner's amazingstore-node and a friend's that
// only ever uses links. share --expires / --revocable, shares with use counts, unshare (one link, all of an
// object's), expiry, what the DC answers for dead links, another account cannot revoke, and rekey: the old
// links die, the new one works, and a node still reporting the old object is told to drop it.
#include "tests/node/NodeProcess.h"
#include "tests/server/DcProcess.h"
#include "tests/server/TestPeer.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace as::test;
using namespace Qt::Literals::StringLiterals;

class TestShareLinks : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    DcProcess m_dc;
    std::unique_ptr<Node> m_owner, m_friend;
    QByteArray m_data;
    QString m_id, m_permanent;
    int m_gets = 0;

    QString path(const QString& rel) const { return m_dir.filePath(rel); }

    // The friend downloads `link` into a fresh folder; returns the result and the file's bytes.
    NodeResult fetch(const QString& link, QByteArray* bytes = nullptr)
    {
        const QString out = path(u"get-%1"_s.arg(++m_gets));
        const NodeResult r = m_friend->run({ u"get"_s, link, u"-o"_s, out }, 60000);
        if (bytes && r.code == 0)
            *bytes = readFile(r.outText());
        return r;
    }

    QString share(const QStringList& extra)
    {
        const NodeResult r = m_owner->run(QStringList { u"share"_s, m_id.left(10) } + extra);
        if (r.code != 0)
            qWarning() << r.err;
        return r.outText();
    }

    static QString linkIdOf(const QString& link)
    {
        return QRegularExpression(u"/s/([0-9a-f]{32})#"_s).match(link).captured(1);
    }

    QJsonArray shares(bool all)
    {
        const NodeResult r = m_owner->run(all ? QStringList { u"shares"_s, u"--all"_s, u"--json"_s } : QStringList { u"shares"_s, u"--json"_s });
        if (r.code != 0)
            qWarning() << r.err;
        return QJsonDocument::fromJson(r.out).array();
    }

    static QJsonObject entry(const QJsonArray& list, const QString& linkId)
    {
        for (const QJsonValue& v : list)
            if (v.toObject().value(u"link_id"_s).toString() == linkId)
                return v.toObject();
        return {};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_dc.start(path(u"dc"_s)), m_dc.stderrOutput().constData());
        m_owner = std::make_unique<Node>(path(u"owner"_s));
        m_friend = std::make_unique<Node>(path(u"friend"_s));
        for (Node* n : { m_owner.get(), m_friend.get() })
            QCOMPARE(n->run({ u"config"_s, u"dht-bootstrap"_s, u"127.0.0.1:%1"_s.arg(freePort()) }).code, 0);
        QCOMPARE(m_owner->run({ u"register"_s, u"--dc"_s, m_dc.baseUrl(), u"owner"_s }).code, 0);
        m_data.resize(300'000);
        QRandomGenerator(7).fillRange(reinterpret_cast<quint32*>(m_data.data()), m_data.size() / 4);
        writeFile(path(u"report.pdf"_s), m_data);
        const NodeResult up = m_owner->run({ u"upload"_s, path(u"report.pdf"_s) }, 60000);
        QVERIFY2(up.code == 0, up.err.constData());
        m_permanent = up.outText();
        m_id = QRegularExpression(u"/s/([0-9a-f]{64})#"_s).match(m_permanent).captured(1);
        QVERIFY(!m_id.isEmpty());
    }

    void revocableLinkWorksAndIsCounted()
    {
        const QString link = share({ u"--revocable"_s });
        const QString linkId = linkIdOf(link);
        QVERIFY2(!linkId.isEmpty(), qPrintable(link));
        QVERIFY(link.endsWith(m_permanent.mid(m_permanent.indexOf(u'#')))); // the same key, another name
        QVERIFY(!link.contains(m_id)); // the object id is not in the link
        QByteArray got;
        const NodeResult r = fetch(link, &got);
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(got, m_data);
        const QJsonObject e = entry(shares(false), linkId);
        QCOMPARE(e.value(u"state"_s).toString(), u"active"_s);
        QCOMPARE(e.value(u"name"_s).toString(), u"report.pdf"_s);
        QCOMPARE(e.value(u"expires_at"_s).toInteger(), qint64(0));
        QVERIFY(e.value(u"uses"_s).toInteger() >= 1);
        QCOMPARE(e.value(u"link"_s).toString(), link);
        // The table for people names the link, its state and its uses.
        const NodeResult table = m_owner->run({ u"shares"_s });
        QVERIFY(table.out.contains(linkId.toUtf8()) && table.out.contains("active") && table.out.contains("report.pdf"));
    }

    void unshareKillsOneLinkAtOnce()
    {
        const QString keep = share({ u"--revocable"_s });
        const QString kill = share({ u"--revocable"_s });
        const NodeResult u = m_owner->run({ u"unshare"_s, kill });
        QVERIFY2(u.code == 0, u.err.constData());
        QVERIFY(u.out.contains(linkIdOf(kill).toUtf8()));
        const NodeResult r = fetch(kill);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("no longer works") && r.err.contains("revoked"), r.err.constData());
        QVERIFY(QDir(path(u"get-%1"_s.arg(m_gets))).entryList(QDir::Files).isEmpty());
        QCOMPARE(fetch(keep).code, 0); // the other link is untouched
        QCOMPARE(fetch(m_permanent).code, 0); // and so is the permanent one
        QCOMPARE(entry(shares(true), linkIdOf(kill)).value(u"state"_s).toString(), u"revoked"_s);
        QVERIFY(entry(shares(false), linkIdOf(kill)).isEmpty()); // `shares` lists active links only
        // The DC's answers for the dead link: page, bytes and resolution all refuse it.
        DcHttp http(m_dc.port());
        const QByteArray id = linkIdOf(kill).toLatin1();
        const HttpReply page = http.get("/s/" + id);
        QCOMPARE(page.status, 410);
        QVERIFY(page.body.contains("revoked by its owner") && page.body.contains("data-state=\"error\""));
        QCOMPARE(http.get("/s/" + id + "/data", { { "Range", "bytes=0-99" } }).status, 410);
        QCOMPARE(http.get("/api/v1/links/" + id).status, 410);
        QCOMPARE(http.get("/api/v1/links/" + QByteArray(32, 'a')).status, 404);
        QCOMPARE(http.get("/s/" + QByteArray(32, 'a')).status, 404);
    }

    void expiredLinkIsRefused()
    {
        const NodeResult bad = m_owner->run({ u"share"_s, m_id.left(10), u"--expires"_s, u"soon"_s });
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.err.contains("--expires"));
        const QString link = share({ u"--expires"_s, u"3s"_s });
        const QString linkId = linkIdOf(link);
        QVERIFY(!linkId.isEmpty());
        const qint64 expires = entry(shares(false), linkId).value(u"expires_at"_s).toInteger();
        QVERIFY(expires > QDateTime::currentSecsSinceEpoch() && expires <= QDateTime::currentSecsSinceEpoch() + 4);
        QCOMPARE(fetch(link).code, 0);
        while (QDateTime::currentSecsSinceEpoch() <= expires)
            QThread::msleep(200);
        const NodeResult r = fetch(link);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("expired"), r.err.constData());
        QCOMPARE(entry(shares(true), linkId).value(u"state"_s).toString(), u"expired"_s);
        QCOMPARE(DcHttp(m_dc.port()).get("/s/" + linkId.toLatin1()).status, 410);
    }

    void anotherAccountCannotRevokeOrCreate()
    {
        const QString link = share({ u"--revocable"_s });
        DcHttp mallory(m_dc.port());
        const DcAccount acc = registerAndLogin(mallory, u"mallory"_s);
        QVERIFY(!acc.token.isEmpty());
        mallory.setToken(acc.token);
        QCOMPARE(mallory.request("DELETE", "/api/v1/links/" + linkIdOf(link).toLatin1()).status, 404);
        QCOMPARE(mallory.request("DELETE", "/api/v1/objects/" + m_id.toLatin1() + "/links").status, 404);
        QCOMPARE(mallory.postJson("/api/v1/objects/" + m_id.toLatin1() + "/links", {}).status, 404);
        QVERIFY(mallory.get("/api/v1/links").json().value(u"links"_s).toArray().isEmpty());
        QCOMPARE(fetch(link).code, 0);
    }

    void unshareAnObjectRevokesAllItsLinks()
    {
        const QString a = share({ u"--revocable"_s }), b = share({ u"--expires"_s, u"7d"_s });
        const NodeResult u = m_owner->run({ u"unshare"_s, m_id.left(8) });
        QVERIFY2(u.code == 0, u.err.constData());
        QCOMPARE(fetch(a).code, 1);
        QCOMPARE(fetch(b).code, 1);
        QVERIFY(shares(false).isEmpty());
        QCOMPARE(fetch(m_permanent).code, 0);
        QCOMPARE(m_owner->run({ u"unshare"_s, u"zz"_s }).code, 2);
    }

    void rekeyKillsOldLinksAndReplicas()
    {
        const QString revocable = share({ u"--revocable"_s });
        // A node of another account reports the object before and after: dropped only once it was deleted.
        DcHttp http(m_dc.port());
        const DcAccount acc = registerAndLogin(http, u"holder"_s);
        http.setToken(acc.token);
        TestPeer peer;
        auto heartbeat = [&]() {
            const QJsonObject body { { u"listen_port"_s, 6881 }, { u"capacity_bytes"_s, 1e12 }, { u"used_bytes"_s, 0 },
                { u"held"_s, QJsonArray { m_id } } };
            const HttpReply r = http.postJson("/api/v1/peers/heartbeat", peer.sign(body));
            return r.status == 200 ? r.json() : QJsonObject { { u"status"_s, r.status }, { u"body"_s, QString::fromUtf8(r.body) } };
        };
        const QJsonObject before = heartbeat();
        QVERIFY2(before.contains(u"drops"_s) && before.value(u"drops"_s).toArray().isEmpty(), QJsonDocument(before).toJson().constData());

        const NodeResult r = m_owner->run({ u"rekey"_s, m_id.left(10) }, 120000);
        QVERIFY2(r.code == 0, r.err.constData());
        const QString fresh = r.outText();
        const QString newId = QRegularExpression(u"/s/([0-9a-f]{64})#"_s).match(fresh).captured(1);
        QVERIFY2(!newId.isEmpty() && newId != m_id, qPrintable(fresh));
        QVERIFY(fresh.mid(fresh.indexOf(u'#')) != m_permanent.mid(m_permanent.indexOf(u'#'))); // a new key
        QByteArray got;
        QCOMPARE(fetch(fresh, &got).code, 0);
        QCOMPARE(got, m_data);
        QCOMPARE(QFileInfo(path(u"get-%1/report.pdf"_s.arg(m_gets))).exists(), true); // the same name
        for (const QString& old : { m_permanent, revocable }) {
            const NodeResult dead = fetch(old);
            QVERIFY2(dead.code != 0, dead.err.constData()); // not found, or nobody has it any more
        }
        QCOMPARE(http.get("/data/" + m_id.toLatin1()).status, 404); // the old ciphertext is gone from the DC
        const QJsonObject after = heartbeat();
        const QJsonArray drops = after.value(u"drops"_s).toArray();
        QVERIFY2(drops.contains(QJsonObject { { u"object_id"_s, m_id } }), QJsonDocument(after).toJson().constData());
        const NodeResult ls = m_owner->run({ u"ls"_s, u"--json"_s });
        QVERIFY(ls.out.contains(newId.toUtf8()) && !ls.out.contains(m_id.toUtf8()));
        QVERIFY(QDir(path(u"owner/rekey"_s)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestShareLinks)
#include "tst_share_links.moc"
