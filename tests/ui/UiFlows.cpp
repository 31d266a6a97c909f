#include "tests/ui/UiFlows.h"

#include "core/api/EngineApi.h"
#include "core/link/ShareLink.h"
#include "core/util/Units.h"
#include "ui/AppActions.h"
#include "ui/ContributionView.h"
#include "ui/DropZone.h"
#include "ui/FilesModel.h"
#include "ui/FilesView.h"
#include "ui/Icons.h"
#include "ui/Keychain.h"
#include "ui/MainWindow.h"
#include "ui/ServiceStatus.h"
#include "ui/Settings.h"
#include "ui/StatusIndicator.h"
#include "ui/TransfersModel.h"
#include "ui/TransfersView.h"
#include "ui/TrayApp.h"
#include "ui/TrayController.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimer>

namespace as::test {
namespace {

QString writeRandomFile(const QString& path, qsizetype size)
{
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator gen{quint32(size)};
    for (qsizetype i = 0; i < size; ++i)
        data[i] = char(gen.generate() & 0xff);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(data);
    return path;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

int rowByName(const ui::FilesModel* m, const QString& name)
{
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->object(r)->name == name)
            return r;
    return -1;
}

// Sends a command straight to the engine and waits for its answer.
QJsonObject callAndWait(EngineApi* engine, const QString& command, int timeoutMs)
{
    CommandReply* r = engine->call(command);
    QSignalSpy spy(r, &CommandReply::finished);
    if (!r->isFinished())
        spy.wait(timeoutMs);
    const QJsonObject out = r->ok() ? r->result() : QJsonObject();
    r->deleteLater();
    return out;
}

} // namespace

UiFlows::UiFlows(std::unique_ptr<Backend> backend) : m_backend(std::move(backend)) {}
UiFlows::~UiFlows() = default;

ui::TrayApp* UiFlows::makeApp(int n)
{
    Instance& in = m_inst[n];
    const QString profile = m_backend->profileDir(n);
    in.settings = std::make_unique<ui::Settings>(QDir(profile).filePath(QStringLiteral("settings-ui.json")));
    ui::SettingsData d = in.settings->data();
    d.contributionAsked = true; // a user who agreed earlier (tst_ui_status asks a new one)
    in.settings->setData(d);
    in.keychain = std::make_unique<ui::Keychain>(profile, ui::Keychain::Backend::FileOnly);
    ui::TrayApp::Options opt;
    opt.profileDir = profile;
    opt.autostartDir = m_work.filePath(QStringLiteral("autostart"));
    opt.askToLogIn = false;
    opt.heartbeatIntervalMs = 1000; // notice a DC that goes away within seconds
    in.app = std::make_unique<ui::TrayApp>(m_backend->engine(n), in.settings.get(), in.keychain.get(), opt);
    in.app->status()->setPollInterval(300);
    in.app->start({});
    return in.app.get();
}

void UiFlows::initTestCase()
{
    QVERIFY(m_work.isValid());
    QString error;
    if (!m_backend->setUp(m_work.path(), &error)) {
        if (error.startsWith(QLatin1String("SKIP:"))) // a program is not built: nothing to test against
            QSKIP(qPrintable(error));
        QFAIL(qPrintable(error)); // built but not working: that is a failure, not a skip
    }
    makeApp(0);
    QTRY_VERIFY_WITH_TIMEOUT(m_inst[0].app->status()->known(), m_backend->timeoutMs());
    QVERIFY(m_inst[0].app->status()->loggedIn());
}

void UiFlows::dropTwoFilesUploadsBoth()
{
    ui::TrayApp* app = m_inst[0].app.get();
    m_fileA = writeRandomFile(m_work.filePath(QStringLiteral("report-a.bin")), 300 * 1000 + 17);
    m_fileB = writeRandomFile(m_work.filePath(QStringLiteral("photo-b.bin")), 1000 * 1000 + 3);
    QVERIFY(!m_fileA.isEmpty() && !m_fileB.isEmpty());

    auto* mime = new QMimeData;
    mime->setUrls({QUrl::fromLocalFile(m_fileA), QUrl::fromLocalFile(m_fileB)});
    ui::DropZone* zone = app->window()->dropZone();
    const QPointF pos(zone->width() / 2.0, zone->height() / 2.0);
    QDragEnterEvent enter(pos.toPoint(), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(zone, &enter);
    QVERIFY(enter.isAccepted()); // the zone says it will upload them
    QDropEvent drop(pos, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(zone, &drop);
    QVERIFY(drop.isAccepted());

    const ui::FilesModel* files = app->files();
    QTRY_VERIFY_WITH_TIMEOUT(rowByName(files, QStringLiteral("report-a.bin")) >= 0
                                 && rowByName(files, QStringLiteral("photo-b.bin")) >= 0,
                             m_backend->timeoutMs());
    QCOMPARE(files->object(rowByName(files, QStringLiteral("photo-b.bin")))->size, qint64(1000 * 1000 + 3));
    // Both went through the transfers list and finished.
    const ui::TransfersModel* t = app->transfers();
    QTRY_VERIFY_WITH_TIMEOUT(t->rowCount() >= 2 && t->activeCount() == 0, m_backend->timeoutMs());
    delete mime;

    // Issue 15: the "Upload finished" notification names the files, and a click on it copies their links.
    QTRY_VERIFY_WITH_TIMEOUT(app->tray()->lastNotification().startsWith(QStringLiteral("Upload finished")),
                             m_backend->timeoutMs());
    const QString note = app->tray()->lastNotification();
    QVERIFY2(note.contains(QStringLiteral("report-a.bin")) && note.contains(QStringLiteral("photo-b.bin")), qPrintable(note));
    const QStringList copies = app->tray()->lastNotificationCopies().split(QLatin1Char('\n'));
    QCOMPARE(copies.size(), 2);
    for (const QString& l : copies)
        QVERIFY2(link::parseShareLink(l).ok(), qPrintable(l));
    QApplication::clipboard()->clear();
    app->tray()->notificationClicked();
    QCOMPARE(QApplication::clipboard()->text(), app->tray()->lastNotificationCopies());

    // ... and a finished upload's row in Transfers has "Copy share link" too.
    ui::TransfersView* tv = app->window()->transfersView();
    int uploadRow = -1;
    for (int r = 0; r < t->rowCount(); ++r)
        if (t->transfer(r)->name == QStringLiteral("report-a.bin") && t->transfer(r)->stage == TransferStage::Done)
            uploadRow = r;
    QVERIFY(uploadRow >= 0);
    tv->table()->selectRow(uploadRow);
    QVERIFY(tv->copyLinkAction()->isEnabled());
    QApplication::clipboard()->clear();
    tv->copyLinkAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(link::parseShareLink(QApplication::clipboard()->text()).ok(), m_backend->timeoutMs());
    QVERIFY(copies.contains(QApplication::clipboard()->text()));
}

void UiFlows::copyLinkPutsValidLinkOnClipboard()
{
    ui::TrayApp* app = m_inst[0].app.get();
    ui::FilesView* view = app->window()->filesView();
    QTableView* table = view->table();
    const int row = rowByName(app->files(), QStringLiteral("photo-b.bin"));
    QVERIFY(row >= 0);
    const QString id = app->files()->object(row)->id;
    table->clearSelection();
    for (int r = 0; r < table->model()->rowCount(); ++r)
        if (table->model()->index(r, 0).data(ui::FilesModel::IdRole).toString() == id)
            table->selectRow(r);
    QCOMPARE(view->selectedIds(), QStringList{id});
    QApplication::clipboard()->clear();
    QVERIFY(view->copyLinkAction()->isEnabled());
    view->copyLinkAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!QApplication::clipboard()->text().isEmpty(), m_backend->timeoutMs());
    m_link = QApplication::clipboard()->text();
    const auto parsed = link::parseShareLink(m_link);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    QCOMPARE(parsed->objectId, id);
    QCOMPARE(parsed->fileKey.size(), link::kFileKeySize);
    QVERIFY(app->window()->lastMessage().contains(QStringLiteral("copied")));
}

void UiFlows::openingLinkInSecondProfileDownloadsIdenticalBytes()
{
    QVERIFY(!m_link.isEmpty());
    ui::TrayApp* app2 = makeApp(1);
    const QString target = m_work.filePath(QStringLiteral("downloads"));
    QVERIFY(QDir().mkpath(target));
    app2->window()->setFolderChooser([target](const QString&) { return target; });
    // As a second `amazingstore LINK` would: the link arrives as an argument.
    app2->handleArguments({m_link});
    const QString out = QDir(target).filePath(QStringLiteral("photo-b.bin"));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(out) && app2->transfers()->rowCount() > 0
                                 && app2->transfers()->activeCount() == 0,
                             m_backend->timeoutMs());
    QTRY_VERIFY_WITH_TIMEOUT(app2->window()->lastMessage().contains(QStringLiteral("from peers")),
                             m_backend->timeoutMs());
    QCOMPARE(readAll(out), readAll(m_fileB));
    // The row says where the bytes came from.
    const TransferInfo* done = app2->transfers()->transfer(0);
    QVERIFY(done);
    QCOMPARE(done->stage, TransferStage::Done);
}

void UiFlows::contributionViewShowsEngineFigures()
{
    ui::TrayApp* app = m_inst[0].app.get();
    ui::ContributionView* view = app->window()->contributionView();
    QSignalSpy refreshed(view, &ui::ContributionView::refreshed);
    view->refresh();
    QVERIFY(refreshed.wait(m_backend->timeoutMs()));
    const QJsonObject contribution = callAndWait(m_backend->engine(0), QStringLiteral("contribution"), m_backend->timeoutMs());
    const NodeStatus s = NodeStatus::fromJson(contribution);
    QCOMPARE(view->figure(QStringLiteral("replicas")), QString::number(s.replicasHeld));
    QCOMPARE(view->figure(QStringLiteral("peers")), QString::number(s.onlinePeers));
    QCOMPARE(view->figure(QStringLiteral("capacity")), util::formatBytes(s.capacityBytes));
    QCOMPARE(view->figure(QStringLiteral("used")), util::formatBytes(s.usedBytes));
    QCOMPARE(view->figure(QStringLiteral("served")), util::formatBytes(s.bytesServed));
    // The DC's availability: a figure once it rests on enough checks, "measuring…" before (issue 15).
    const int samples = contribution.value(QStringLiteral("dc_availability_samples")).toInt(ui::ServiceStatus::kMinDcSamples);
    const QString dcFigure = view->figure(QStringLiteral("dc_availability"));
    if (samples < ui::ServiceStatus::kMinDcSamples)
        QVERIFY2(dcFigure.startsWith(QStringLiteral("measuring")), qPrintable(dcFigure));
    else
        QVERIFY2(dcFigure.startsWith(QLocale().toString(s.dcAvailability * 100, 'f', 1)), qPrintable(dcFigure));

    // The charts show the engine's own history (the real engine has sampled since the app started
    // contributing), every point of it, then the view's samples.
    QJsonArray history;
    QTRY_VERIFY_WITH_TIMEOUT(!(history = callAndWait(m_backend->engine(0), QStringLiteral("contribution"), m_backend->timeoutMs())
                                             .value(QStringLiteral("history"))
                                             .toArray())
                                  .isEmpty(),
                             m_backend->timeoutMs());
    const auto allCharted = [&] {
        const QList<qint64> charted = view->chartTimes();
        for (const QJsonValue& v : std::as_const(history)) {
            const QJsonValue t = v.toObject().value(QStringLiteral("t"));
            const qint64 ms = t.isString() ? QDateTime::fromString(t.toString(), Qt::ISODate).toMSecsSinceEpoch()
                                           : t.toInteger() * 1000;
            if (!charted.contains(ms))
                return false;
        }
        return true;
    };
    view->reload();
    QTRY_VERIFY_WITH_TIMEOUT(allCharted(), m_backend->timeoutMs());
    QVERIFY(view->enginePoints() >= history.size()); // the engine may have sampled again meanwhile

    // Adjusting the capacity in the view reaches the engine.
    const qint64 wanted = 7'000'000'000;
    emit view->capacityChangeRequested(wanted);
    QTRY_COMPARE_WITH_TIMEOUT(NodeStatus::fromJson(callAndWait(m_backend->engine(0), QStringLiteral("status"),
                                                               m_backend->timeoutMs())).capacityBytes,
                              wanted, m_backend->timeoutMs());
}

void UiFlows::trayMenuActionsDoWhatTheySay()
{
    ui::TrayApp* app = m_inst[0].app.get();
    QMenu* menu = app->tray()->menu();
    const QList<QAction*> entries = menu->actions();
    ui::AppActions* a = app->actions();
    for (QAction* expected : {a->showWindow, a->upload, a->openLink, a->pause, a->slowMode, a->quit})
        QVERIFY(entries.contains(expected));

    // Pause: the engine is paused, the status says so, the tray icon shows it.
    QVERIFY(!a->pause->isChecked());
    a->pause->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(app->status()->status().paused, m_backend->timeoutMs());
    QVERIFY(a->pause->isChecked());
    QCOMPARE(app->tray()->state(), ui::TrayState::Paused);
    QVERIFY(NodeStatus::fromJson(callAndWait(m_backend->engine(0), QStringLiteral("status"), m_backend->timeoutMs())).paused);
    a->pause->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!app->status()->status().paused, m_backend->timeoutMs());

