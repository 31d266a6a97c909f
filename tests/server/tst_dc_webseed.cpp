// libtorrent against the real DC: the DC's /data/{id} works as a BEP 19 web seed for a hybrid torrent, and
// its /announce answers libtorrent's announces (made under both info-hashes of the hybrid torrent).
#include "tests/server/TestUtil.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <chrono>
#include <libtorrent/add_torrent_params.hpp>
#include <libtorrent/alert_types.hpp>
#include <libtorrent/session.hpp>
#include <libtorrent/settings_pack.hpp>
#include <libtorrent/torrent_info.hpp>

using namespace as::test;

class DcWebSeedTest : public QObject {
    Q_OBJECT
private slots:
    void downloadFromWebSeedAndAnnounce();
};

void DcWebSeedTest::downloadFromWebSeedAndAnnounce()
{
    QTemporaryDir data, work, target;
    DcProcess dc;
    QVERIFY(dc.start(data.path()));
    DcHttp http(dc.port());
    http.setToken(registerAndLogin(http, QStringLiteral("seeder")).token);
    const TestObject o = makeTestObject(work.path(), 1536 * 1024 + 777, 64 * 1024, 31);
    QCOMPARE(http.postJson("/api/v1/objects", registerBody(o)).status, 201);
    QCOMPARE(
        uploadAll(http, o, 512 * 1024).json().value(QStringLiteral("state")).toString(), QStringLiteral("available"));

    lt::settings_pack sp;
    sp.set_str(lt::settings_pack::listen_interfaces, "127.0.0.1:0");
    sp.set_bool(lt::settings_pack::enable_dht, false);
    sp.set_bool(lt::settings_pack::enable_lsd, false);
    sp.set_bool(lt::settings_pack::enable_upnp, false);
    sp.set_bool(lt::settings_pack::enable_natpmp, false);
    sp.set_int(lt::settings_pack::alert_mask,
        lt::alert_category::status | lt::alert_category::error | lt::alert_category::tracker | lt::alert_category::storage);
    lt::session ses(sp);

    lt::add_torrent_params atp;
    lt::error_code ec;
    atp.ti = std::make_shared<lt::torrent_info>(
        lt::span<char const>(o.torrent.constData(), o.torrent.size()), ec, lt::from_span);
    QVERIFY(!ec);
    atp.save_path = QFile::encodeName(target.path()).toStdString();
    const std::string base = dc.baseUrl().toStdString();
    atp.url_seeds = { base + "/data/" + o.id.toStdString() };
    // The node's tracker URL names the object; libtorrent appends its own query after it.
    atp.trackers = { base + "/announce?object=" + o.id.toStdString() };
    lt::torrent_handle h = ses.add_torrent(atp);

    bool finished = false;
    int trackerReplies = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline && !(finished && trackerReplies > 0)) {
        ses.wait_for_alert(std::chrono::milliseconds(200));
        std::vector<lt::alert*> alerts;
        ses.pop_alerts(&alerts);
        for (lt::alert* a : alerts) {
            if (lt::alert_cast<lt::torrent_finished_alert>(a))
                finished = true;
            if (lt::alert_cast<lt::tracker_reply_alert>(a))
                ++trackerReplies;
            if (auto* e = lt::alert_cast<lt::tracker_error_alert>(a))
                qWarning("tracker error: %s", e->message().c_str());
            if (auto* e = lt::alert_cast<lt::url_seed_alert>(a))
                qWarning("web seed error: %s", e->message().c_str());
        }
    }
    QVERIFY2(finished, "libtorrent did not finish downloading from the DC web seed");
    QVERIFY2(trackerReplies > 0, "libtorrent got no answer from the DC tracker");
    // libtorrent's own disk back end hashes blocks still in its store buffer: a torrent can be finished
    // before every block is in the file (docs/transfer.md, "Threads and the alert pump"). Flush, then read.
    h.flush_cache();
    bool flushed = false;
    const auto flushDeadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!flushed && std::chrono::steady_clock::now() < flushDeadline) {
        ses.wait_for_alert(std::chrono::milliseconds(200));
        std::vector<lt::alert*> alerts;
        ses.pop_alerts(&alerts);
        for (lt::alert* a : alerts)
            flushed = flushed || lt::alert_cast<lt::cache_flushed_alert>(a) != nullptr;
    }
    QVERIFY2(flushed, "libtorrent did not flush the download");
    QFile f(QDir(target.path()).filePath(QString::fromStdString(atp.ti->files().file_path(lt::file_index_t(0)))));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll() == o.content);
    ses.remove_torrent(h);
    QCOMPARE(dc.stop(), 0);
}

QTEST_GUILESS_MAIN(DcWebSeedTest)
#include "tst_dc_webseed.moc"
