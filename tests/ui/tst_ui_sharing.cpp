// The tray's share dialog and "Shared with me" tab against real engines and a real DC (docs/sharing.md):
// alice's dialog copies a link that expires, lists and revokes it, shares the file with bob and stops;
// bob's tab shows the file with who shared it, raises a notification, and downloads it byte-identical.
// With AS_SCREENSHOT_DIR set, both windows are saved there as PNG (docs/img/, see docs/sharing.md).
#include "core/engine/LocalEngine.h"
#include "tests/server/DcProcess.h"
#include "ui/EngineActions.h"
#include "ui/EngineThread.h"
#include "ui/FilesView.h"
#include "ui/Keychain.h"
#include "ui/MainWindow.h"
#include "ui/Settings.h"
#include "ui/TrayApp.h"
#include "ui/sharing/ShareDialog.h"
#include "ui/sharing/SharedWithMeView.h"
#include "ui/sharing/SharingActions.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QTreeWidget>

#include <algorithm>

using namespace as;

namespace {

struct Account {
    QString profile;
    std::unique_ptr<ui::EngineThread> thread;
    std::unique_ptr<ui::Settings> settings;
    std::unique_ptr<ui::Keychain> keychain;
    std::unique_ptr<ui::TrayApp> app;
};

void saveShot(QWidget* w, const char* name)
{
    const QString dir = qEnvironmentVariable("AS_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(w->grab().save(QDir(dir).filePath(QString::fromLatin1(name))));
}

} // namespace

class TestUiSharing : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    test::DcProcess m_dc;
    Account m_alice, m_bob;
    QByteArray m_data;
    QString m_id;

