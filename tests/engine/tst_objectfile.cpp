// The object envelope (ASO1 + sealed metadata + ASE1) and its decryption into a folder: names from sealed
// metadata stay inside the folder, a wrong key or a damaged object leaves nothing behind, and an existing
// file is never replaced.
#include "core/crypto/SealedMetadata.h"
#include "core/engine/ObjectFile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace as;

namespace {
void writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}
QStringList entries(const QString& dir) { return QDir(dir).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::Hidden); }
} // namespace

class TestObjectFile : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString p(const QString& n) const { return m_dir.filePath(n); }

    QString makeObject(const QString& name, const QByteArray& data, const crypto::SecretKey& key)
    {
        writeFile(p(QStringLiteral("plain")), data);
        auto sealed = crypto::sealMetadata({name, data.size(), {}, {}}, key);
        if (!sealed)
            return {};
        const QString out = p(QStringLiteral("object-") + QString::number(++m_n));
        if (!engine::encryptObject(p(QStringLiteral("plain")), out, key, *sealed))
            return {};
        return out;
    }
    int m_n = 0;

private slots:
    void roundTripNamedFromMetadata()
    {
        auto key = crypto::SecretKey::generate();
        const QByteArray data = QByteArray(300000, 'x') + "tail";
        const QString obj = makeObject(QStringLiteral("report.txt"), data, *key);
        QVERIFY(!obj.isEmpty());
        QFile f(obj);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(!f.readAll().contains("report.txt")); // the name is sealed
        QDir().mkpath(p(QStringLiteral("out")));
        auto path = engine::decryptObject(obj, p(QStringLiteral("out")), *key);
        QVERIFY2(path.ok(), path.ok() ? "" : qPrintable(path.error().message));
        QCOMPARE(*path, p(QStringLiteral("out/report.txt")));
        QFile got(*path);
        QVERIFY(got.open(QIODevice::ReadOnly));
        QCOMPARE(got.readAll(), data);
        // A second copy does not replace the first.
        auto again = engine::decryptObject(obj, p(QStringLiteral("out")), *key);
        QVERIFY(again.ok());
        QCOMPARE(*again, p(QStringLiteral("out/report (1).txt")));
        QCOMPARE(engine::readObjectMetadata(obj, *key)->size, data.size());
    }

    void hostileNamesStayInside_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("dotdot") << QStringLiteral("../../escape.txt");
        QTest::newRow("absolute") << QStringLiteral("/etc/passwd");
        QTest::newRow("backslash") << QStringLiteral("..\\..\\win.txt");
        QTest::newRow("control") << QStringLiteral("a\nb\tc.txt");
    }
    void hostileNamesStayInside()
    {
        QFETCH(QString, name);
        auto key = crypto::SecretKey::generate();
        const QString obj = makeObject(name, "payload", *key);
        const QString out = p(QStringLiteral("hostile-") + QString::fromLatin1(QTest::currentDataTag()));
        QDir().mkpath(out);
        if (obj.isEmpty())
            return; // refused at sealing time: also fine
        auto path = engine::decryptObject(obj, out, *key);
        if (!path.ok()) {
            QVERIFY(entries(out).isEmpty());
            return;
        }
        QCOMPARE(QFileInfo(*path).absolutePath(), QFileInfo(out).absoluteFilePath());
        QCOMPARE(entries(out).size(), 1);
    }

    void wrongKeyAndDamageLeaveNothing()
    {
        auto key = crypto::SecretKey::generate();
        auto other = crypto::SecretKey::generate();
        const QString obj = makeObject(QStringLiteral("f.bin"), QByteArray(200000, 'q'), *key);
        const QString out = p(QStringLiteral("bad"));
        QDir().mkpath(out);
        auto r = engine::decryptObject(obj, out, *other);
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(QStringLiteral("wrong key")));
        QVERIFY(entries(out).isEmpty());

        QFile f(obj);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek(f.size() / 2);
        f.write("garbage");
        f.close();
        r = engine::decryptObject(obj, out, *key);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::IntegrityFailure);
        QVERIFY(entries(out).isEmpty());

        QVERIFY(f.resize(f.size() - 100)); // truncated
        r = engine::decryptObject(obj, out, *key);
        QVERIFY(!r.ok());
        QVERIFY(entries(out).isEmpty());

        writeFile(p(QStringLiteral("foreign")), "not an object at all");
        r = engine::decryptObject(p(QStringLiteral("foreign")), out, *key);
        QVERIFY(!r.ok());
        QVERIFY(entries(out).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestObjectFile)
#include "tst_objectfile.moc"
