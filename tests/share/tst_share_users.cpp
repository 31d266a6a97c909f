// Sharing to a named user end to end (docs/sharing.md "Sharing to a named user"): a real DC and three real
// amazingstore-node profiles. The owner shares a file with bob; bob sees it in `ls --shared` (who shared it, the
// name and size opened with the unsealed key) and downloads it byte-identical; carol sees nothing and is refused;
// bob cannot delete it or make links for it (the DC answers 403 naming the owner); bad recipients are refused
// with clear messages; after `unshare --to bob` the DC refuses bob; an account without a key pair (one from
// before this feature) gets one at its next login. Key fingerprints: the owner sees bob's, equal to the one bob's
// own `key` prints; a key the DC swaps afterwards is refused until the owner accepts it.
#include "tests/node/NodeProcess.h"
#include "tests/server/DcProcess.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace as::test;
using namespace Qt::Literals::StringLiterals;

class TestShareUsers : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    DcProcess m_dc;
    std::unique_ptr<Node> m_owner, m_bob, m_carol;
    QByteArray m_data;
    QString m_id;
    const QString m_name = u"假期 holiday.jpg"_s;
    int m_gets = 0;

    QString path(const QString& rel) const { return m_dir.filePath(rel); }

    NodeResult get(const Node& who, QString* outDir = nullptr)
    {
        const QString out = path(u"get-%1"_s.arg(++m_gets));
        if (outDir)
            *outDir = out;
        return who.run({ u"get"_s, m_id, u"-o"_s, out }, 60000);
    }

    static QJsonArray sharedWithMe(const Node& who)
    {
        const NodeResult r = who.run({ u"ls"_s, u"--shared"_s, u"--json"_s });
        if (r.code != 0)
            qWarning() << r.err;
        return QJsonDocument::fromJson(r.out).array();
    }

    // Runs one statement on the DC's database (the test plays a hostile or old DC); true when it ran and changed
    // `rows` rows (any number for -1).
    bool dcSql(const QString& statement, int rows = 1)
    {
        bool ok = false;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"dc"_s);
            db.setDatabaseName(QDir(path(u"dc"_s)).filePath(u"metadata.sqlite"_s));
            QSqlQuery q(db);
            ok = db.open() && q.exec(u"PRAGMA busy_timeout = 5000"_s) && q.exec(statement) && (rows < 0 || q.numRowsAffected() == rows);
        }
        QSqlDatabase::removeDatabase(u"dc"_s);
        return ok;
    }

    static QString fingerprintIn(const QByteArray& text)
    {
        return QRegularExpression(u"[0-9A-F]{4}( [0-9A-F]{4}){7}"_s).match(QString::fromUtf8(text)).captured(0);
    }

    static void expectFailure(const NodeResult& r, int code, const char* words)
    {
        QVERIFY2(r.code == code, qPrintable(u"exit %1, wanted %2: %3"_s.arg(r.code).arg(code).arg(QString::fromUtf8(r.err))));
        QVERIFY2(r.err.contains(words), qPrintable(u"no '%1' in: %2"_s.arg(QLatin1StringView(words), QString::fromUtf8(r.err))));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_dc.start(path(u"dc"_s)), m_dc.stderrOutput().constData());
        m_owner = std::make_unique<Node>(path(u"owner"_s));
        m_bob = std::make_unique<Node>(path(u"bob"_s), u"bob's long password"_s);
        m_carol = std::make_unique<Node>(path(u"carol"_s), u"carol's long password"_s);
        const QList<std::pair<Node*, QString>> accounts { { m_owner.get(), u"owner"_s }, { m_bob.get(), u"bob"_s },
            { m_carol.get(), u"carol"_s } };
        for (const auto& [node, user] : accounts) {
            QCOMPARE(node->run({ u"config"_s, u"dht-bootstrap"_s, u"127.0.0.1:%1"_s.arg(freePort()) }).code, 0);
            const NodeResult r = node->run({ u"register"_s, u"--dc"_s, m_dc.baseUrl(), user });
            QVERIFY2(r.code == 0, r.err.constData());
        }
        m_data.resize(400'000);
        QRandomGenerator(11).fillRange(reinterpret_cast<quint32*>(m_data.data()), m_data.size() / 4);
        writeFile(path(m_name), m_data);
        const NodeResult up = m_owner->run({ u"upload"_s, path(m_name) }, 60000);
        QVERIFY2(up.code == 0, up.err.constData());
        m_id = QRegularExpression(u"/s/([0-9a-f]{64})#"_s).match(up.outText()).captured(1);
        QVERIFY(!m_id.isEmpty());
    }

    void recipientListsAndGetsByteIdentical()
    {
        const NodeResult s = m_owner->run({ u"share"_s, m_id.left(10), u"--to"_s, u"Bob"_s }); // names fold
        QVERIFY2(s.code == 0, s.err.constData());
        QVERIFY2(s.out.contains("bob"), s.out.constData());
        const QJsonArray list = sharedWithMe(*m_bob);
        QCOMPARE(list.size(), 1);
        const QJsonObject item = list.first().toObject();
        QCOMPARE(item.value(u"object_id"_s).toString(), m_id);
        QCOMPARE(item.value(u"owner"_s).toString(), u"owner"_s);
        QCOMPARE(item.value(u"name"_s).toString(), m_name);
        QCOMPARE(item.value(u"size"_s).toInteger(), qint64(m_data.size()));
        const NodeResult table = m_bob->run({ u"ls"_s, u"--shared"_s });
        QVERIFY(table.out.contains("owner") && table.out.contains(m_name.toUtf8()));
        QString dir;
        const NodeResult r = get(*m_bob, &dir);
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(QFileInfo(r.outText()).fileName(), m_name);
        QCOMPARE(readFile(r.outText()), m_data);
        // The owner's list of recipients and carol's empty list.
        QVERIFY(sharedWithMe(*m_carol).isEmpty());
        expectFailure(get(*m_carol), 3, "not shared with you");
        QVERIFY(QDir(path(u"get-%1"_s.arg(m_gets))).entryList(QDir::Files).isEmpty());
    }

    // docs/sharing.md "Key fingerprints": trust on first use, checked on every later share.
    void fingerprintsArePinnedAndAChangedKeyIsRefused()
    {
        const NodeResult mine = m_bob->run({ u"key"_s });
        QVERIFY2(mine.code == 0 && mine.out.contains("your account key fingerprint (bob)"), mine.err.constData());
        const QString bobs = fingerprintIn(mine.out);
        QVERIFY2(!bobs.isEmpty(), mine.out.constData());
        QVERIFY(fingerprintIn(m_owner->run({ u"key"_s }).out) != bobs);
        // The owner's first share (recipientListsAndGetsByteIdentical) pinned bob's key; again: the same key.
        const NodeResult again = m_owner->run({ u"share"_s, m_id, u"--to"_s, u"bob"_s });
        QVERIFY2(again.code == 0, again.err.constData());
        QCOMPARE(fingerprintIn(again.out), bobs);
        QVERIFY2(again.out.contains("as pinned here"), again.out.constData());
        const QJsonObject seen = QJsonDocument::fromJson(m_owner->run({ u"key"_s, u"bob"_s, u"--json"_s }).out).object();
        QCOMPARE(seen.value(u"fingerprint"_s).toString(), bobs);
        QCOMPARE(seen.value(u"trust"_s).toString(), u"pinned"_s);
        // A first look at carol's key pins it and says so.
        const NodeResult carol = m_owner->run({ u"key"_s, u"carol"_s });
        QVERIFY2(carol.out.contains("first seen now"), carol.out.constData());
        QCOMPARE(fingerprintIn(carol.out), fingerprintIn(m_carol->run({ u"key"_s }).out));

        // The DC hands out another key for bob (here carol's): refused, in words, with both fingerprints.
        QVERIFY(dcSql(u"CREATE TABLE saved_key AS SELECT public_key FROM account_keys WHERE username = 'bob'"_s, -1));
        QVERIFY(dcSql(u"UPDATE account_keys SET public_key = (SELECT public_key FROM account_keys WHERE username = 'carol') "
                      "WHERE username = 'bob'"_s));
        const NodeResult swapped = m_owner->run({ u"share"_s, m_id, u"--to"_s, u"bob"_s });
        expectFailure(swapped, 6, "changed since this profile first saw it");
        QVERIFY(swapped.err.contains(bobs.toUtf8()));
        const NodeResult look = m_owner->run({ u"key"_s, u"bob"_s });
        QVERIFY2(look.code == 0 && look.out.contains("CHANGED"), look.out.constData());
        // Accepting it (the owner was told a new fingerprint) re-pins; bob's real key is then the changed one.
        const NodeResult accepted = m_owner->run({ u"share"_s, m_id, u"--to"_s, u"bob"_s, u"--accept-new-key"_s });
        QVERIFY2(accepted.code == 0 && accepted.out.contains("first seen now"), accepted.err.constData());
        QVERIFY(dcSql(u"UPDATE account_keys SET public_key = (SELECT public_key FROM saved_key) WHERE username = 'bob'"_s));
        expectFailure(m_owner->run({ u"share"_s, m_id, u"--to"_s, u"bob"_s }), 6, "changed");
        const NodeResult back = m_owner->run({ u"share"_s, m_id, u"--to"_s, u"bob"_s, u"--accept-new-key"_s });
        QVERIFY2(back.code == 0, back.err.constData());
        QCOMPARE(fingerprintIn(back.out), bobs);
        QCOMPARE(get(*m_bob).code, 0); // sealed to bob's real key again
    }

    void recipientCannotDeleteOrReshare()
    {
        expectFailure(m_bob->run({ u"delete"_s, m_id }), 3, "shared with you by owner");
        expectFailure(m_bob->run({ u"share"_s, m_id, u"--revocable"_s }), 3, "shared with you by owner");
        expectFailure(m_bob->run({ u"share"_s, m_id, u"--to"_s, u"carol"_s }), 3, "only its owner");
        QVERIFY(sharedWithMe(*m_carol).isEmpty());
        const NodeResult ls = m_owner->run({ u"ls"_s });
        QVERIFY(ls.out.contains(m_id.left(12).toUtf8())); // still there
        QCOMPARE(get(*m_bob).code, 0);
    }

    void badRecipientsAreRefused()
    {
        expectFailure(m_owner->run({ u"share"_s, m_id, u"--to"_s, u"nosuchuser"_s }), 1, "no user 'nosuchuser'");
        expectFailure(m_owner->run({ u"share"_s, m_id, u"--to"_s, u"OWNER"_s }), 2, "yourself");
        expectFailure(m_owner->run({ u"share"_s, m_id, u"--to"_s, u"not a name!"_s }), 2, "not a user name");
        expectFailure(m_owner->run({ u"share"_s, m_id, u"--to"_s, u"bob"_s, u"--expires"_s, u"7d"_s }), 2, "one or the other");
        expectFailure(m_carol->run({ u"share"_s, m_id, u"--to"_s, u"bob"_s }), 1, "no object of yours");
        expectFailure(m_owner->run({ u"unshare"_s, m_id, u"--to"_s, u"carol"_s }), 1, "is not shared with 'carol'");
    }

    void unshareRefusesTheRecipient()
    {
        const NodeResult u = m_owner->run({ u"unshare"_s, m_id.left(8), u"--to"_s, u"bob"_s });
        QVERIFY2(u.code == 0, u.err.constData());
        QVERIFY(sharedWithMe(*m_bob).isEmpty());
        expectFailure(get(*m_bob), 3, "not shared with you");
        QVERIFY(QDir(path(u"get-%1"_s.arg(m_gets))).entryList(QDir::Files).isEmpty());
        expectFailure(m_bob->run({ u"delete"_s, m_id }), 1, "no object");
    }

    // An account from before sharing to users has no key pair: nobody can share with it until it logs in.
    void oldAccountGetsItsKeyAtLogin()
    {
        QVERIFY(dcSql(u"DELETE FROM account_keys WHERE username = 'carol'"_s));
        expectFailure(m_owner->run({ u"share"_s, m_id, u"--to"_s, u"carol"_s }), 1, "log in once");
        const NodeResult in = m_carol->run({ u"login"_s, u"--dc"_s, m_dc.baseUrl(), u"carol"_s });
        QVERIFY2(in.code == 0, in.err.constData());
        // The owner had pinned carol's first key (fingerprintsArePinned…): her new one must be accepted.
        expectFailure(m_owner->run({ u"share"_s, m_id, u"--to"_s, u"carol"_s }), 6, "changed");
        const NodeResult s = m_owner->run({ u"share"_s, m_id, u"--to"_s, u"carol"_s, u"--accept-new-key"_s });
        QVERIFY2(s.code == 0, s.err.constData());
        QCOMPARE(fingerprintIn(s.out), fingerprintIn(m_carol->run({ u"key"_s }).out));
        const NodeResult r = get(*m_carol);
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(readFile(r.outText()), m_data);
    }
};

QTEST_GUILESS_MAIN(TestShareUsers)
#include "tst_share_users.moc"
