#include "server/Options.h"

#include <QFileInfo>
#include <QUrl>

namespace as::server {
using namespace Qt::Literals::StringLiterals;

QString usageText()
{
    return u"Usage: amazingstore-dc --listen HOST:PORT --data DIR [--db URL] [--tls-cert FILE --tls-key FILE]\n"
           "                       [--public-url URL]\n"
           "The AmazingStore data-center server: REST API, metadata store, blob store, tracker.\n\n"
           "  --listen HOST:PORT     address to serve on (PORT 0: any free port; printed at start)\n"
           "  --data DIR             data folder: blobs, partial uploads, metadata.sqlite\n"
           "  --db URL               sqlite:PATH (default DIR/metadata.sqlite) or postgresql://USER@HOST:PORT/DB\n"
           "                         (its password from PGPASSWORD or ~/.pgpass, not in the URL)\n"
           "  --tls-cert FILE        PEM certificate; with --tls-key serves HTTPS, else plain HTTP\n"
           "  --tls-key FILE         PEM private key\n"
           "  --public-url URL       base URL for share links (default: the request's own scheme and Host)\n"
           "Advanced:\n"
           "  --threads N            most connections served at once, one worker thread each (default 256)\n"
           "  --max-connections-per-ip N  open connections from one address (default 128)\n"
           "  --max-object-size N    largest object in bytes (default 64 GiB)\n"
           "  --token-lifetime S     session token lifetime in seconds (default 30 days)\n"
           "  --heartbeat-interval S interval asked of nodes, in seconds (default 60)\n"
           "  --audit-interval S     a vetted replica holder is audited about every S seconds (default 21600)\n"
           "  --max-nodes-per-account N  peer ids one account may use (default 16)\n"
           "  --replication-target T the hybrid model's availability target (default 0.99)\n"
           "  --dc-availability A    A_dc for the model (default: mean of the nodes' reports, else own uptime)\n"
           "  --min-replicas N       durability floor of the replica count (default 5)\n"
           "  --detector-time-scale X  test knob: failure-detector durations × X (default 1)\n"
           "  --standby-count K      standby masters named per server (default 4, 0: none)\n"
           "  --standby-min-availability A  measured availability a standby needs (default 0.5)\n"
           "  --help, --version\n"_s;
}

namespace {

Error usage(const QString& message)
{
    return makeError(ErrorCode::InvalidArgument, message);
}

bool parseHostPort(const QString& text, QString& host, int& port)
{
    const int colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    port = text.mid(colon + 1).toInt(&ok);
    return ok && port >= 0 && port <= 65535 && !host.isEmpty();
}

} // namespace

Result<ParsedOptions> parseOptions(const QStringList& args)
{
    ParsedOptions out;
    DcConfig& c = out.config;
    bool haveListen = false;
    const QStringList valued { u"--listen"_s, u"--data"_s, u"--db"_s, u"--tls-cert"_s, u"--tls-key"_s,
        u"--public-url"_s, u"--threads"_s, u"--max-connections-per-ip"_s, u"--max-object-size"_s, u"--token-lifetime"_s, u"--heartbeat-interval"_s, u"--audit-interval"_s, u"--max-nodes-per-account"_s,
        u"--replication-target"_s, u"--dc-availability"_s, u"--min-replicas"_s, u"--detector-time-scale"_s,
        u"--standby-count"_s, u"--standby-min-availability"_s };
    for (int i = 1; i < args.size(); ++i) {
        QString name = args[i];
        QString value;
        const int eq = name.indexOf(u'=');
        if (name.startsWith(u"--"_s) && eq > 0) {
            value = name.mid(eq + 1);
            name = name.left(eq);
        } else if (valued.contains(name)) {
            if (i + 1 >= args.size())
                return usage(u"option %1 needs a value"_s.arg(name));
            value = args[++i];
        }
        auto number = [&](qint64 min, qint64 max, qint64& target) -> bool {
            bool ok = false;
            const qint64 v = value.toLongLong(&ok);
            if (!ok || v < min || v > max)
                return false;
            target = v;
            return true;
        };
        auto fraction = [&](double min, double max, double& target) -> bool {
            bool ok = false;
            const double v = value.toDouble(&ok);
            if (!ok || !(v >= min && v <= max))
                return false;
            target = v;
            return true;
        };
        qint64 n = 0;
        if (name == u"--help"_s || name == u"-h"_s) {
            out.help = true;
        } else if (name == u"--version"_s) {
            out.version = true;
        } else if (name == u"--listen"_s) {
            if (!parseHostPort(value, c.host, c.port))
                return usage(u"--listen: expected HOST:PORT, got '%1'"_s.arg(value));
            haveListen = true;
        } else if (name == u"--data"_s) {
            c.dataDir = value;
        } else if (name == u"--db"_s) {
            c.dbUrl = value;
        } else if (name == u"--tls-cert"_s) {
            c.tlsCert = value;
        } else if (name == u"--tls-key"_s) {
            c.tlsKey = value;
        } else if (name == u"--public-url"_s) {
            const QUrl u(value, QUrl::StrictMode);
            if (!u.isValid() || (u.scheme() != u"http"_s && u.scheme() != u"https"_s) || u.host().isEmpty())
                return usage(u"--public-url: expected http(s)://HOST[:PORT], got '%1'"_s.arg(value));
            c.publicUrl = value.endsWith(u'/') ? value.chopped(1) : value;
        } else if (name == u"--threads"_s) {
            if (!number(4, 4096, n))
                return usage(u"--threads: expected 4..4096"_s);
            c.threads = int(n);
        } else if (name == u"--max-connections-per-ip"_s) {
            if (!number(1, 100000, n))
                return usage(u"--max-connections-per-ip: expected 1..100000"_s);
            c.maxConnectionsPerAddress = int(n);
        } else if (name == u"--max-object-size"_s) {
            if (!number(1, qint64(1) << 50, c.maxObjectSize))
                return usage(u"--max-object-size: expected a positive byte count"_s);
        } else if (name == u"--token-lifetime"_s) {
            if (!number(1, qint64(10) * 365 * 86400, c.tokenLifetimeSeconds))
                return usage(u"--token-lifetime: expected seconds"_s);
        } else if (name == u"--heartbeat-interval"_s) {
            if (!number(1, 86400, n))
                return usage(u"--heartbeat-interval: expected 1..86400 seconds"_s);
            c.heartbeatIntervalSeconds = int(n);
        } else if (name == u"--audit-interval"_s) {
            if (!number(1, 30LL * 86400, c.auditIntervalSeconds))
                return usage(u"--audit-interval: expected 1..2592000 seconds"_s);
        } else if (name == u"--standby-count"_s) {
            if (!number(0, 64, n))
                return usage(u"--standby-count: expected 0..64"_s);
            c.standbyCount = int(n);
        } else if (name == u"--standby-min-availability"_s) {
            if (!fraction(0, 1, c.standbyMinAvailability))
                return usage(u"--standby-min-availability: expected 0..1"_s);
        } else if (name == u"--max-nodes-per-account"_s) {
            if (!number(1, 10000, n))
                return usage(u"--max-nodes-per-account: expected 1..10000"_s);
            c.maxNodesPerAccount = int(n);
        } else if (name == u"--replication-target"_s) {
            if (!fraction(0.5, 0.999999, c.replicationTarget))
                return usage(u"--replication-target: expected 0.5..0.999999"_s);
        } else if (name == u"--dc-availability"_s) {
            if (!fraction(0, 1, c.dcAvailability))
                return usage(u"--dc-availability: expected 0..1"_s);
        } else if (name == u"--min-replicas"_s) {
            if (!number(1, 20, n))
                return usage(u"--min-replicas: expected 1..20"_s);
            c.minReplicas = int(n);
        } else if (name == u"--detector-time-scale"_s) {
            if (!fraction(1e-3, 1e7, c.detectorTimeScale))
                return usage(u"--detector-time-scale: expected 0.001..1e7"_s);
        } else {
            return usage(u"unknown argument '%1' (see --help)"_s.arg(name));
        }
    }
    if (out.help || out.version)
        return out;
    if (!haveListen)
        return usage(u"--listen HOST:PORT is required (see --help)"_s);
    if (c.dataDir.isEmpty())
        return usage(u"--data DIR is required (see --help)"_s);
    if (c.tlsCert.isEmpty() != c.tlsKey.isEmpty())
        return usage(u"--tls-cert and --tls-key go together"_s);
    for (const QString& f : { c.tlsCert, c.tlsKey })
        if (!f.isEmpty() && !QFileInfo(f).isReadable())
            return usage(u"cannot read '%1'"_s.arg(f));
    return out;
}

} // namespace as::server
