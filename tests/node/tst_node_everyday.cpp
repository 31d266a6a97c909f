// The everyday path as a new user walks it, end to end with a real amazingstore-dc and amazingstore-node
// processes on 127.0.0.1: files of every size around the block and piece boundaries upload and come back by
// link, several files where one fails still give the others' links, a profile stays one user's, a DC that
// restarts during an upload is ridden out, and the small conveniences (id prefixes, -o that makes its
// folder, clear messages) hold. Each of these was once broken while the rest of the suite passed.
#include "tests/common/TestData.h"
#include "tests/node/NodeProcess.h"
#include "tests/server/DcProcess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

using namespace as::test;
using namespace Qt::Literals::StringLiterals;

namespace {

QByteArray why(const NodeResult& r)
{
    return "exit " + QByteArray::number(r.code) + ": " + r.err;
}

} // namespace

class TestNodeEveryday : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    DcProcess m_dc;
    std::unique_ptr<Node> m_owner;
    int m_friends = 0;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    // A profile that never logged in gets `link` into a folder that does not exist yet.
    NodeResult getFresh(const QString& link, QString* folder)
    {
        const int n = ++m_friends;
        *folder = path(u"friend-out-%1/new folder 新"_s.arg(n));
        Node fresh(path(u"friend-%1"_s.arg(n)));
        return fresh.run({ u"get"_s, link, u"-o"_s, *folder }, 60000);
    }

