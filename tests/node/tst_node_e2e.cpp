// End to end on 127.0.0.1: a real amazingstore-dc and amazingstore-node processes with their own profiles.
//   A uploads (and later runs `run`), B only ever uses links (never logs in), C contributes storage
//   through AssigningProxy (a DC that assigns), D logs in to A's account on a second profile.
// The test functions run in order and build on each other.
#include "tests/common/TestData.h"
#include "tests/node/AssigningProxy.h"
#include "tests/node/NodeProcess.h"
#include "tests/server/DcProcess.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

using namespace as::test;

namespace {
const QByteArray kMarker = "PLAINTEXT-MARKER-7f3a9c";
const QString kSecretName = QStringLiteral("quarterly secret report.bin");


// Every file under `dir` that contains `needle`.
QStringList filesContaining(const QString& dir, const QByteArray& needle)
{
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (readFile(path).contains(needle))
            hits.append(path);
    }
    return hits;
}

int countOf(const QByteArray& text, const char* needle) { return int(text.count(needle)); }

QJsonObject jsonOf(const NodeResult& r) { return QJsonDocument::fromJson(r.out).object(); }
} // namespace

class TestNodeE2e : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    DcProcess m_dc;
    std::unique_ptr<Node> m_a, m_b, m_c, m_d;
    std::unique_ptr<AssigningProxy> m_proxy;
    QStringList m_links;
    QStringList m_ids;
    QList<QByteArray> m_contents;
    int m_portA = 0;

    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString idOf(const QString& link) const { return link.section(u'/', -1).section(u'#', 0, 0); }

    void configure(Node& n, int port)
    {
        QCOMPARE(n.run({QStringLiteral("config"), QStringLiteral("listen-port"), QString::number(port)}).code, 0);
        QCOMPARE(n.run({QStringLiteral("config"), QStringLiteral("dht-bootstrap"), QStringLiteral("127.0.0.1:%1").arg(m_portA)}).code, 0);
    }

    NodeResult getInto(Node& n, const QString& link, const QString& dir, int timeoutMs = 90000)
    {
        QDir().mkpath(dir);
        return n.run({QStringLiteral("get"), link, QStringLiteral("-o"), dir, QStringLiteral("--json")}, timeoutMs);
    }