    bool startAccount(Account& a, const QString& user)
    {
        a.profile = m_work.filePath(user);
        QDir().mkpath(a.profile);
        a.thread = std::make_unique<ui::EngineThread>();
        auto* le = new engine::LocalEngine(a.profile);
        if (!a.thread->start(le, [le] { const Status s = le->open(); return s ? QString() : s.error().message; }).isEmpty())
            return false;
        CommandReply* r = a.thread->call(QStringLiteral("register"), { { QStringLiteral("dc"), m_dc.baseUrl() },
            { QStringLiteral("user"), user }, { QStringLiteral("password"), QStringLiteral("correct horse battery") } });
        QSignalSpy done(r, &CommandReply::finished);
        const bool ok = done.wait(30000) && r->ok();
        delete r;
        if (!ok)
            return false;
        a.settings = std::make_unique<ui::Settings>(QDir(a.profile).filePath(QStringLiteral("settings-ui.json")));
        ui::SettingsData d = a.settings->data();
        d.contributionAsked = true;
        a.settings->setData(d);
        a.keychain = std::make_unique<ui::Keychain>(a.profile, ui::Keychain::Backend::FileOnly);
        ui::TrayApp::Options opt;
        opt.profileDir = a.profile;
        opt.autostartDir = m_work.filePath(QStringLiteral("autostart"));
        opt.askToLogIn = false;
        opt.contribute = false;
        a.app = std::make_unique<ui::TrayApp>(a.thread.get(), a.settings.get(), a.keychain.get(), opt);
        a.app->start({});
        return true;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        // As the app (app/tray/main.cpp): English plural forms ("1 file", not "1 file(s)") in the screenshots.
        auto* english = new QTranslator(qApp);
        QVERIFY(english->load(QStringLiteral(":/i18n/amazingstore_en")));
        qApp->installTranslator(english);
        QVERIFY2(m_dc.start(m_work.filePath(QStringLiteral("dc"))), m_dc.stderrOutput().constData());
        QVERIFY(startAccount(m_alice, QStringLiteral("alice")));
        QVERIFY(startAccount(m_bob, QStringLiteral("bob")));
        m_data.resize(200'000);
        QRandomGenerator(5).fillRange(reinterpret_cast<quint32*>(m_data.data()), m_data.size() / 4);
        const QString file = m_work.filePath(QStringLiteral("plans.pdf"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(m_data) == m_data.size());
        f.close();
        ui::EngineActions* actions = m_alice.app->engineActions();
        QSignalSpy uploaded(actions, &ui::EngineActions::uploadFinished);
        actions->upload({ file });
        QVERIFY(uploaded.wait(60000));
        QVERIFY(uploaded.first().at(0).toBool());
        m_id = QRegularExpression(QStringLiteral("/s/([0-9a-f]{64})#")).match(uploaded.first().at(1).toStringList().value(0)).captured(1);
        QVERIFY(!m_id.isEmpty());
        // bob's tab has had its first (empty) answer: what arrives later is announced.
        QTRY_VERIFY_WITH_TIMEOUT(m_bob.app->window()->sharedWithMeView()->statusText().contains(QStringLiteral("Nothing")), 15000);
    }

    void dialogCopiesListsAndRevokesALinkThatExpires()
    {
        ui::ShareDialog* dialog = m_alice.app->window()->openShareDialog(m_id, QStringLiteral("plans.pdf"));
        QSignalSpy reloaded(dialog, &ui::ShareDialog::reloaded);
        QVERIFY(reloaded.wait(15000));
        QCOMPARE(dialog->expiryBox()->currentIndex(), 0); // the permanent link by default, as `share ID`
        QTest::mouseClick(dialog->copyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->statusText().contains(QStringLiteral("permanent")), 15000);
        QVERIFY(QApplication::clipboard()->text().contains(m_id));
        dialog->expiryBox()->setCurrentIndex(3); // 7 days
        QTest::mouseClick(dialog->copyButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->linksList()->topLevelItemCount(), 1, 15000);
        const QString link = QApplication::clipboard()->text();
        QVERIFY2(QRegularExpression(QStringLiteral("/s/[0-9a-f]{32}#k=")).match(link).hasMatch(), qPrintable(link));
        QVERIFY(!link.contains(m_id));
        dialog->linksList()->setCurrentItem(dialog->linksList()->topLevelItem(0));
        QVERIFY(dialog->revokeButton()->isEnabled());
        QTest::mouseClick(dialog->revokeButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->linksList()->topLevelItemCount(), 0, 15000);
        QVERIFY(dialog->statusText().contains(QStringLiteral("revoked")));
        dialog->close();
    }

    void sharedWithBobAppearsWithNotificationAndDownloads()
    {
        ui::ShareDialog* dialog = m_alice.app->window()->openShareDialog(m_id, QStringLiteral("plans.pdf"));
        QSignalSpy reloaded(dialog, &ui::ShareDialog::reloaded);
        QVERIFY(reloaded.wait(15000));
        QSignalSpy events(m_bob.app->engineActions(), &ui::EngineActions::event);
        QTest::keyClicks(dialog->userEdit(), QStringLiteral("nobody-here"));
        QTest::mouseClick(dialog->shareButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->statusText().contains(QStringLiteral("no user 'nobody-here'")), 15000);
        dialog->userEdit()->clear();
        QTest::keyClicks(dialog->userEdit(), QStringLiteral("bob"));
        QTest::mouseClick(dialog->shareButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->recipientsList()->topLevelItemCount(), 1, 15000);
        QCOMPARE(dialog->recipientsList()->topLevelItem(0)->text(0), QStringLiteral("bob"));
        // bob's key fingerprint, first seen now, and mine, to compare out of band (docs/sharing.md).
        static const QRegularExpression fingerprint(QStringLiteral("[0-9A-F]{4}( [0-9A-F]{4}){7}"));
        QVERIFY2(dialog->statusText().contains(QStringLiteral("bob's key fingerprint")) && dialog->statusText().contains(QStringLiteral("first seen")),
            qPrintable(dialog->statusText()));
        QVERIFY(fingerprint.match(dialog->statusText()).hasMatch());
        QTRY_VERIFY_WITH_TIMEOUT(fingerprint.match(dialog->myFingerprintText()).hasMatch(), 15000);
        QVERIFY(fingerprint.match(dialog->myFingerprintText()).captured(0) != fingerprint.match(dialog->statusText()).captured(0));
        QVERIFY(!dialog->acceptNewKeyBox()->isVisible());
        dialog->expiryBox()->setCurrentIndex(2);
        QTest::mouseClick(dialog->copyButton(), Qt::LeftButton); // one active link in the screenshot
        QTRY_COMPARE_WITH_TIMEOUT(dialog->linksList()->topLevelItemCount(), 1, 15000);
        saveShot(dialog, "share-dialog.png");

        ui::MainWindow* window = m_bob.app->window();
        ui::SharedWithMeView* view = window->sharedWithMeView();
        window->sharing()->refreshSharedWithMe(); // the app polls every 30 s; a test does not wait that long
        QTRY_COMPARE_WITH_TIMEOUT(view->list()->topLevelItemCount(), 1, 15000);
        QTreeWidgetItem* row = view->list()->topLevelItem(0);
        QCOMPARE(row->text(0), QStringLiteral("plans.pdf"));
        QCOMPARE(row->text(2), QStringLiteral("alice"));
        QTRY_VERIFY(!events.isEmpty());
        QCOMPARE(events.first().at(0).toString(), QStringLiteral("shared-with-me"));
        QVERIFY(events.first().at(2).toString().contains(QStringLiteral("alice")));
        window->tabs()->setCurrentWidget(view);
        view->list()->setCurrentItem(row);
        saveShot(window, "shared-with-me.png");

        const QString target = m_work.filePath(QStringLiteral("bob-downloads"));
        QDir().mkpath(target);
        view->setFolderChooser([target] { return target; });
        QTest::mouseClick(view->downloadButton(), Qt::LeftButton);
        const QString got = QDir(target).filePath(QStringLiteral("plans.pdf"));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(got).size() == m_data.size(), 60000);
        QFile f(got);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), m_data);
        // One "Download finished", not one from the engine and one from the app.
        const auto finished = [&] {
            return int(std::count_if(events.begin(), events.end(),
                [](const QList<QVariant>& e) { return e.at(0).toString() == QStringLiteral("download-done"); }));
        };
        QTRY_COMPARE_WITH_TIMEOUT(finished(), 1, 15000);
        QTest::qWait(500);
        QCOMPARE(finished(), 1);

        // Stop sharing: bob's tab empties.
        dialog->recipientsList()->setCurrentItem(dialog->recipientsList()->topLevelItem(0));
        QTest::mouseClick(dialog->stopButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->recipientsList()->topLevelItemCount(), 0, 15000);
        window->sharing()->refreshSharedWithMe();
        QTRY_COMPARE_WITH_TIMEOUT(view->list()->topLevelItemCount(), 0, 15000);
        dialog->close();
    }

    void cleanupTestCase()
    {
        m_alice.app.reset();
        m_bob.app.reset();
        m_alice.thread.reset();
        m_bob.thread.reset();
    }
};

QTEST_MAIN(TestUiSharing)
#include "tst_ui_sharing.moc"
