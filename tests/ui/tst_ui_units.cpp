// Unit tests of the tray app's pieces that need no engine: settings, keychain fallback, single instance,
// autostart entry, the files model at scale, drop planning, dialogs' validation, formatting.

#include "ui/Autostart.h"
#include "ui/DropZone.h"
#include "ui/EngineActions.h"
#include "ui/FilesModel.h"
#include "ui/Format.h"
#include "ui/Icons.h"
#include "ui/Keychain.h"
#include "ui/Settings.h"
#include "ui/SingleInstance.h"
#include "core/util/Units.h"
#include "ui/ServiceStatus.h"
#include "ui/TransfersModel.h"
#include "ui/TransfersView.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QTableView>
#include <QMimeData>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>

using namespace as;
using namespace as::ui;

class UiUnits : public QObject {
    Q_OBJECT
private slots:
    void settingsDefaultsAndRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p/settings-ui.json"));
        {
            Settings s(path);
            QCOMPARE(s.data(), SettingsData{}); // no file: every default
            SettingsData d = s.data();
            d.startMinimized = true;
            d.capacityBytes = 123;
            d.language = QStringLiteral("zh_CN");
            QSignalSpy changed(&s, &Settings::changed);
            s.setData(d);
            QCOMPARE(changed.count(), 1);
            s.setData(d); // no change, no signal
            QCOMPARE(changed.count(), 1);
        } // destructor flushes the debounced save
        Settings again(path);
        QVERIFY(again.data().startMinimized);
        QCOMPARE(again.data().capacityBytes, qint64(123));
        QCOMPARE(again.data().language, QStringLiteral("zh_CN"));
        QCOMPARE(again.data().dcUrl, SettingsData{}.dcUrl);
    }

    void settingsSurviveGarbage()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings-ui.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{not json");
        f.close();
        Settings s(path);
        QVERIFY(!s.loadError().isEmpty());
        QCOMPARE(s.data(), SettingsData{});
    }

    void keychainFallbackFileIsPrivate()
    {
        QTemporaryDir dir;
        Keychain k(dir.path(), Keychain::Backend::FileOnly);
        QVERIFY(k.usingFallback());
        bool done = false;
        k.write(QStringLiteral("dc|alice"), QStringLiteral("s3cret"), [&](bool ok, const QString&) { done = ok; });
        QVERIFY(done);
        QCOMPARE(QFile::permissions(k.fallbackPath()) & 0x0077, QFileDevice::Permissions());
        QString got;
        k.read(QStringLiteral("dc|alice"), [&](bool found, const QString& s) { got = found ? s : QString(); });
        QCOMPARE(got, QStringLiteral("s3cret"));
        k.remove(QStringLiteral("dc|alice"));
        bool found = true;
        k.read(QStringLiteral("dc|alice"), [&](bool f, const QString&) { found = f; });
        QVERIFY(!found);
    }

    void singleInstanceHandsArgumentsOver()
    {
        QTemporaryDir dir;
        SingleInstance first(dir.path());
        QVERIFY(first.name().startsWith(QStringLiteral("amazingstore-ui-")));
        QVERIFY(first.listen());
        QSignalSpy got(&first, &SingleInstance::argumentsReceived);
        // The second instance blocks in handOver(); run it from a worker thread with its own object.
        QStringList sent{QStringLiteral("amazingstore://127.0.0.1:8470/s/x#k=y"), QStringLiteral("/tmp/file")};
        bool handed = false;
        QThread* t = QThread::create([&] {
            SingleInstance second(dir.path());
            handed = second.handOver(sent);
        });
        t->start();
        QTRY_COMPARE(got.count(), 1);
        QVERIFY(t->wait(5000));
        delete t;
        QVERIFY(handed);
        QCOMPARE(got.first().first().toStringList(), sent);
        // Another profile gets another name.
        QTemporaryDir other;
        QVERIFY(SingleInstance::socketName(other.path()) != first.name());
    }

    void autostartEntry()
    {
        QTemporaryDir dir;
        Autostart a(dir.path());
        QVERIFY(!a.isEnabled());
        QVERIFY(a.setEnabled(true, QStringLiteral("/usr/bin/amazingstore"), QStringLiteral("/home/u/my profile")));
        QVERIFY(a.isEnabled());
        QFile f(a.entryPath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        QVERIFY(text.contains(QStringLiteral("Exec=\"/usr/bin/amazingstore\" --profile \"/home/u/my profile\"")));
        QVERIFY(a.setEnabled(false, {}, {}));
        QVERIFY(!a.isEnabled());
    }

    void filesModelMergesTenThousand()
    {
        FilesModel m;
        QList<ObjectInfo> list;
        for (int i = 0; i < 10000; ++i) {
            ObjectInfo o;
            o.id = QStringLiteral("%1").arg(i, 64, 10, QLatin1Char('0'));
            o.name = QStringLiteral("file-%1.dat").arg(i);
            o.size = i;
            o.replicas = i % 7;
            o.targetReplicas = 6;
            list.append(o);
        }
        QElapsedTimer t;
        t.start();
        m.setObjects(list);
        QCOMPARE(m.rowCount(), 10000);
        // A refresh with one removed, one changed and one added keeps the other rows in place.
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        list.removeAt(5);
        list[0].state = QStringLiteral("available");
        ObjectInfo extra;
        extra.id = QStringLiteral("f").repeated(64);
        extra.name = QStringLiteral("new.txt");
        list.append(extra);
        m.setObjects(list);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(m.rowCount(), 10000);
        QCOMPARE(m.rowOf(extra.id), 9999);
        QCOMPARE(m.object(0)->state, QStringLiteral("available"));
        QCOMPARE(m.data(m.index(1, FilesModel::Replicas)).toString(), QStringLiteral("1 of 6"));
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&m);
        proxy.setFilterKeyColumn(FilesModel::Name);
        proxy.setFilterFixedString(QStringLiteral("file-999"));
        QCOMPARE(proxy.rowCount(), 11); // 999, 9990..9999
        QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
    }

    void transfersModelShowsToGoAndEta()
    {
        TransfersModel m;
        TransferInfo t;
        t.id = QStringLiteral("t1");
        t.name = QStringLiteral("a.iso");
        t.stage = TransferStage::Uploading;
        t.bytesDone = 250'000'000;
        t.bytesTotal = 1'000'000'000;
        t.rate = 5'000'000;
        qint64 now = 1'000'000;
        m.setClock([&now] { return now; });
        QSignalSpy active(&m, &TransfersModel::activeCountChanged);
        m.update(t);
        QCOMPARE(active.count(), 1);
        QCOMPARE(m.data(m.index(0, TransfersModel::ToGo)).toString(), QStringLiteral("750.0 MB to go"));
        now += TransfersModel::kEtaWarmUpMs;
        m.update(t);
        QCOMPARE(m.data(m.index(0, TransfersModel::Eta)).toString(), QStringLiteral("2 min 30 s"));
        QCOMPARE(m.data(m.index(0, TransfersModel::Progress), TransfersModel::ProgressRole).toInt(), 25);
        t.stage = TransferStage::Done;
        t.name.clear(); // later updates may omit the name
        m.update(t);
        QCOMPARE(m.activeCount(), 0);
        QCOMPARE(m.transfer(0)->name, QStringLiteral("a.iso"));
        m.clearFinished();
        QCOMPARE(m.rowCount(), 0);
    }

    // Issue 15: "Time left 0 s" with 98.7 MB to go. The first rate of a stage is one burst; no figure until
    // the stage has run a while, and none without a rate.
    void transfersEtaWaitsForARate()
    {
        TransfersModel m;
        qint64 now = 5'000'000;
        m.setClock([&now] { return now; });
        TransferInfo t;
        t.id = QStringLiteral("d1");
        t.kind = TransferInfo::Kind::Download;
        t.name = QStringLiteral("big.iso");
        t.stage = TransferStage::Downloading;
        t.bytesTotal = 200'000'000;
        t.bytesDone = 101'300'000;
        t.rate = 0;
        m.update(t);
        const auto eta = [&] { return m.data(m.index(0, TransfersModel::Eta)).toString(); };
        QCOMPARE(m.data(m.index(0, TransfersModel::ToGo)).toString(), QStringLiteral("98.7 MB to go"));
        QCOMPARE(eta(), QStringLiteral("calculating…")); // no rate
        t.rate = 120'000'000; // a 16 MiB step landing at once
        m.update(t);
        QCOMPARE(eta(), QStringLiteral("calculating…")); // not "0 s"
        now += TransfersModel::kEtaWarmUpMs;
        t.rate = 20'000'000;
        m.update(t);
        QCOMPARE(eta(), QStringLiteral("4 s"));
        // A new stage starts over.
        t.stage = TransferStage::Decrypting;
        t.bytesDone = 0;
        m.update(t);
        QCOMPARE(eta(), QStringLiteral("calculating…"));
        t.stage = TransferStage::Done;
        m.update(t);
        QCOMPARE(eta(), QString());
    }

    // Issue 15: transfers were named by the first 12 hex of their id.
    void transfersNameWhatTheyAre()
    {
        TransfersModel m;
        TransferInfo t;
        t.id = QStringLiteral("d-0123456789abcdef");
        t.kind = TransferInfo::Kind::Download;
        t.objectId = QStringLiteral("0123456789abcdef").repeated(4);
        t.name = t.objectId.left(12); // what the engine knows before the file is decrypted
        t.stage = TransferStage::Downloading;
        m.update(t);
        const QString shown = m.data(m.index(0, TransfersModel::Name)).toString();
        QVERIFY2(shown != t.name && shown.contains(QStringLiteral("Shared file")), qPrintable(shown));
        t.name = QStringLiteral("holiday.jpg");
        t.stage = TransferStage::Done;
        m.update(t);
        QCOMPARE(m.data(m.index(0, TransfersModel::Name)).toString(), QStringLiteral("holiday.jpg"));
    }

    // Issue 15: stage texts were cut off in the Transfers tab (the column was as wide as one English name).
    void transferStagesFitTheirColumn()
    {
        TransfersModel m;
        TransfersView view(&m);
        view.resize(1200, 300);
        const QFontMetrics fm = view.table()->fontMetrics();
        const int width = view.table()->horizontalHeader()->sectionSize(TransfersModel::Stage);
        for (const char* s : {"queued", "encrypting", "hashing", "registering", "uploading", "replicating",
                              "downloading", "verifying", "decrypting", "done", "failed"}) {
            const QString text = Format::stage(*transferStageFromName(QString::fromLatin1(s)));
            QVERIFY2(fm.horizontalAdvance(text) + 8 <= width, qPrintable(QStringLiteral("%1 (%2 px) in %3 px").arg(text).arg(fm.horizontalAdvance(text)).arg(width)));
        }
        const int etaWidth = view.table()->horizontalHeader()->sectionSize(TransfersModel::Eta);
        QVERIFY(fm.horizontalAdvance(QStringLiteral("calculating…")) + 8 <= etaWidth);
    }

    void dropPlanSortsFilesLinksAndFolders()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("x.txt")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x");
        f.close();
        QMimeData mime;
        const QString link = QStringLiteral("amazingstore://127.0.0.1:8470/s/%1#k=%2")
                                 .arg(QStringLiteral("ab").repeated(32), QStringLiteral("A").repeated(43));
        mime.setUrls({QUrl::fromLocalFile(f.fileName()), QUrl::fromLocalFile(dir.path()), QUrl(link)});
        const DropZone::Plan plan = DropZone::planFor(&mime);
        QCOMPARE(plan.files, QStringList{f.fileName()});
        QCOMPARE(plan.skippedFolders, 1);
        QCOMPARE(plan.links.size(), 1);
        QVERIFY(EngineActions::looksLikeLink(link));
        QVERIFY(!EngineActions::looksLikeLink(QStringLiteral("https://example.org/s/abc")));
    }

    void formatting()
    {
        QCOMPARE(Format::eta(-1), QStringLiteral("—"));
        QCOMPARE(Format::eta(3725), QStringLiteral("1 h 2 min"));
        QCOMPARE(Format::percent(0.932), QStringLiteral("93.2 %"));
        // Issue 15: the tray said "1 bytes"; it now says what the CLI says (core/util/Units.h).
        QCOMPARE(Format::bytes(0), QStringLiteral("0 B"));
        QCOMPARE(Format::bytes(1), QStringLiteral("1 B"));
        QCOMPARE(Format::bytes(98'700'000), QStringLiteral("98.7 MB"));
        QCOMPARE(Format::bytes(1'500'000'000), util::formatBytes(1'500'000'000));
        QCOMPARE(Format::rate(2'100'000), QStringLiteral("2.1 MB/s"));
        QCOMPARE(EngineActions::nameList({QStringLiteral("a.pdf")}), QStringLiteral("a.pdf"));
        QCOMPARE(EngineActions::nameList({QStringLiteral("a"), QStringLiteral("b")}), QStringLiteral("a and b"));
        QCOMPARE(EngineActions::nameList({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d"), QStringLiteral("e")}),
                 QStringLiteral("a, b, c and 2 more"));
        QCOMPARE(ServiceStatus::dcAvailabilityText(0.5, 2), QStringLiteral("measuring, 2 of 6 checks"));
        QCOMPARE(ServiceStatus::dcAvailabilityText(0.932, 6), QStringLiteral("93.2 %"));
        QVERIFY(!trayIcon(TrayState::PeerOnly).isNull());
        QVERIFY(!trayIcon(TrayState::Error).pixmap(64, 64).isNull()); // SVG renders at any size
    }

    void actionIconsFollowThePalette()
    {
        // The icon's strokes take the palette's text colour: dark on a light palette, light on a dark one.
        const QPalette original = QGuiApplication::palette();
        const auto strokeLightness = [] {
            const QImage img = actionIcon("upload").pixmap(QSize(48, 48)).toImage();
            int darkest = 255, lightest = 0;
            for (int y = 0; y < img.height(); ++y)
                for (int x = 0; x < img.width(); ++x)
                    if (qAlpha(img.pixel(x, y)) > 250) { // fully covered stroke pixels only
                        darkest = std::min(darkest, QColor(img.pixel(x, y)).lightness());
                        lightest = std::max(lightest, QColor(img.pixel(x, y)).lightness());
                    }
            return std::pair{darkest, lightest};
        };
        QPalette light;
        light.setColor(QPalette::WindowText, QColor(0x20, 0x20, 0x20));
        QGuiApplication::setPalette(light);
        const auto [lightDarkest, lightLightest] = strokeLightness();
        QPalette dark;
        dark.setColor(QPalette::WindowText, QColor(0xf0, 0xf0, 0xf0));
        QGuiApplication::setPalette(dark);
        const auto [darkDarkest, darkLightest] = strokeLightness();
        QGuiApplication::setPalette(original);
        QVERIFY2(lightLightest <= 0x30, qPrintable(QString::number(lightLightest)));
        QVERIFY2(darkDarkest >= 0xe0, qPrintable(QString::number(darkDarkest)));
        QVERIFY(lightDarkest <= lightLightest && darkDarkest <= darkLightest);
    }
};

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    initResources();
    UiUnits t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_ui_units.moc"