private slots:
    void initTestCase()
    {
        // No standby masters: this suite covers a DC alone (an outage stops uploads); tests/outage covers them.
        QVERIFY(m_dc.start(path(QStringLiteral("dc")), {QStringLiteral("--standby-count"), QStringLiteral("0")}));
        m_a = std::make_unique<Node>(path(QStringLiteral("a")));
        m_b = std::make_unique<Node>(path(QStringLiteral("b")));
        m_c = std::make_unique<Node>(path(QStringLiteral("c")), QStringLiteral("carol's password"));
        m_d = std::make_unique<Node>(path(QStringLiteral("d")));
        m_portA = freePort();
        configure(*m_a, m_portA);
        configure(*m_b, freePort());
        configure(*m_c, freePort());
        const NodeResult r = m_a->run({QStringLiteral("register"), QStringLiteral("--dc"), m_dc.baseUrl(), QStringLiteral("alice")});
        QVERIFY2(r.code == 0, (QByteArray("exit ") + QByteArray::number(r.code) + ": " + r.err).constData());
    }

    void uploadOnAGetOnBByLink()
    {
        QStringList files;
        for (int i = 0; i < 3; ++i) {
            const QByteArray data = randomBytes(1500000 + i * 700000) + kMarker + randomBytes(4096);
            const QString name = i == 0 ? kSecretName : QStringLiteral("file-%1.dat").arg(i);
            QDir().mkpath(path(QStringLiteral("src")));
            writeFile(path(QStringLiteral("src/") + name), data);
            files.append(path(QStringLiteral("src/") + name));
            m_contents.append(data);
        }
        NodeResult r = m_a->run(QStringList{QStringLiteral("upload")} + files, 120000);
        QVERIFY2(r.code == 0, (QByteArray("exit ") + QByteArray::number(r.code) + ": " + r.err).constData());
        m_links = r.outText().split(u'\n');
        QCOMPARE(m_links.size(), 3); // one link per file, in order
        for (const QString& l : m_links) {
            QVERIFY(l.startsWith(m_dc.baseUrl() + QStringLiteral("/s/")));
            m_ids.append(idOf(l));
        }
        QVERIFY(r.err.isEmpty()); // quiet when piped
        // `share ID` gives the same link back.
        r = m_a->run({QStringLiteral("share"), m_ids[1]});
        QCOMPARE(r.outText(), m_links[1]);

        // B never logged in: the link alone is enough.
        for (int i : {0, 1}) {
            r = getInto(*m_b, m_links[i], path(QStringLiteral("out-b")));
            QVERIFY2(r.code == 0, (QByteArray("exit ") + QByteArray::number(r.code) + ": " + r.err).constData());
            const QJsonObject j = jsonOf(r);
            QCOMPARE(readFile(j.value(QStringLiteral("path")).toString()), m_contents[i]);
            QCOMPARE(j.value(QStringLiteral("bytes")).toInteger(), m_contents[i].size());
            QVERIFY(j.contains(QStringLiteral("from_peers")) && j.contains(QStringLiteral("from_dc")));
        }
        QVERIFY(QFile::exists(path(QStringLiteral("out-b/")) + kSecretName)); // named from sealed metadata
        // No plaintext and no name at the DC or in B's profile.
        QCOMPARE(filesContaining(path(QStringLiteral("dc")), kMarker), QStringList());
        QCOMPARE(filesContaining(path(QStringLiteral("dc")), kSecretName.toUtf8()), QStringList());
        QCOMPARE(filesContaining(path(QStringLiteral("b")), kMarker), QStringList());
        QCOMPARE(filesContaining(path(QStringLiteral("a")), kMarker), QStringList());
    }

    void secondProfileSeesTheSameFiles()
    {
        NodeResult r = m_d->run({QStringLiteral("login"), QStringLiteral("--dc"), m_dc.baseUrl(), QStringLiteral("alice")});
        QVERIFY2(r.code == 0, (QByteArray("exit ") + QByteArray::number(r.code) + ": " + r.err).constData());
        r = m_d->run({QStringLiteral("ls"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonArray list = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(list.size(), 3);
        QStringList names;
        for (const QJsonValue& v : list) {
            const QJsonObject o = v.toObject();
            for (const char* k : {"id", "name", "size", "state", "replicas", "target_replicas", "availability"})
                QVERIFY2(o.contains(QLatin1String(k)), k);
            names.append(o.value(QStringLiteral("name")).toString());
        }
        QVERIFY(names.contains(kSecretName));
        // The second profile makes the same links.
        QCOMPARE(m_d->run({QStringLiteral("share"), m_ids[0]}).outText(), m_links[0]);
        r = Node(path(QStringLiteral("e")), QStringLiteral("wrong")).run(
            {QStringLiteral("login"), QStringLiteral("--dc"), m_dc.baseUrl(), QStringLiteral("alice")});
        QCOMPARE(r.code, 3); // credentials
        QVERIFY(r.err.contains("wrong user name or password"));
    }

    void badInputGivesOneClearError()
    {
        const QString out = path(QStringLiteral("out-bad"));
        QDir().mkpath(out);
        // Right object, wrong key.
        QString wrongKey = m_links[0].section(QStringLiteral("#k="), 0, 0) + QStringLiteral("#k=") + QString(43, u'A');
        NodeResult r = getInto(*m_b, wrongKey, out);
        QCOMPARE(r.code, 6); // integrity
        QVERIFY2(r.err.contains("wrong key"), r.err.constData());
        // Unknown object.
        r = getInto(*m_b, m_links[0].replace(m_ids[0], QString(64, u'e')), out);
        m_links[0] = m_links[0].replace(QString(64, u'e'), m_ids[0]);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("unknown object"), r.err.constData());
        // Target that is not a folder.
        writeFile(path(QStringLiteral("a-file")), "x");
        r = m_b->run({QStringLiteral("get"), m_links[1], QStringLiteral("-o"), path(QStringLiteral("a-file"))});
        QCOMPARE(r.code, 5); // local disk
        QVERIFY(r.err.contains("not a folder"));
        QVERIFY(QDir(out).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::Hidden).isEmpty());
        // A file that does not exist.
        r = m_a->run({QStringLiteral("upload"), path(QStringLiteral("nope.bin"))});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("no such file"));
    }

    void assignedReplicaAndCorruptPeer()
    {
        m_proxy = std::make_unique<AssigningProxy>(m_dc.port());
        QVERIFY(m_proxy->listen());
        NodeResult r = m_c->run({QStringLiteral("register"), QStringLiteral("--dc"), m_proxy->baseUrl(), QStringLiteral("carol")});
        QVERIFY2(r.code == 0, (QByteArray("exit ") + QByteArray::number(r.code) + ": " + r.err).constData());
        const qint64 size = QFileInfo(path(QStringLiteral("a/objects/")) + m_ids[0]).size();
        QVERIFY(size > 0);
        m_proxy->assign(m_ids[0], size);
        QVERIFY(m_a->startDaemon());
        QVERIFY2(m_c->startDaemon(), m_c->daemonStderr().constData());
        // C fetches the assigned object, then reports it held in its next heartbeat.
        QTRY_VERIFY_WITH_TIMEOUT(m_proxy->lastHeld().contains(m_ids[0]), 40000);
        r = m_c->run({QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(jsonOf(r).value(QStringLiteral("replicas_held")).toInt(), 1);
        QCOMPARE(jsonOf(r).value(QStringLiteral("used_bytes")).toInteger(), size);
        QCOMPARE(filesContaining(path(QStringLiteral("c")), kMarker), QStringList());
        // The holder itself can download the object it holds for its owner: through its running daemon
        // and, stopped, with the plain CLI (once failed: "cannot read PROFILE/downloads/<id>/object").
        r = getInto(*m_c, m_links[0], path(QStringLiteral("out-holder-daemon")));
        QVERIFY2(r.code == 0, (QByteArray("exit ") + QByteArray::number(r.code) + ": " + r.err).constData());
        QCOMPARE(readFile(jsonOf(r).value(QStringLiteral("path")).toString()), m_contents[0]);

        // C's copy goes bad on disk; A is away. B must still end up with the right bytes.
        QCOMPARE(m_c->stopDaemon(), 0);
        QCOMPARE(m_a->stopDaemon(), 0);
        r = getInto(*m_c, m_links[0], path(QStringLiteral("out-holder-cli")));
        QVERIFY2(r.code == 0, (QByteArray("exit ") + QByteArray::number(r.code) + ": " + r.err).constData());
        QCOMPARE(readFile(jsonOf(r).value(QStringLiteral("path")).toString()), m_contents[0]);
        const QString replica = path(QStringLiteral("c/replicas/")) + m_ids[0] + QStringLiteral("/object");
        {
            QFile f(replica);
            QVERIFY(f.open(QIODevice::ReadWrite));
            for (qint64 off = 100000; off < size; off += 300000) {
                f.seek(off);
                f.write(QByteArray(1000, '\x5a'));
            }
        }
        QVERIFY(m_c->startDaemon());
        QFile::remove(path(QStringLiteral("out-b/")) + kSecretName);
        // ~11 s here; 66 s when libtorrent banned the DC's web seed along with the corrupt peer.
        r = getInto(*m_b, m_links[0], path(QStringLiteral("out-b")), 50000);
        QVERIFY2(r.code == 0, (QByteArray("exit ") + QByteArray::number(r.code) + ": " + r.err).constData());
        const QJsonObject j = jsonOf(r);
        QCOMPARE(readFile(j.value(QStringLiteral("path")).toString()), m_contents[0]);
        qInfo("corrupt peer: from_peers %lld, from_dc %lld, hash failures %d", j.value(QStringLiteral("from_peers")).toInteger(),
              j.value(QStringLiteral("from_dc")).toInteger(), j.value(QStringLiteral("hash_failures")).toInt());

        // The DC may take the replica back.
        m_proxy->clear();
        m_proxy->dropObject(m_ids[0]);
        QTRY_VERIFY_WITH_TIMEOUT(!m_proxy->lastHeld().contains(m_ids[0]) && m_proxy->heartbeats() > 0, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(jsonOf(m_c->run({QStringLiteral("status"), QStringLiteral("--json")}))
                                      .value(QStringLiteral("replicas_held")).toInt(), 0, 10000);
        QVERIFY(!QFile::exists(replica));
        QCOMPARE(m_c->stopDaemon(), 0);
    }

    void peersServeWhileTheDcIsDown()
    {
        QVERIFY(m_a->startDaemon());
        QCOMPARE(DcHttp(m_dc.port()).get("/api/v1/health").status, 200);
        qInfo("A: %s", m_a->run({QStringLiteral("status"), QStringLiteral("--json")}).out.constData());
        // B fetched link 1 before; with the DC gone it resolves through the swarm (A's seed, DHT).
        NodeResult r = getInto(*m_b, m_links[1], path(QStringLiteral("out-b2")));
        if (!m_dc.running())
            qWarning("the DC died: %s", m_dc.stderrOutput().constData());
        QVERIFY2(r.code == 0, (QByteArray("exit ") + QByteArray::number(r.code) + ": " + r.err).constData());
        m_dc.kill9();
        // B's configured DHT bootstrap now points where nothing listens: B reaches the swarm only through
        // what earlier `get` processes remembered in its profile (holders, DHT routing-table nodes).
        const QString bootstrapB = QStringLiteral("127.0.0.1:%1").arg(freePort());
        QCOMPARE(m_b->run({QStringLiteral("config"), QStringLiteral("dht-bootstrap"), bootstrapB}).code, 0);
        QFile::remove(path(QStringLiteral("out-b2/file-1.dat")));
        r = getInto(*m_b, m_links[1], path(QStringLiteral("out-b2")));
        QVERIFY2(r.code == 0, (QByteArray("exit ") + QByteArray::number(r.code) + ": " + r.err).constData());
        QCOMPARE(readFile(jsonOf(r).value(QStringLiteral("path")).toString()), m_contents[1]);
        QCOMPARE(jsonOf(r).value(QStringLiteral("from_dc")).toInteger(), 0);
        QVERIFY(jsonOf(r).value(QStringLiteral("from_peers")).toInteger() > 0);
        // Link 2 B has never fetched: no torrent in its cache, the DC gone. The object id is the v2
        // info-hash, so the info dict comes from A (BEP 9), checked against the id, then the bytes.
        r = getInto(*m_b, m_links[2], path(QStringLiteral("out-b2")));
        QVERIFY2(r.code == 0, (QByteArray("exit ") + QByteArray::number(r.code) + ": " + r.err).constData());
        QCOMPARE(readFile(jsonOf(r).value(QStringLiteral("path")).toString()), m_contents[2]);
        QCOMPARE(jsonOf(r).value(QStringLiteral("from_dc")).toInteger(), 0);
        QVERIFY(jsonOf(r).value(QStringLiteral("from_peers")).toInteger() > 0);
        // An object no peer has, with the DC gone: one clear line once the wait for peers is over.
        QString unknown = m_links[0];
        unknown.replace(m_ids[0], QString(64, u'c'));
        r = getInto(*m_b, unknown, path(QStringLiteral("out-none")));
        QCOMPARE(r.code, 4); // unreachable
        QVERIFY2(r.err.contains("the data center is unreachable and no peer has this object"), r.err.constData());
        QVERIFY(QDir(path(QStringLiteral("out-none"))).isEmpty());
        QCOMPARE(m_b->run({QStringLiteral("config"), QStringLiteral("dht-bootstrap"), QStringLiteral("127.0.0.1:%1").arg(m_portA)}).code, 0);
        // A notices: mode p2p.
        QTRY_COMPARE_WITH_TIMEOUT(jsonOf(m_a->run({QStringLiteral("status"), QStringLiteral("--json")}))
                                      .value(QStringLiteral("mode")).toString(), QStringLiteral("p2p"), 15000);
        // An upload while the DC is away longer than `dc-wait` fails clearly and is kept for later.
        QCOMPARE(m_a->run({QStringLiteral("config"), QStringLiteral("dc-wait"), QStringLiteral("3")}).code, 0);
        writeFile(path(QStringLiteral("src/late.bin")), randomBytes(300000));
        r = m_a->run({QStringLiteral("upload"), path(QStringLiteral("src/late.bin"))}, 60000);
        QCOMPARE(r.code, 4); // the DC is away: unreachable, and the upload resumes later
        QVERIFY2(r.err.contains("resumes"), r.err.constData());
        QCOMPARE(m_a->stopDaemon(), 0);
    }

    void uploadResumesWhenTheDcIsBack()
    {
        // The same DC comes back on the same address; the kept upload continues from its saved stage.
        const int port = m_dc.port();
        QVERIFY(m_dc.start(path(QStringLiteral("dc")), {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                                                        QStringLiteral("--standby-count"), QStringLiteral("0")}));
        QCOMPARE(m_dc.port(), port);
        NodeResult r = m_a->run({QStringLiteral("upload"), path(QStringLiteral("src/late.bin"))}, 60000);
        QVERIFY2(r.code == 0, (QByteArray("exit ") + QByteArray::number(r.code) + ": " + r.err).constData());
        const QString link = r.outText();
        QVERIFY(link.contains(QStringLiteral("/s/")));
        // Still one object for that file, not two.
        r = m_a->run({QStringLiteral("ls"), QStringLiteral("--json")});
        QCOMPARE(countOf(r.out, "late.bin"), 1);
        r = getInto(*m_b, link, path(QStringLiteral("out-late")));
        QVERIFY2(r.code == 0, (QByteArray("exit ") + QByteArray::number(r.code) + ": " + r.err).constData());
        QCOMPARE(readFile(jsonOf(r).value(QStringLiteral("path")).toString()), readFile(path(QStringLiteral("src/late.bin"))));
    }
};

QTEST_GUILESS_MAIN(TestNodeE2e)
#include "tst_node_e2e.moc"
