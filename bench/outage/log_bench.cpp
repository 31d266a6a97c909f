// amazingstore-outage-logbench: what a standby's pull of the DC's change log costs (docs/outage.md), measured
// on the real store and applier: a DC store with N objects (registered, made available, held by peers), a
// standby replica pulling it page by page from zero, then the steady state (a pull with nothing new, and one
// with a heartbeat's change). Bytes are the pages' JSON as the route sends them; CPU is this process's user +
// system time on each side (the DC's logSince + JSON, the standby's parse + verify + apply). No HTTP: the
// transport adds a request line and headers per page. Never run by the tests; bench/outage/run.sh drives it.

#include "core/crypto/Identity.h"
#include "core/protocol/Master.h"
#include "server/master/LogApplier.h"
#include "server/store/SqlMetadataStore.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <cstdio>
#include <sys/resource.h>

using namespace as;
using namespace as::server;

namespace {

double cpuSeconds()
{
    rusage u {};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::unique_ptr<SqlMetadataStore> openStore(const QString& file)
{
    DbConfig c;
    c.database = file;
    c.durable = false; // the fill is set-up, not measured; the replica uses NORMAL as a standby does
    auto s = SqlMetadataStore::open(c);
    return s ? std::move(*s) : nullptr;
}

QString hex(QRandomGenerator& rng, int chars)
{
    QByteArray b(chars / 2, '\0');
    for (char& c : b)
        c = char(rng.bounded(256));
    return QString::fromLatin1(b.toHex());
}

QByteArray bytes(QRandomGenerator& rng, int n)
{
    QByteArray b(n, '\0');
    for (char& c : b)
        c = char(rng.bounded(256));
    return b;
}

// Sizes of a typical object's record: sealed metadata (name, type, times) ~300 B, a wrapped key 60 B, and
// a hybrid torrent of a 2 MB object (one 2 MiB piece layer, v1 piece hashes) ~600 B.
void fillDc(SqlMetadataStore& dc, int objects, int peers, int replicas)
{
    QRandomGenerator rng(7);
    AccountRecord a { QStringLiteral("alice"), QStringLiteral("scrypt$x"), "salt", QStringLiteral("kdf"), "wm",
        bytes(rng, 32), 1 };
    (void)dc.createAccount(a);
    QStringList ids;
    for (int i = 0; i < objects; ++i) {
        ObjectRecord o;
        o.id = hex(rng, 64);
        o.owner = QStringLiteral("alice");
        o.size = 2'000'000;
        o.pieceLength = 1 << 21;
        o.state = protocol::kStateUploading;
        o.createdAt = 1'700'000'000 + i;
        o.sealedMetadata = bytes(rng, 300);
        o.wrappedFileKey = bytes(rng, 60);
        o.v1Hash = hex(rng, 40);
        o.v2Short = hex(rng, 40);
        if (!dc.createObject(o, bytes(rng, 600)) || !dc.markAvailable(o.id)) {
            std::fprintf(stderr, "cannot fill the DC store\n");
            std::exit(1);
        }
        ids.append(o.id);
    }
    // Every object on `replicas` of `peers` peers, each reported in one heartbeat.
    for (int p = 0; p < peers; ++p) {
        PeerReport r { QStringLiteral("alice"), hex(rng, 64), QStringLiteral("10.0.%1.1").arg(p), 6881, 1LL << 40, 0,
            0, {}, 7000 };
        for (int i = p; i < objects * replicas; i += peers)
            r.held.append(ids[i % objects]);
        (void)dc.recordHeartbeat(r, 1'700'000'000, 180);
    }
}

struct Pull {
    qint64 bytes = 0;
    double dcCpu = 0, standbyCpu = 0;
    int pages = 0;
    qint64 entries = 0;
};

// One page: the DC's side (logSince, JSON) and the standby's (parse, verify, apply).
bool pullPage(SqlMetadataStore& dc, SqlMetadataStore& replica, const crypto::Identity& key, Pull& pull, bool* more)
{
    const double t0 = cpuSeconds();
    const qint64 since = appliedSequence(replica);
    protocol::LogPage page;
    page.serverId = QString(64, QLatin1Char('d'));
    page.publicKey = key.publicKey();
    page.entries = dc.logSince(since, protocol::kMaxLogPage).value();
    page.lastSeq = dc.lastLogSeq().value();
    page.more = !page.entries.isEmpty() && page.entries.last().seq < page.lastSeq;
    const QByteArray wire = QJsonDocument(page.toJson()).toJson(QJsonDocument::Compact);
    const double t1 = cpuSeconds();
    auto parsed = protocol::LogPage::fromJson(QJsonDocument::fromJson(wire).object());
    if (!parsed || !applyLogPage(replica, *parsed)) {
        std::fprintf(stderr, "a page did not apply\n");
        return false;
    }
    const double t2 = cpuSeconds();
    pull.bytes += wire.size();
    pull.dcCpu += t1 - t0;
    pull.standbyCpu += t2 - t1;
    pull.entries += page.entries.size();
    ++pull.pages;
    *more = page.more;
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int objects = argc > 1 ? std::max(1, atoi(argv[1])) : 100'000;
    const int peers = 60, replicas = 6;
    QTemporaryDir dir;
    auto dc = openStore(dir.filePath(QStringLiteral("dc.sqlite")));
    auto replica = openStore(dir.filePath(QStringLiteral("replica.sqlite")));
    const crypto::Identity key = crypto::Identity::generate().value();
    if (!dc || !replica)
        return 1;
    dc->setLogSigner([key](const QByteArray& b) { return key.sign(b).value(); });
    fillDc(*dc, objects, peers, replicas);

    Pull full;
    for (bool more = true; more;)
        if (!pullPage(*dc, *replica, key, full, &more))
            return 1;
    // Steady state: what a standby pulls every half heartbeat with nothing new, and after one heartbeat that
    // changed a peer's held set (one holdings entry).
    const int idle = 1000;
    Pull empty;
    bool more = false;
    for (int i = 0; i < idle; ++i)
        if (!pullPage(*dc, *replica, key, empty, &more))
            return 1;
    Pull change;
    QRandomGenerator rng(9);
    const int changes = 200;
    for (int i = 0; i < changes; ++i) {
        PeerReport r { QStringLiteral("alice"), hex(rng, 64), QStringLiteral("10.1.0.1"), 6881, 1LL << 40, 0, 0,
            { QString(64, QLatin1Char('0')) }, 7000 }; // a new peer: a peer entry (its held id is unknown: no holdings)
        (void)dc->recordHeartbeat(r, 1'700'000'100 + i, 180);
        if (!pullPage(*dc, *replica, key, change, &more))
            return 1;
    }
    std::printf("{\"objects\": %d, \"peers\": %d, \"replicas\": %d, \"log_entries\": %lld, \"pages\": %d,\n"
                " \"full_pull_bytes\": %lld, \"full_pull_dc_cpu_s\": %.3f, \"full_pull_standby_cpu_s\": %.3f,\n"
                " \"idle_pull_bytes\": %.0f, \"idle_pull_dc_cpu_ms\": %.4f, \"idle_pull_standby_cpu_ms\": %.4f,\n"
                " \"one_change_pull_bytes\": %.0f, \"one_change_pull_dc_cpu_ms\": %.4f, \"one_change_pull_standby_cpu_ms\": "
                "%.4f}\n",
        objects, peers, replicas, (long long)full.entries, full.pages, (long long)full.bytes, full.dcCpu, full.standbyCpu,
        double(empty.bytes) / idle, 1e3 * empty.dcCpu / idle, 1e3 * empty.standbyCpu / idle,
        double(change.bytes) / changes, 1e3 * change.dcCpu / changes, 1e3 * change.standbyCpu / changes);
    return 0;
}
