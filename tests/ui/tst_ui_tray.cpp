// The tray, with and without a tray host. CTest runs this twice: offscreen (no tray: the app must start
// with its window and say so, even when "start minimised" is on) and under Xvfb + trayer (a real system
// tray: the app starts minimised to it, the icon follows the state, a click brings the window back).

#include "tests/ui/FakeEngine.h"
#include "ui/Icons.h"
#include "ui/Keychain.h"
#include "ui/MainWindow.h"
#include "ui/StatusIndicator.h"
#include "ui/ServiceStatus.h"
#include "ui/Settings.h"
#include "ui/TrayApp.h"
#include "ui/TrayController.h"

#include <QApplication>
#include <QDir>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>

using namespace as;

class UiTray : public QObject {
    Q_OBJECT
private slots:
    void startsMinimisedOnlyWhereATrayExists()
    {
        QTemporaryDir dir;
        ui::Settings settings(dir.filePath(QStringLiteral("settings-ui.json")));
        ui::SettingsData d = settings.data();
        d.startMinimized = true;
        settings.setData(d);
        ui::Keychain keychain(dir.path(), ui::Keychain::Backend::FileOnly);
        test::FakeEngine engine(std::make_shared<test::FakeCloud>());
        engine.setLoggedIn(QStringLiteral("alice"));
        ui::TrayApp::Options opt;
        opt.profileDir = dir.path();
        opt.askToLogIn = false;
        ui::TrayApp app(&engine, &settings, &keychain, opt);
        app.start({});
        const bool tray = QSystemTrayIcon::isSystemTrayAvailable();
        qInfo("system tray available: %s (platform %s)", tray ? "yes" : "no", qPrintable(QGuiApplication::platformName()));
        if (qEnvironmentVariableIsSet("AS_EXPECT_TRAY"))
            QVERIFY2(tray, "Xvfb + trayer should give a system tray");
        QCOMPARE(app.tray()->available(), tray);
        if (!tray) {
            QVERIFY(app.window()->isVisible()); // a way back to the window always exists
            QVERIFY(app.window()->lastMessage().contains(QStringLiteral("No system tray")));
            return;
        }
        QVERIFY(!app.window()->isVisible());
        QTRY_VERIFY(app.status()->known());
        QCOMPARE(app.tray()->state(), ui::TrayState::Normal);
        engine.setDcUp(false);
        QTRY_COMPARE(app.tray()->state(), ui::TrayState::PeerOnly);
        QVERIFY(app.tray()->toolTip().contains(QStringLiteral("peer-only")));
        emit app.tray()->activated(); // a click on the icon
        QTRY_VERIFY(app.window()->isVisible());
        emit app.tray()->activated();
        QTRY_VERIFY(!app.window()->isVisible());
    }

    void peerOnlyModeNamesTheServingStandby()
    {
        // Outage mode (docs/outage.md): while the DC does not answer, the tooltip and the status bar say
        // which standby master serves metadata, or that none does; back in DC mode neither speaks of one.
        QTemporaryDir dir;
        ui::Settings settings(dir.filePath(QStringLiteral("settings-ui.json")));
        ui::Keychain keychain(dir.path(), ui::Keychain::Backend::FileOnly);
        test::FakeEngine engine(std::make_shared<test::FakeCloud>());
        engine.setLoggedIn(QStringLiteral("alice"));
        engine.standby.known = 2;
        ui::TrayApp::Options opt;
        opt.profileDir = dir.path();
        opt.askToLogIn = false;
        opt.contribute = false;
        ui::TrayApp app(&engine, &settings, &keychain, opt);
        app.start({});
        QTRY_VERIFY(app.status()->known());
        QVERIFY(!app.tray()->toolTip().contains(QStringLiteral("standby")));

        engine.setDcUp(false);
        QTRY_COMPARE(app.tray()->state(), ui::TrayState::PeerOnly);
        QTRY_VERIFY2(app.tray()->toolTip().contains(QStringLiteral("no standby master serves (2 known)")),
                     qPrintable(app.tray()->toolTip()));

        engine.standby = {QStringLiteral("0123abcd").repeated(8), QStringLiteral("http://127.0.0.1:7001"), 2};
        app.status()->refresh();
        const QString serving = QStringLiteral("standby master 0123abcd (127.0.0.1:7001) serves");
        QTRY_VERIFY2(app.tray()->toolTip().contains(serving), qPrintable(app.tray()->toolTip()));
        QVERIFY2(app.window()->statusIndicator()->text().contains(serving),
                 qPrintable(app.window()->statusIndicator()->text()));

        engine.setDcUp(true);
        QTRY_COMPARE(app.tray()->state(), ui::TrayState::Normal);
        QVERIFY(!app.tray()->toolTip().contains(QStringLiteral("standby")));
        QVERIFY(!app.window()->statusIndicator()->text().contains(QStringLiteral("standby")));
    }
};

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setQuitOnLastWindowClosed(false);
    as::ui::initResources();
    UiTray t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_ui_tray.moc"
