// Bad input on the local side (issue 3 "Bad input"), with a real DC and real amazingstore-node processes:
// a source file that changes or vanishes while it is being uploaded, a download target that fills up or
// cannot be written, the profile's own disk filling up while an upload encrypts. Each must give one clear
// error (exit 1), leave nothing under a final name, register nothing wrong, and leave the profile working.
// A download from the DC alone writes no ciphertext into the profile, so a small profile disk does not stop it.
//
// Small disks are tmpfs mounts (root only; the suite skips those cases with the reason otherwise). A change
// "while it is being uploaded" is made deterministic by freezing the node (SIGSTOP) as soon as its
// encryption holds the source file open (seen in /proc/PID/fd; the output is an unnamed O_TMPFILE until it
// is committed), changing the file, and letting the node go on (SIGCONT).
#include "tests/node/NodeProcess.h"
#include "tests/server/DcProcess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <csignal>
#include <unistd.h>

using namespace as::test;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");

// `size` bytes: one random MiB repeated (the cipher does not care; writing stays fast).
bool writeData(const QString& path, qint64 size)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    QByteArray block(1 << 20, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(block.data()), block.size() / 4);
    for (qint64 done = 0; done < size; done += block.size())
        if (f.write(block.constData(), std::min<qint64>(block.size(), size - done)) <= 0)
            return false;
    // An old mtime, so that any later write is seen as a change whatever the clock's resolution.
    return f.setFileTime(QDateTime::currentDateTimeUtc().addDays(-3), QFileDevice::FileModificationTime);
}

QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::Hidden);
}

QByteArray describe(const NodeResult& r)
{
    return "exit " + QByteArray::number(r.code) + ": " + r.err;
}

// Whether process `pid` has `file` open (encryption under way: nothing else in the node opens the source).
bool holdsOpen(qint64 pid, const QString& file)
{
    const QByteArray target = QFileInfo(file).absoluteFilePath().toLocal8Bit();
    const QString fdDir = QStringLiteral("/proc/%1/fd").arg(pid);
    for (const QString& fd : QDir(fdDir).entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)) {
        char buf[4096];
        const ssize_t n = ::readlink(QFile::encodeName(fdDir + u'/' + fd).constData(), buf, sizeof buf);
        if (n > 0 && QByteArray(buf, n) == target)
            return true;
    }
    return false;
}

int runTool(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(20000))
        return -1;
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}
} // namespace

