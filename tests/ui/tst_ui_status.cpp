// What the tray app says about the data center and about contributing, with a real LocalEngine (on an
// EngineThread, as in the app) and a real amazingstore-dc on 127.0.0.1 (issue 15):
//  - before log-in, and while the log-in dialog's address refuses connections, nothing says "reachable";
//  - a failed log-in at a dead address does not count against the real DC's availability, and a figure
//    made of a couple of checks reads "measuring…";
//  - a new account holds nothing for others until the user answered the contribution question; "Not now"
//    keeps the capacity at 0.

#include "core/api/EngineApi.h"
#include "core/engine/LocalEngine.h"
#include "tests/server/DcProcess.h"
#include "ui/EngineActions.h"
#include "ui/EngineThread.h"
#include "ui/Icons.h"
#include "ui/Keychain.h"
#include "ui/MainWindow.h"
#include "ui/ServiceStatus.h"
#include "ui/Settings.h"
#include "ui/StatusIndicator.h"
#include "ui/TrayApp.h"
#include "ui/TrayController.h"
#include "ui/dialogs/ContributionDialog.h"

#include <QApplication>
#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace as;

namespace {

QJsonObject callAndWait(EngineApi* engine, const QString& command, const QJsonObject& args = {})
{
    CommandReply* r = engine->call(command, args);
    QSignalSpy spy(r, &CommandReply::finished);
    if (!r->isFinished())
        spy.wait(15000);
    const QJsonObject out = r->ok() ? r->result() : QJsonObject{{QStringLiteral("error"), r->errorMessage()}};
    r->deleteLater();
    return out;
}

int deadPort()
{
    QTcpServer s; // a port that was free a moment ago and that nobody listens on now
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

} // namespace

class UiStatus : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        if (!QFile::exists(test::DcProcess::binaryPath()))
            QSKIP("amazingstore-dc is not built");
        QVERIFY2(m_dc.start(m_work.filePath(QStringLiteral("dc"))), m_dc.stderrOutput().constData());
        const QString profile = m_work.filePath(QStringLiteral("profile"));
        QDir().mkpath(profile);
        m_thread = std::make_unique<ui::EngineThread>();
        auto* le = new engine::LocalEngine(profile);
        const QString error = m_thread->start(le, [le] {
            const Status s = le->open();
            return s ? QString() : s.error().message;
        });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_settings = std::make_unique<ui::Settings>(QDir(profile).filePath(QStringLiteral("settings-ui.json")));
        m_keychain = std::make_unique<ui::Keychain>(profile, ui::Keychain::Backend::FileOnly);
        ui::TrayApp::Options opt;
        opt.profileDir = profile;
        opt.autostartDir = m_work.filePath(QStringLiteral("autostart"));
        opt.askToLogIn = false; // the test logs in through EngineActions, as the dialog would
        opt.heartbeatIntervalMs = 1000;
        m_app = std::make_unique<ui::TrayApp>(m_thread.get(), m_settings.get(), m_keychain.get(), opt);
        m_app->status()->setPollInterval(200);
        m_app->start({});
    }

    void notLoggedInSaysNothingAboutADataCenter()
    {
        ui::TrayApp* app = m_app.get();
        QTRY_VERIFY_WITH_TIMEOUT(app->status()->known(), 15000);
        QVERIFY(!app->status()->loggedIn());
        const auto noClaim = [app] {
            const QString text = app->window()->statusIndicator()->text();
            QVERIFY2(!text.contains(QStringLiteral("reachable (")) && !text.contains(QStringLiteral("availability")),
                     qPrintable(text));
            QVERIFY2(text.contains(QStringLiteral("Not logged in")), qPrintable(text));
            QVERIFY2(!app->tray()->toolTip().contains(QStringLiteral("connected to the data center")),
                     qPrintable(app->tray()->toolTip()));
        };
        noClaim();
        QCOMPARE(app->tray()->state(), ui::TrayState::SignedOut);

        // The log-in dialog's address refuses connections: the dialog says so, the status still claims nothing.
        QSignalSpy finished(app->engineActions(), &ui::EngineActions::accountFinished);
        app->engineActions()->login(QStringLiteral("http://127.0.0.1:%1").arg(deadPort()), QStringLiteral("carol"),
                                    QStringLiteral("correct horse battery"));
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QVERIFY2(finished.first().at(1).toString().contains(QStringLiteral("refused"), Qt::CaseInsensitive),
                 qPrintable(finished.first().at(1).toString()));
        app->status()->refresh();
        QTest::qWait(600);
        noClaim();
    }

    void failedLoginElsewhereDoesNotCountAgainstTheDc()
    {
        ui::TrayApp* app = m_app.get();
        QSignalSpy finished(app->engineActions(), &ui::EngineActions::accountFinished);
        app->engineActions()->registerAccount(m_dc.baseUrl(), QStringLiteral("carol"), QStringLiteral("correct horse battery"));
        QVERIFY(finished.wait(30000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QTRY_VERIFY_WITH_TIMEOUT(app->status()->loggedIn(), 15000);
        // The DC was up all along: every check of it succeeded. The refused log-in went to another address.
        const QJsonObject s = callAndWait(m_thread.get(), QStringLiteral("status"));
        QCOMPARE(s.value(QStringLiteral("mode")).toString(), QStringLiteral("dc"));
        QCOMPARE(s.value(QStringLiteral("dc_availability")).toDouble(), 1.0);
        QVERIFY(s.value(QStringLiteral("dc_checked")).toBool());
        // A couple of checks are no availability figure yet.
        QTRY_VERIFY_WITH_TIMEOUT(app->window()->statusIndicator()->text().contains(QStringLiteral("Data center reachable")), 15000);
        const int samples = s.value(QStringLiteral("dc_availability_samples")).toInt();
        QVERIFY(samples >= 1);
        if (samples < ui::ServiceStatus::kMinDcSamples) {
            const QString text = app->window()->statusIndicator()->text();
            QVERIFY2(text.contains(QStringLiteral("measuring")), qPrintable(text));
        }
    }

    void newAccountAsksBeforeHoldingOthersData()
    {
        ui::TrayApp* app = m_app.get();
        // Logged in, and asked: nothing runs (no heartbeat offers capacity to the DC) until the answer.
        QTRY_VERIFY_WITH_TIMEOUT(app->contributionDialog() != nullptr, 15000);
        ui::ContributionDialog* dlg = app->contributionDialog();
        QCOMPARE(dlg->capacityBytes(), qint64(0)); // not answered yet
        QTest::qWait(1500);
        QVERIFY(!app->status()->status().daemon);
        QVERIFY(!callAndWait(m_thread.get(), QStringLiteral("status")).value(QStringLiteral("daemon")).toBool());

        // "Not now": the node runs (it seeds my own files) with capacity 0.
        dlg->notNowButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(app->status()->status().daemon, 15000);
        QCOMPARE(callAndWait(m_thread.get(), QStringLiteral("config"), {{QStringLiteral("key"), QStringLiteral("capacity")}})
                     .value(QStringLiteral("value")).toString(),
                 QStringLiteral("0"));
        QCOMPARE(app->status()->status().capacityBytes, qint64(0));
        QVERIFY(m_settings->data().contributionAsked);
        QVERIFY(app->contributionDialog() == nullptr);
    }

    void contributionDialogDefaultsToTenGigabytes()
    {
        ui::ContributionDialog dlg;
        dlg.show();
        dlg.contributeButton()->click();
        QCOMPARE(dlg.result(), int(QDialog::Accepted));
        QCOMPARE(dlg.capacityBytes(), ui::ContributionDialog::kDefaultBytes);
    }

    void cleanupTestCase()
    {
        m_app.reset();
        if (m_thread) {
            auto* le = qobject_cast<engine::LocalEngine*>(m_thread->engineObject());
            m_thread->stop([le](std::function<void()> done) {
                QObject::connect(le, &engine::LocalEngine::stopped, le, [done] { done(); });
                le->shutdown();
            });
            m_thread.reset();
        }
        m_dc.stop();
    }

private:
    QTemporaryDir m_work;
    test::DcProcess m_dc;
    std::unique_ptr<ui::EngineThread> m_thread;
    std::unique_ptr<ui::Settings> m_settings;
    std::unique_ptr<ui::Keychain> m_keychain;
    std::unique_ptr<ui::TrayApp> m_app;
};

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    as::ui::initResources();
    UiStatus t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_ui_status.moc"
