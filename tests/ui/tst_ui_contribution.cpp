// The contribution view and the contribution folder setting against a real LocalEngine (on an EngineThread,
// as in the app), no DC needed: the view charts the engine's recorded history (written into the profile
// before the engine opens, as days of contributing would have) and appends its own samples after it; the
// availability figure comes from that history while the DC has given none; the Settings dialog's folder
// goes to the engine's `contribution-dir` and back, and a bad folder is refused with the engine's reason.

#include "core/api/EngineApi.h"
#include "core/engine/LocalEngine.h"
#include "core/state/Store.h"
#include "ui/ContributionView.h"
#include "ui/EngineActions.h"
#include "ui/EngineThread.h"
#include "ui/FilesModel.h"
#include "ui/Format.h"
#include "ui/Icons.h"
#include "ui/Keychain.h"
#include "ui/MainWindow.h"
#include "ui/ServiceStatus.h"
#include "ui/Settings.h"
#include "ui/TransfersModel.h"
#include "ui/TrayApp.h"
#include "ui/dialogs/SettingsDialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace as;

namespace {
constexpr qint64 kFiveMin = 5 * 60 * 1000;

QJsonObject callAndWait(EngineApi* engine, const QString& command, const QJsonObject& args = {})
{
    CommandReply* r = engine->call(command, args);
    QSignalSpy done(r, &CommandReply::finished);
    if (!r->isFinished())
        done.wait(20000);
    const QJsonObject out = r->ok() ? r->result() : QJsonObject { { QStringLiteral("error"), r->errorMessage() } };
    r->deleteLater();
    return out;
}

// Opens File → Settings and returns the dialog once it shows (after the engine's config was read).
ui::SettingsDialog* openSettingsDialog(ui::TrayApp& app)
{
    app.showSettings();
    const auto visible = [&app]() -> ui::SettingsDialog* {
        for (auto* d : app.window()->findChildren<ui::SettingsDialog*>())
            if (d->isVisible())
                return d;
        return nullptr;
    };
    (void)QTest::qWaitFor([&] { return visible() != nullptr; }, 10000);
    return visible();
}

bool anyContains(const QSignalSpy& spy, const QString& text)
{
    for (const QList<QVariant>& args : spy)
        if (args.value(0).toString().contains(text))
            return true;
    return false;
}
} // namespace

class TestUiContribution : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    QString m_profile;
    std::unique_ptr<ui::EngineThread> m_thread;
    QList<qint64> m_seededMs;