class TestNodeBadInput : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    DcProcess m_dc;
    std::unique_ptr<Node> m_owner; // uploads (account "alice")
    std::unique_ptr<Node> m_getter; // only ever uses links
    QStringList m_mounts;
    QString m_link; // of m_linkData
    QByteArray m_linkData;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    // A tmpfs of `bytes` at `dir` (created), unmounted in cleanupTestCase.
    bool mountTmpfs(const QString& dir, qint64 bytes)
    {
        QDir().mkpath(dir);
        if (::geteuid() != 0)
            return false;
        if (runTool(QStringLiteral("mount"),
                { QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                    QStringLiteral("size=%1").arg(bytes), QStringLiteral("tmpfs"), dir })
            != 0)
            return false;
        m_mounts.append(dir);
        return true;
    }
    bool remount(const QString& dir, const QString& options)
    {
        return runTool(QStringLiteral("mount"), { QStringLiteral("-o"), QStringLiteral("remount,") + options, dir })
            == 0;
    }

    void configure(Node& n)
    {
        const int port = freePort();
        QCOMPARE(n.run({ QStringLiteral("config"), QStringLiteral("listen-port"), QString::number(port) }).code, 0);
        // DHT on loopback only (the node itself), never the public routers.
        QCOMPARE(n.run({ QStringLiteral("config"), QStringLiteral("dht-bootstrap"),
                           QStringLiteral("127.0.0.1:%1").arg(port) })
                     .code,
            0);
    }

    // After a skipped case (its upload went through): back to an empty account for the next case.
    void dropAllObjects(Node& n)
    {
        for (const QJsonValue& v : objectsOf(n))
            n.run({ QStringLiteral("delete"), v.toObject().value(QStringLiteral("id")).toString() });
    }

    QJsonArray objectsOf(Node& n)
    {
        const NodeResult r = n.run({ QStringLiteral("ls"), QStringLiteral("--json") });
        return r.code == 0 ? QJsonDocument::fromJson(r.out).array() : QJsonArray { QStringLiteral("ls failed") };
    }

    // Starts `upload FILE` on `profile`, freezes the node once its encryption holds the file open, runs
    // `change`, and lets the node go on. Returns the node's result; `caught` says whether the
    // node was frozen mid-encryption (false: it had finished encrypting first, the change came too late).
    NodeResult uploadChangingMidway(
        const QString& profile, const QString& file, const std::function<void()>& change, bool* caught)
    {
        QProcess p;
        killWithParent(p);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("AMAZINGSTORE_PASSWORD"), kPassword);
        p.setProcessEnvironment(env);
        p.start(nodeBinary(), { QStringLiteral("--profile"), profile, QStringLiteral("upload"), file });
        NodeResult r;
        *caught = false;
        if (!p.waitForStarted(5000))
            return r;
        const qint64 pid = p.processId();
        QElapsedTimer t;
        t.start();
        while (p.state() == QProcess::Running && t.elapsed() < 30000) {
            if (holdsOpen(pid, file)) {
                ::kill(pid_t(pid), SIGSTOP);
                // Still open while frozen: the encryption had not finished, so the change lands mid-way.
                *caught = holdsOpen(pid, file);
                change();
                ::kill(pid_t(pid), SIGCONT);
                break;
            }
            QThread::usleep(200);
        }
        if (!p.waitForFinished(120000)) {
            p.kill();
            p.waitForFinished(5000);
            return r;
        }
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_dc.start(path(QStringLiteral("dc"))));
        m_owner = std::make_unique<Node>(path(QStringLiteral("owner")), kPassword);
        m_getter = std::make_unique<Node>(path(QStringLiteral("getter")), kPassword);
        configure(*m_owner);
        configure(*m_getter);
        const NodeResult r = m_owner->run(
            { QStringLiteral("register"), QStringLiteral("--dc"), m_dc.baseUrl(), QStringLiteral("alice") });
        QVERIFY2(r.code == 0, describe(r).constData());
    }

    void cleanupTestCase()
    {
        m_owner.reset();
        m_getter.reset();
        m_dc.stop();
        for (const QString& dir : m_mounts)
            if (runTool(QStringLiteral("umount"), { dir }) != 0)
                runTool(QStringLiteral("umount"), { QStringLiteral("-l"), dir });
    }

    void fileChangesWhileUploading_data()
    {
        QTest::addColumn<QString>("change");
        QTest::newRow("grows") << QStringLiteral("grows");
        QTest::newRow("shrinks") << QStringLiteral("shrinks");
        QTest::newRow("rewritten, same size") << QStringLiteral("rewritten");
        QTest::newRow("vanishes") << QStringLiteral("vanishes");
    }
    void fileChangesWhileUploading()
    {
        QFETCH(QString, change);
        constexpr qint64 kSize = 128ll << 20; // encrypting it takes long enough to be caught mid-way
        QDir().mkpath(path(QStringLiteral("src")));
        const QString file = path(QStringLiteral("src/changing-%1.bin").arg(change));
        QVERIFY(writeData(file, kSize));
        bool caught = false;
        const NodeResult r = uploadChangingMidway(
            m_owner->profile(), file,
            [&] {
                QFile f(file);
                if (change == QLatin1String("grows") && f.open(QIODevice::Append))
                    f.write(QByteArray(4096, 'x'));
                else if (change == QLatin1String("shrinks"))
                    f.resize(kSize / 2);
                else if (change == QLatin1String("rewritten") && f.open(QIODevice::ReadWrite))
                    f.write(QByteArray(4096, 'y'));
                else if (change == QLatin1String("vanishes"))
                    f.remove();
            },
            &caught);
        if (!caught) {
            dropAllObjects(*m_owner);
            QSKIP("the node finished encrypting before the test could freeze it; nothing to check this run");
        }
        QCOMPARE(r.code, 5); // a local file or disk error (core/api exitStatusFor)
        QCOMPARE(r.err.count('\n'), 1); // one clear line
        const QByteArray expected = change == QLatin1String("vanishes") ? "vanished while it was being uploaded"
                                                                        : "changed while it was being uploaded";
        QVERIFY2(r.err.contains(expected), r.err.constData());
        QVERIFY(r.out.isEmpty()); // no link
        // Nothing at the DC or in the profile: no object under any id, no temp file.
        QCOMPARE(objectsOf(*m_owner), QJsonArray());
        QCOMPARE(entries(m_owner->profile() + QStringLiteral("/objects")), QStringList());

        if (change == QLatin1String("vanishes"))
            return;
        // The file, left alone now, uploads fine and comes back as it is now.
        const NodeResult again = m_owner->run({ QStringLiteral("upload"), file }, 120000);
        QVERIFY2(again.code == 0, describe(again).constData());
        const QJsonArray list = objectsOf(*m_owner);
        QCOMPARE(list.size(), 1);
        QCOMPARE(list[0].toObject().value(QStringLiteral("size")).toInteger(), QFileInfo(file).size());
        if (change == QLatin1String("rewritten")) {
            const QString out = path(QStringLiteral("out-rewritten"));
            QDir().mkpath(out);
            const NodeResult got
                = m_getter->run({ QStringLiteral("get"), again.outText(), QStringLiteral("-o"), out }, 120000);
            QVERIFY2(got.code == 0, describe(got).constData());
            QVERIFY(readFile(got.outText()) == readFile(file));
        }
        const QString id = list[0].toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(m_owner->run({ QStringLiteral("delete"), id }).code, 0);
        QFile::remove(file);
    }

    void targetDiskFillsUp()
    {
        // A 3 MiB file; the target folder is a 1 MiB disk.
        m_linkData = QByteArray(3 << 20, Qt::Uninitialized);
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(m_linkData.data()), m_linkData.size() / 4);
        QDir().mkpath(path(QStringLiteral("src")));
        QFile f(path(QStringLiteral("src/three.bin")));
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(m_linkData) == m_linkData.size());
        f.close();
        NodeResult r = m_owner->run({ QStringLiteral("upload"), f.fileName() }, 60000);
        QVERIFY2(r.code == 0, describe(r).constData());
        m_link = r.outText();

        const QString small = path(QStringLiteral("small-target"));
        if (!mountTmpfs(small, 1 << 20))
            QSKIP("cannot mount a small tmpfs here (needs root): the full-disk case is not checked");
        r = m_getter->run({ QStringLiteral("get"), m_link, QStringLiteral("-o"), small }, 120000);
        QCOMPARE(r.code, 5); // a local disk error
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains("not enough disk space") || r.err.contains("No space left"), r.err.constData());
        QVERIFY(r.out.isEmpty());
        QCOMPARE(entries(small), QStringList()); // no file under the final name, no temp file

        // The profile still works: the same link into a roomy folder.
        const QString roomy = path(QStringLiteral("roomy-target"));
        QDir().mkpath(roomy);
        r = m_getter->run({ QStringLiteral("get"), m_link, QStringLiteral("-o"), roomy }, 120000);
        QVERIFY2(r.code == 0, describe(r).constData());
        QCOMPARE(readFile(r.outText()), m_linkData);
    }

    void profileDiskTooSmallForTheCiphertext()
    {
        // A profile that has never seen the object, on a 2 MiB disk, gets the 3 MiB object from the DC alone:
        // verified pieces go from memory to decryption and only the plaintext is written (into the target),
        // so the download no longer needs the object's size in the profile (it failed with "No space left"
        // when the ciphertext went to downloads/<id>/ first). Nothing of it is left in the profile.
        QVERIFY(!m_link.isEmpty());
        const QString profile = path(QStringLiteral("tiny-profile"));
        if (!mountTmpfs(profile, 2 << 20))
            QSKIP("cannot mount a small tmpfs here (needs root): the small-profile download is not checked");
        Node tiny(profile, kPassword);
        configure(tiny);
        const QString target = path(QStringLiteral("tiny-target"));
        QDir().mkpath(target);
        const NodeResult r = tiny.run({ QStringLiteral("get"), m_link, QStringLiteral("-o"), target }, 120000);
        QVERIFY2(r.code == 0, describe(r).constData());
        QCOMPARE(readFile(r.outText()), m_linkData);
        QVERIFY(!QFileInfo::exists(profile + QStringLiteral("/downloads/") + m_link.section(u'/', -1).section(u'#', 0, 0)));
    }

    void targetNotWritable()
    {
        QVERIFY(!m_link.isEmpty());
        const QString dir = path(QStringLiteral("read-only-target"));
        // root writes through permission bits, so it gets a read-only mount; others a 0555 folder.
        if (::geteuid() == 0) {
            QVERIFY(mountTmpfs(dir, 1 << 20));
            QVERIFY(remount(dir, QStringLiteral("ro")));
        } else {
            QDir().mkpath(dir);
            QVERIFY(QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        }
        const NodeResult r = m_getter->run({ QStringLiteral("get"), m_link, QStringLiteral("-o"), dir });
        QCOMPARE(r.code, 5);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains("cannot write into"), r.err.constData());
        QCOMPARE(entries(dir), QStringList());
    }

    void profileDiskFillsUpWhileEncrypting()
    {
        // Its own account and profile, on a 160 MiB disk; a 96 MiB upload fits until the test fills the
        // disk while the node is frozen mid-encryption.
        const QString profile = path(QStringLiteral("small-profile"));
        if (!mountTmpfs(profile, 160ll << 20))
            QSKIP("cannot mount a small tmpfs here (needs root): the full-profile case is not checked");
        Node bob(profile, kPassword);
        NodeResult r
            = bob.run({ QStringLiteral("register"), QStringLiteral("--dc"), m_dc.baseUrl(), QStringLiteral("bob") });
        QVERIFY2(r.code == 0, describe(r).constData());
        const QString file = path(QStringLiteral("src/big.bin"));
        QVERIFY(writeData(file, 96ll << 20));
        const QByteArray before = readFile(file);
        const QDateTime mtime = QFileInfo(file).lastModified();

        const QString filler = profile + QStringLiteral("/filler");
        bool caught = false;
        r = uploadChangingMidway(
            profile, file,
            [&] {
                // Everything the disk has left, in 1 MiB writes until it refuses.
                QFile f(filler);
                if (!f.open(QIODevice::WriteOnly))
                    return;
                const QByteArray block(1 << 20, 'z');
                while (f.write(block) > 0 && f.flush()) { }
            },
            &caught);
        if (!caught) {
            QFile::remove(filler);
            QSKIP("the node finished encrypting before the test could freeze it; nothing to check this run");
        }
        QCOMPARE(r.code, 5);
        // The clear error is the last line; at most one logged diagnostic (the stage the engine could not
        // save on the full disk) comes before it.
        const QList<QByteArray> lines = r.err.trimmed().split('\n');
        QVERIFY2(lines.size() <= 2, r.err.constData());
        QVERIFY2(lines.last().contains("No space left") || lines.last().contains("not enough disk space"), r.err.constData());
        // The source is untouched; no object and no temp file in the profile; nothing at the DC.
        QCOMPARE(QFileInfo(file).lastModified(), mtime);
        QVERIFY(readFile(file) == before);
        QCOMPARE(entries(profile + QStringLiteral("/objects")), QStringList());

        // Space is back: nothing was registered at the DC, and the same command now succeeds (the stage
        // left behind, if the profile could not even record the failure, is redone).
        QVERIFY(QFile::remove(filler));
        QCOMPARE(objectsOf(bob), QJsonArray());
        r = bob.run({ QStringLiteral("upload"), file }, 120000);
        QVERIFY2(r.code == 0, describe(r).constData());
        const QJsonArray list = objectsOf(bob);
        QCOMPARE(list.size(), 1);
        QCOMPARE(list[0].toObject().value(QStringLiteral("size")).toInteger(), qint64(96ll << 20));
        QCOMPARE(list[0].toObject().value(QStringLiteral("state")).toString(), QStringLiteral("available"));
        QFile::remove(file);
    }
};

QTEST_GUILESS_MAIN(TestNodeBadInput)
#include "tst_node_badinput.moc"
