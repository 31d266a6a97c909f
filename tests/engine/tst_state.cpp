#include "core/state/Migrations.h"
#include "core/state/Settings.h"
#include "core/state/Store.h"
#include "core/util/Units.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace as;
using namespace Qt::Literals::StringLiterals;
using namespace as::state;

class TestState : public QObject {
    Q_OBJECT
private slots:
    void opensMigratesAndProtects()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.path() + QStringLiteral("/p"));
        QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message));
        QCOMPARE((*store)->schemaVersion(), latestSchemaVersion());
        const QFileInfo db(dir.path() + QStringLiteral("/p/state.sqlite"));
        QCOMPARE(db.permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                 QFileDevice::Permissions());
        const QFileInfo folder(dir.path() + QStringLiteral("/p"));
        QCOMPARE(folder.permissions() & (QFile::ReadOther | QFile::ExeOther), QFileDevice::Permissions());
        // Reopening a migrated profile is a no-op.
        store->reset();
        auto again = Store::open(dir.path() + QStringLiteral("/p"));
        QVERIFY(again.ok());
        QCOMPARE((*again)->schemaVersion(), latestSchemaVersion());
    }

    void refusesNewerSchema()
    {
        QTemporaryDir dir;
        {
            auto store = Store::open(dir.path());
            QVERIFY(store.ok());
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
            db.setDatabaseName(dir.filePath(QStringLiteral("state.sqlite")));
            QVERIFY(db.open());
            QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 99"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
        auto store = Store::open(dir.path());
        QVERIFY(!store.ok());
        QVERIFY(store.error().message.contains(QStringLiteral("newer version")));
    }

    void accountRoundTrip()
    {
        QTemporaryDir dir;
        auto store = std::move(Store::open(dir.path()).value());
        QVERIFY(!store->account());
        const Account a{QStringLiteral("http://127.0.0.1:1"), QStringLiteral("ann"), QStringLiteral("tok"), QByteArray(32, 'k')};
        QVERIFY(store->setAccount(a).ok());
        QCOMPARE(store->account()->masterKey, a.masterKey);
        QCOMPARE(store->account()->user, a.user);
        QVERIFY(store->clearAccount().ok());
        QVERIFY(!store->account());
    }

    void objectsAndUploads()
    {
        QTemporaryDir dir;
        auto store = std::move(Store::open(dir.path()).value());
        ObjectRecord o;
        o.id = QString(64, u'a');
        o.name = QStringLiteral("b\u00e4r.txt");
        o.size = 42;
        o.state = ObjectState::Available;
        o.fileKey = QByteArray(32, 'f');
        o.dcUrl = QStringLiteral("http://dc");
        o.uploaded = QDateTime::currentDateTimeUtc();
        QVERIFY(store->putObject(o).ok());
        ObjectRecord fetched = o;
        fetched.id = QString(64, u'b');
        fetched.owned = false;
        QVERIFY(store->putObject(fetched).ok());
        QCOMPARE(store->objects()->size(), 1);
        QCOMPARE(store->objects(false)->size(), 2);
        QCOMPARE(store->object(o.id)->name, o.name);
        QCOMPARE(store->object(o.id)->uploaded.toMSecsSinceEpoch(), o.uploaded.toMSecsSinceEpoch());
        QVERIFY(store->removeObject(o.id).ok());
        QVERIFY(!store->object(o.id));

        UploadRecord u;
        u.sourcePath = QStringLiteral("/tmp/x");
        u.sourceSize = 10;
        u.stage = UploadStage::Queued;
        auto id = store->addUpload(u);
        QVERIFY(id.ok());
        auto got = store->upload(*id);
        QVERIFY(got);
        got->stage = UploadStage::Registered;
        got->bytesUploaded = 7;
        got->objectId = o.id;
        QVERIFY(store->updateUpload(*got).ok());
        QCOMPARE(store->unfinishedUploads()->size(), 1);
        QCOMPARE(store->unfinishedUploads()->first().bytesUploaded, 7);
        got->stage = UploadStage::Done;
        QVERIFY(store->updateUpload(*got).ok());
        QVERIFY(store->unfinishedUploads()->isEmpty());
    }

    void replicasAndNetworkMemory()
    {
        QTemporaryDir dir;
        auto store = std::move(Store::open(dir.path()).value());
        QVERIFY(store->putReplica({QString(64, u'1'), 100, QStringLiteral("/r/1"), ReplicaState::Held, {}}).ok());
        QVERIFY(store->putReplica({QString(64, u'2'), 50, QStringLiteral("/r/2"), ReplicaState::Downloading, {}}).ok());
        QCOMPARE(store->replicaBytes(), 150);
        QCOMPARE(store->replicas().size(), 2);
        QVERIFY(store->removeReplica(QString(64, u'1')).ok());
        QCOMPARE(store->replicaBytes(), 50);

        QVERIFY(store->cacheTorrent(QString(64, u'1'), QByteArray("d4:infod")).ok());
        QCOMPARE(store->cachedTorrent(QString(64, u'1')), QByteArray("d4:infod"));
        QVERIFY(store->cachedTorrent(QString(64, u'9')).isEmpty());
        QVERIFY(store->saveResumeData(QString(64, u'1'), QByteArray("rd")).ok());
        QCOMPARE(store->resumeData(QString(64, u'1')), QByteArray("rd"));

        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        QVERIFY(store->addHolder(QString(64, u'1'), QStringLiteral("127.0.0.1:100"), t0).ok());
        QVERIFY(store->addHolder(QString(64, u'1'), QStringLiteral("127.0.0.1:200"), t0.addSecs(5)).ok());
        QVERIFY(store->addHolder(QString(64, u'1'), QStringLiteral("127.0.0.1:100"), t0.addSecs(-100)).ok());
        QCOMPARE(store->holders(QString(64, u'1')), (QStringList{QStringLiteral("127.0.0.1:200"), QStringLiteral("127.0.0.1:100")}));
        QCOMPARE(store->allHolders().size(), 2);

        QVERIFY(store->saveDhtNodes({QStringLiteral("127.0.0.1:7000")}, t0).ok());
        QVERIFY(store->saveDhtNodes({QStringLiteral("127.0.0.1:7001"), QStringLiteral("127.0.0.1:7000")}, t0.addSecs(1)).ok());
        QCOMPARE(store->dhtNodes().size(), 2);
    }

    void healthAndCounters()
    {
        QTemporaryDir dir;
        auto store = std::move(Store::open(dir.path()).value());
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        QCOMPARE(store->dcAvailability(t0.addDays(-1), 0.5), 0.5);
        for (int i = 0; i < 4; ++i)
            QVERIFY(store->recordHealth({t0.addSecs(i), i != 1, 3}).ok());
        QCOMPARE(store->dcAvailability(t0.addDays(-1)), 0.75);
        QVERIFY(store->pruneHealth(t0.addSecs(2)).ok());
        QCOMPARE(store->healthSince(t0.addDays(-1)).size(), 2);
        QCOMPARE(store->dcAvailability(t0.addDays(-1)), 1.0);

        QCOMPARE(store->counter(QStringLiteral("bytes_from_dc")), 0);
        QVERIFY(store->addToCounter(QStringLiteral("bytes_from_dc"), 10).ok());
        QVERIFY(store->addToCounter(QStringLiteral("bytes_from_dc"), 5).ok());
        QCOMPARE(store->counter(QStringLiteral("bytes_from_dc")), 15);
    }

    void contributionDirValidates()
    {
        QTemporaryDir dir;
        QCOMPARE(normalizeSetting(QStringLiteral("contribution-dir"), QStringLiteral("  ")).value(), QString());
        auto relative = normalizeSetting(QStringLiteral("contribution-dir"), QStringLiteral("replicas/elsewhere"));
        QVERIFY(!relative.ok());
        QVERIFY(relative.error().message.contains(QStringLiteral("not an absolute path")));
        // A new folder is made (owner only) and the path comes back cleaned.
        const QString wanted = dir.filePath(QStringLiteral("new/deeper"));
        QCOMPARE(normalizeSetting(QStringLiteral("contribution-dir"), dir.path() + QStringLiteral("/new/./deeper/")).value(), wanted);
        QVERIFY(QFileInfo(wanted).isDir());
        QCOMPARE(QFileInfo(wanted).permissions() & (QFile::ReadOther | QFile::WriteOther), QFileDevice::Permissions());
        QCOMPARE(QDir(wanted).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList()); // probe gone
        // A file, and a folder that cannot be made (its parent is a file): one clear error each.
        QFile file(dir.filePath(QStringLiteral("plain")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        auto notFolder = normalizeSetting(QStringLiteral("contribution-dir"), file.fileName());
        QVERIFY(!notFolder.ok());
        QVERIFY(notFolder.error().message.contains(QStringLiteral("not a folder")));
        auto cannot = normalizeSetting(QStringLiteral("contribution-dir"), file.fileName() + QStringLiteral("/sub"));
        QVERIFY(!cannot.ok());
        QVERIFY(cannot.error().message.contains(QStringLiteral("cannot create")));
    }

    void settingsValidate()
    {
        // One convention (core/util/Units): SI for G/GB, binary only when asked for with GiB.
        QCOMPARE(util::parseBytes(u"10G"_s).value(), qint64(10'000'000'000));
        QCOMPARE(util::parseBytes(u"10 GB"_s).value(), qint64(10'000'000'000));
        QCOMPARE(util::parseBytes(u"10GiB"_s).value(), qint64(10) << 30);
        QCOMPARE(util::parseBytes(u"1.5MiB"_s).value(), qint64(1.5 * (1 << 20)));
        QCOMPARE(util::parseBytes(u"0"_s).value(), 0);
        QVERIFY(!util::parseBytes(u"-1"_s).has_value());
        QVERIFY(!util::parseBytes(u"lots"_s).has_value());
        QVERIFY(!util::parseBytes(u"G"_s).has_value());
        QVERIFY(!util::parseBytes(u"1.5"_s).has_value());
        QCOMPARE(util::formatBytes(0), u"0 B"_s);
        QCOMPARE(util::formatBytes(1), u"1 B"_s);
        QCOMPARE(util::formatBytes(999), u"999 B"_s);
        QCOMPARE(util::formatBytes(1000), u"1.0 kB"_s);
        QCOMPARE(util::formatBytes(98'700'000), u"98.7 MB"_s);
        QCOMPARE(util::formatBytes(999'960), u"1.0 MB"_s);
        QCOMPARE(util::formatBytes(10'000'000'000), u"10.0 GB"_s);
        QCOMPARE(normalizeSetting(QStringLiteral("capacity"), QStringLiteral("2G")).value(), QStringLiteral("2000000000"));
        QVERIFY(!normalizeSetting(QStringLiteral("capacity"), QStringLiteral("x")).ok());
        QVERIFY(normalizeSetting(QStringLiteral("capacity"), QStringLiteral("x")).error().message.contains(QStringLiteral("capacity")));
        QVERIFY(!normalizeSetting(QStringLiteral("listen-port"), QStringLiteral("70000")).ok());
        QCOMPARE(normalizeSetting(QStringLiteral("dht-bootstrap"), QStringLiteral("127.0.0.1:6881, localhost:7")).value(),
                 QStringLiteral("127.0.0.1:6881,localhost:7"));
        QVERIFY(!normalizeSetting(QStringLiteral("dht-bootstrap"), QStringLiteral("127.0.0.1")).ok());
        QVERIFY(!normalizeSetting(QStringLiteral("dc"), QStringLiteral("ftp://x")).ok());
        QCOMPARE(normalizeSetting(QStringLiteral("dc"), QStringLiteral("http://127.0.0.1:8080/")).value(),
                 QStringLiteral("http://127.0.0.1:8080"));
        QVERIFY(!normalizeSetting(QStringLiteral("nope"), QStringLiteral("1")).ok());

        QTemporaryDir dir;
        auto store = std::move(Store::open(dir.path()).value());
        QCOMPARE(loadSettings(*store).capacityBytes, qint64(10'000'000'000));
        QVERIFY(store->setSetting(QStringLiteral("capacity"), QStringLiteral("100")).ok());
        QVERIFY(store->setSetting(QStringLiteral("dht-bootstrap"), QStringLiteral("127.0.0.1:1,127.0.0.1:2")).ok());
        QCOMPARE(loadSettings(*store).capacityBytes, 100);
        QCOMPARE(loadSettings(*store).dhtBootstrap.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestState)
#include "tst_state.moc"