    // Slow mode: the alternative limits are in force.
    a->slowMode->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(app->status()->status().slowMode, m_backend->timeoutMs());
    QVERIFY(a->slowMode->isChecked());
    a->slowMode->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!app->status()->status().slowMode, m_backend->timeoutMs());

    // Open window: a hidden window comes back.
    app->window()->hide();
    a->showWindow->trigger();
    QVERIFY(app->window()->isVisible());

    // Current transfers submenu is filled when the menu opens.
    emit menu->aboutToShow();
    QVERIFY(!menu->actions().at(2)->menu()->actions().isEmpty());

    // Quit asks the application to quit.
    QSignalSpy quit(app, &ui::TrayApp::quitRequested);
    a->quit->trigger();
    QCOMPARE(quit.count(), 1);
}

void UiFlows::dcGoingAwaySwitchesModeWithoutFreezing()
{
    ui::TrayApp* app = m_inst[0].app.get();
    QCOMPARE(app->status()->status().mode, Mode::Dc);
    QSignalSpy modeSpy(app->status(), &ui::ServiceStatus::modeChanged);
    m_backend->takeDcDown(); // the DC dies (the test waits for the process; that wait is not measured)
    // An event-loop probe: a 20 ms timer whose lateness shows any freeze while the DC disappears.
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.elapsed();
    qint64 worst = 0;
    QTimer probe;
    probe.setInterval(20);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        worst = std::max(worst, now - last - 20);
        last = now;
    });
    probe.start();
    QTRY_COMPARE_WITH_TIMEOUT(app->status()->status().mode, Mode::P2p, m_backend->timeoutMs());
    QCOMPARE(app->tray()->state(), ui::TrayState::PeerOnly);
    QVERIFY(app->window()->statusIndicator()->text().contains(QStringLiteral("Peer-only")));
    QVERIFY(modeSpy.count() >= 1);
    // The user is told (tray balloon, or the status bar where no tray exists).
    QVERIFY(app->tray()->lastNotification().contains(QStringLiteral("Peer-only")));
    // The window still answers: list the files again with the DC gone.
    app->window()->filesView()->filterEdit()->setText(QStringLiteral("photo"));
    QCOMPARE(app->window()->filesView()->visibleRows(), 1);
    app->window()->filesView()->filterEdit()->clear();
    QTest::qWait(300);
    probe.stop();
    qInfo("worst event-loop lateness while the DC went away: %lld ms", worst);
    QVERIFY2(worst < 500, qPrintable(QStringLiteral("GUI froze for %1 ms").arg(worst)));
}

void UiFlows::cleanupTestCase()
{
    for (Instance& in : m_inst)
        in.app.reset();
    m_backend->tearDown();
}

int runUiFlows(int argc, char** argv, const std::function<std::unique_ptr<Backend>()>& makeBackend)
{
    QApplication app(argc, argv);
    ui::initResources();
    UiFlows flows(makeBackend());
    return QTest::qExec(&flows, argc, argv);
}

} // namespace as::test