private slots:
    void initTestCase()
    {
        // A small object limit lets a test make one upload of several fail for a reason of its own.
        QVERIFY(m_dc.start(path(u"dc"_s), { u"--max-object-size"_s, u"3000000"_s }));
        m_owner = std::make_unique<Node>(path(u"owner"_s));
        const NodeResult r = m_owner->run({ u"register"_s, u"--dc"_s, m_dc.baseUrl(), u"owner"_s });
        QVERIFY2(r.code == 0, why(r).constData());
    }

    // Plaintext sizes whose objects (a 64-byte header and 16-byte tags on top) fall on every boundary that
    // matters: empty, one byte, around one and two 16 KiB blocks, around one 64 KiB piece.
    void everySizeUploadsAndComesBackByLink()
    {
        QDir().mkpath(path(u"in"_s));
        const QList<qint64> sizes { 0, 1, 100, 16000, 16383, 16384, 16385, 32500, 32767, 32768, 32769, 65535,
            65536, 65537, 200000 };
        QStringList files;
        for (qint64 size : sizes) {
            files.append(path(u"in/size %1 字节.bin"_s.arg(size)));
            writeFile(files.last(), randomBytes(size, quint32(size) + 7));
        }
        NodeResult r = m_owner->run(QStringList { u"upload"_s } + files, 120000);
        QVERIFY2(r.code == 0, why(r).constData());
        const QStringList links = r.outText().split(u'\n');
        QCOMPARE(links.size(), sizes.size());
        // Nothing is left "uploading": every object is available.
        r = m_owner->run({ u"ls"_s, u"--json"_s });
        const QJsonArray objects = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(objects.size(), sizes.size());
        for (const QJsonValue& o : objects)
            QCOMPARE(o.toObject().value(u"state"_s).toString(), u"available"_s);
        // Three of them by link from fresh profiles (all of them would take long while the web seed waits).
        for (int i : { 0, 1, 8 }) {
            QString folder;
            r = getFresh(links[i], &folder);
            QVERIFY2(r.code == 0, why(r).constData());
            QCOMPARE(readFile(QDir(folder).filePath(QFileInfo(files[i]).fileName())), readFile(files[i]));
        }
    }

    void oneFailedFileDoesNotHideTheOthersLinks()
    {
        writeFile(path(u"in/a.txt"_s), "first");
        writeFile(path(u"in/too big.bin"_s), randomBytes(3'500'000, 3));
        writeFile(path(u"in/c.txt"_s), "third");
        const NodeResult r = m_owner->run({ u"upload"_s, path(u"in/a.txt"_s), path(u"in/too big.bin"_s), path(u"in/c.txt"_s) });
        QCOMPARE(r.code, 1);
        const QStringList lines = QString::fromUtf8(r.out).split(u'\n');
        QVERIFY2(lines.size() >= 3, r.out.constData());
        QVERIFY2(lines[0].contains(u"/s/"_s) && lines[2].contains(u"/s/"_s), r.out.constData());
        QVERIFY(lines[1].isEmpty());
        QVERIFY2(r.err.contains("too big.bin"), r.err.constData());
        QString folder;
        const NodeResult got = getFresh(lines[2], &folder);
        QVERIFY2(got.code == 0, why(got).constData());
        QCOMPARE(readFile(QDir(folder).filePath(u"c.txt"_s)), QByteArray("third"));
    }

    void idPrefixesAndMessages()
    {
        const NodeResult ls = m_owner->run({ u"ls"_s });
        QVERIFY2(ls.out.startsWith("ID "), ls.out.constData()); // a header
        const NodeResult json = m_owner->run({ u"ls"_s, u"--json"_s });
        QString id;
        for (const QJsonValue& o : QJsonDocument::fromJson(json.out).array())
            if (o.toObject().value(u"name"_s).toString() == u"a.txt"_s)
                id = o.toObject().value(u"id"_s).toString();
        QCOMPARE(id.size(), 64);
        NodeResult r = m_owner->run({ u"share"_s, id.left(8) });
        QVERIFY2(r.code == 0 && r.outText().contains(id), why(r).constData());
        r = m_owner->run({ u"share"_s, u"00"_s });
        QCOMPARE(r.code, 2);
        r = m_owner->run({ u"delete"_s, id.left(10) });
        QVERIFY2(r.code == 0, why(r).constData());
        QVERIFY2(r.outText().contains(u"deleted a.txt"_s), r.out.constData());
        r = m_owner->run({ u"config"_s, u"upload-limit"_s, u"-1"_s });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("upload-limit: invalid value '-1'"), r.err.constData());
        r = m_owner->run({ u"config"_s, u"capacity"_s, u"5GB"_s });
        QCOMPARE(r.code, 0);
        QCOMPARE(m_owner->run({ u"config"_s, u"capacity"_s }).outText(), u"5000000000 (5.0 GB)"_s);
        r = m_owner->run({ u"config"_s, u"dc"_s, u"http://127.0.0.1:1"_s });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("logout"), r.err.constData());
        // A file where the folder should be is an error, not a silent overwrite.
        writeFile(path(u"a-file"_s), "x");
        r = Node(path(u"lonely"_s)).run({ u"get"_s, u"http://127.0.0.1:1/s/"_s + QString(64, u'a') + u"#k="_s + QString(43, u'A'), u"-o"_s, path(u"a-file"_s) });
        QCOMPARE(r.code, 5); // local disk
        QVERIFY2(r.err.contains("not a folder"), r.err.constData());
        // A failed get into a folder it had to make leaves no empty folder behind.
        r = Node(path(u"lonely"_s)).run({ u"get"_s, u"http://127.0.0.1:1/s/"_s + QString(64, u'a') + u"#k="_s + QString(43, u'A'), u"-o"_s, path(u"never made"_s) });
        QCOMPARE(r.code, 4); // the DC is unreachable
        QVERIFY(!QFileInfo::exists(path(u"never made"_s)));
    }

    void aProfileIsOneUsers()
    {
        Node bob(path(u"bob"_s));
        NodeResult r = bob.run({ u"register"_s, u"--dc"_s, m_dc.baseUrl(), u"bob"_s });
        QVERIFY2(r.code == 0, why(r).constData());
        // Another account on the owner's logged-in profile: refused, nothing changes.
        Node ownerAsBob(path(u"owner"_s));
        r = ownerAsBob.run({ u"login"_s, u"--dc"_s, m_dc.baseUrl(), u"bob"_s });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("logout"), r.err.constData());
        r = ownerAsBob.run({ u"register"_s, u"--dc"_s, m_dc.baseUrl(), u"carol"_s });
        QCOMPARE(r.code, 1);
        // After a logout bob may log in here, and sees his objects only (none), not the owner's.
        r = m_owner->run({ u"logout"_s });
        QVERIFY2(r.code == 0 && r.outText().contains(u"logged out owner"_s), why(r).constData());
        r = ownerAsBob.run({ u"login"_s, u"--dc"_s, m_dc.baseUrl(), u"bob"_s });
        QVERIFY2(r.code == 0, why(r).constData());
        r = ownerAsBob.run({ u"ls"_s, u"--json"_s });
        QCOMPARE(QJsonDocument::fromJson(r.out).array().size(), 0);
        r = ownerAsBob.run({ u"status"_s, u"--json"_s });
        QCOMPARE(QJsonDocument::fromJson(r.out).object().value(u"objects"_s).toInt(), 0);
        // And back: the owner's objects come back from the DC.
        QCOMPARE(ownerAsBob.run({ u"logout"_s }).code, 0);
        r = m_owner->run({ u"login"_s, u"--dc"_s, m_dc.baseUrl(), u"owner"_s });
        QVERIFY2(r.code == 0, why(r).constData());
        r = m_owner->run({ u"ls"_s, u"--json"_s });
        QVERIFY(QJsonDocument::fromJson(r.out).array().size() > 10);
    }

    void aDcRestartDuringAnUploadIsRiddenOut()
    {
        const int port = m_dc.port();
        writeFile(path(u"in/during restart.bin"_s), randomBytes(2'000'000, 11));
        m_dc.kill9();
        QProcess upload;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"AMAZINGSTORE_PASSWORD"_s, u"correct horse battery"_s);
        upload.setProcessEnvironment(env);
        upload.start(nodeBinary(), { u"--profile"_s, path(u"owner"_s), u"upload"_s, path(u"in/during restart.bin"_s) });
        QVERIFY(upload.waitForStarted());
        QTest::qWait(3000);
        QVERIFY(m_dc.start(path(u"dc"_s), { u"--listen"_s, u"127.0.0.1:%1"_s.arg(port), u"--max-object-size"_s, u"3000000"_s }));
        QVERIFY(upload.waitForFinished(60000));
        QVERIFY2(upload.exitCode() == 0, upload.readAllStandardError().constData());
        const QString link = QString::fromUtf8(upload.readAllStandardOutput()).trimmed();
        QString folder;
        const NodeResult r = getFresh(link, &folder);
        QVERIFY2(r.code == 0, why(r).constData());
        QCOMPARE(readFile(QDir(folder).filePath(u"during restart.bin"_s)), readFile(path(u"in/during restart.bin"_s)));
    }

    void passwordsAreChecked()
    {
        Node shortPassword(path(u"short"_s), u"abc"_s);
        const NodeResult r = shortPassword.run({ u"register"_s, u"--dc"_s, m_dc.baseUrl(), u"shorty"_s });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("at least 8 characters"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestNodeEveryday)
#include "tst_node_everyday.moc"