private slots:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        m_profile = m_work.filePath(QStringLiteral("profile"));
        // Six hours of five-minute samples ending now, online but for one hour, written as the engine's
        // sampler would have (the store is closed again before the engine opens it).
        {
            auto store = state::Store::open(m_profile);
            QVERIFY(store.ok());
            const QDateTime end = QDateTime::currentDateTimeUtc().addSecs(-60);
            for (int i = 72; i >= 1; --i) {
                state::ContributionSample s;
                s.t = end.addMSecs(-(i - 1) * kFiveMin);
                s.usedBytes = 1'000'000'000 + qint64(72 - i) * 10'000'000;
                s.bytesServed = qint64(72 - i) * 50'000'000;
                s.replicasHeld = 3;
                s.online = !(i > 24 && i <= 36);
                s.spanMs = i == 72 ? 0 : kFiveMin;
                s.onlineMs = s.online ? s.spanMs : 0;
                QVERIFY((*store)->addContributionSample(s).ok());
                m_seededMs.append(s.t.toSecsSinceEpoch() * 1000);
            }
        }
        m_thread = std::make_unique<ui::EngineThread>();
        auto* le = new engine::LocalEngine(m_profile);
        const QString error = m_thread->start(le, [le] {
            const Status s = le->open();
            return s ? QString() : s.error().message;
        });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void viewChartsTheEngineHistoryAndAppendsLiveSamples()
    {
        const QJsonObject answer = callAndWait(m_thread.get(), QStringLiteral("contribution"));
        QCOMPARE(answer.value(QStringLiteral("history")).toArray().size(), m_seededMs.size());
        QCOMPARE(answer.value(QStringLiteral("my_availability_source")).toString(), QStringLiteral("history"));

        ui::FilesModel files;
        ui::TransfersModel transfers;
        ui::ServiceStatus status(m_thread.get());
        ui::EngineActions actions(m_thread.get(), &files, &transfers, &status);
        ui::ContributionView view(&actions); // through the door every view uses

        QSignalSpy refreshed(&view, &ui::ContributionView::refreshed);
        view.resize(900, 500);
        view.show(); // loads the engine's whole history
        QVERIFY(refreshed.wait(10000));
        QCOMPARE(view.enginePoints(), m_seededMs.size());
        const QList<qint64> charted = view.chartTimes();
        QCOMPARE(charted.mid(0, m_seededMs.size()), m_seededMs); // every engine point, in order
        QCOMPARE(charted.size(), m_seededMs.size() + 1); // and the view's own sample of now
        QVERIFY(charted.last() > m_seededMs.last());
        // Online for 59 of the 71 five-minute spans; the DC has given no figure, so this is the one shown.
        const double measured = answer.value(QStringLiteral("history_availability")).toDouble();
        QVERIFY2(qAbs(measured - 59.0 / 71.0) < 0.002, qPrintable(QString::number(measured)));
        QCOMPARE(view.figure(QStringLiteral("my_availability")),
            ui::ContributionView::tr("%1 (measured by this node)").arg(ui::Format::percent(measured)));

        // A periodic refresh asks only for newer engine points: none, so one more live sample.
        view.refresh();
        QVERIFY(refreshed.wait(10000));
        QCOMPARE(view.enginePoints(), m_seededMs.size());
        QTRY_COMPARE_WITH_TIMEOUT(view.chartTimes().size(), m_seededMs.size() + 2, 2000);
        QCOMPARE(view.chartTimes().mid(0, m_seededMs.size()), m_seededMs);
    }

    void contributionFolderRoundTripsThroughSettings()
    {
        ui::Settings settings(QDir(m_profile).filePath(QStringLiteral("settings-ui.json")));
        ui::Keychain keychain(m_profile, ui::Keychain::Backend::FileOnly);
        ui::TrayApp::Options opt;
        opt.profileDir = m_profile;
        opt.autostartDir = m_work.filePath(QStringLiteral("autostart"));
        opt.askToLogIn = false;
        opt.contribute = false;
        ui::TrayApp app(m_thread.get(), &settings, &keychain, opt);
        app.start({});

        // The engine lists the key: the field is enabled and says what happens to replicas already held.
        ui::SettingsDialog* dlg = openSettingsDialog(app);
        QVERIFY(dlg);
        auto* folder = dlg->findChild<QLineEdit*>(QStringLiteral("contributionDir"));
        QVERIFY(folder);
        QVERIFY(folder->isEnabled());
        QVERIFY(folder->toolTip().contains(QStringLiteral("already held")));
        QCOMPARE(folder->text(), QString());
        const QString chosen = m_work.filePath(QStringLiteral("big-disk/replicas"));
        folder->setText(chosen);
        dlg->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QTRY_COMPARE_WITH_TIMEOUT(callAndWait(m_thread.get(), QStringLiteral("config"),
                                      { { QStringLiteral("key"), QStringLiteral("contribution-dir") } })
                                      .value(QStringLiteral("value"))
                                      .toString(),
            chosen, 10000);
        QVERIFY(QFileInfo(chosen).isDir()); // made by the engine's check

        // Opening the dialog again shows the engine's value.
        dlg = openSettingsDialog(app);
        QVERIFY(dlg);
        folder = dlg->findChild<QLineEdit*>(QStringLiteral("contributionDir"));
        QCOMPARE(folder->text(), chosen);

        // A relative folder: the engine refuses it, says why, and keeps the folder it had.
        QSignalSpy messages(app.engineActions(), &ui::EngineActions::message);
        folder->setText(QStringLiteral("relative/folder"));
        dlg->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY_WITH_TIMEOUT(
            anyContains(messages, QStringLiteral("contribution-dir: 'relative/folder' is not an absolute path")),
            10000);
        QCOMPARE(callAndWait(m_thread.get(), QStringLiteral("config"),
                     { { QStringLiteral("key"), QStringLiteral("contribution-dir") } })
                     .value(QStringLiteral("value"))
                     .toString(),
            chosen);
        dlg = openSettingsDialog(app);
        QVERIFY(dlg);
        QCOMPARE(dlg->findChild<QLineEdit*>(QStringLiteral("contributionDir"))->text(), chosen);
        dlg->reject();
    }

    void cleanupTestCase()
    {
        if (!m_thread)
            return;
        auto* le = qobject_cast<engine::LocalEngine*>(m_thread->engineObject());
        m_thread->stop([le](std::function<void()> done) {
            QObject::connect(le, &engine::LocalEngine::stopped, le, [done] { done(); });
            le->shutdown();
        });
        m_thread.reset();
    }
};

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    ui::initResources();
    TestUiContribution test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_ui_contribution.moc"
