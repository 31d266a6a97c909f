#include "server/Options.h"

#include <QFileInfo>
#include <QUrl>

#include <algorithm>
#include <vector>

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
           "  --newcomer-prior-hours H  a peer's measured availability starts from H hours at 0.3 (default 12)\n"
           "  --standby-count K      standby masters named per server (default 4, 0: none)\n"
           "  --standby-min-availability A  measured availability a standby needs (default 0.3)\n"
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

namespace {

// An option whose value is a number within [min, max], and the field it sets.
template <class T> struct RangedOption {
    QString name;
    T min, max;
    void (*set)(DcConfig&, T);
    QString expected; // the message's "expected …" for a value out of range
};

const std::vector<RangedOption<qint64>>& integerOptions()
{
    static const std::vector<RangedOption<qint64>> options {
        { u"--threads"_s, 4, 4096, [](DcConfig& c, qint64 v) { c.threads = int(v); }, u"4..4096"_s },
        { u"--max-connections-per-ip"_s, 1, 100000, [](DcConfig& c, qint64 v) { c.maxConnectionsPerAddress = int(v); },
            u"1..100000"_s },
        { u"--max-object-size"_s, 1, qint64(1) << 50, [](DcConfig& c, qint64 v) { c.maxObjectSize = v; },
            u"a positive byte count"_s },
        { u"--token-lifetime"_s, 1, qint64(10) * 365 * 86400, [](DcConfig& c, qint64 v) { c.tokenLifetimeSeconds = v; },
            u"seconds"_s },
        { u"--heartbeat-interval"_s, 1, 86400, [](DcConfig& c, qint64 v) { c.heartbeatIntervalSeconds = int(v); },
            u"1..86400 seconds"_s },
        { u"--audit-interval"_s, 1, 30LL * 86400, [](DcConfig& c, qint64 v) { c.auditIntervalSeconds = v; },
            u"1..2592000 seconds"_s },
        { u"--standby-count"_s, 0, 64, [](DcConfig& c, qint64 v) { c.standbyCount = int(v); }, u"0..64"_s },
        { u"--max-nodes-per-account"_s, 1, 10000, [](DcConfig& c, qint64 v) { c.maxNodesPerAccount = int(v); },
            u"1..10000"_s },
        { u"--min-replicas"_s, 1, 20, [](DcConfig& c, qint64 v) { c.minReplicas = int(v); }, u"1..20"_s },
    };
    return options;
}

const std::vector<RangedOption<double>>& fractionOptions()
{
    static const std::vector<RangedOption<double>> options {
        { u"--standby-min-availability"_s, 0, 1, [](DcConfig& c, double v) { c.standbyMinAvailability = v; }, u"0..1"_s },
        { u"--replication-target"_s, 0.5, 0.999999, [](DcConfig& c, double v) { c.replicationTarget = v; },
            u"0.5..0.999999"_s },
        { u"--dc-availability"_s, 0, 1, [](DcConfig& c, double v) { c.dcAvailability = v; }, u"0..1"_s },
        { u"--detector-time-scale"_s, 1e-3, 1e7, [](DcConfig& c, double v) { c.detectorTimeScale = v; },
            u"0.001..1e7"_s },
        { u"--newcomer-prior-hours"_s, 0, 24 * 365, [](DcConfig& c, double v) { c.newcomerPriorHours = v; },
            u"0..8760"_s },
    };
    return options;
}

const QStringList kTextOptions { u"--listen"_s, u"--data"_s, u"--db"_s, u"--tls-cert"_s, u"--tls-key"_s,
    u"--public-url"_s };

bool takesValue(const QString& name)
{
    const auto named = [&](const auto& o) { return o.name == name; };
    return kTextOptions.contains(name) || std::any_of(integerOptions().begin(), integerOptions().end(), named)
        || std::any_of(fractionOptions().begin(), fractionOptions().end(), named);
}

qint64 toNumber(const QString& text, bool* ok, qint64) { return text.toLongLong(ok); }
double toNumber(const QString& text, bool* ok, double) { return text.toDouble(ok); }

// Applies `value` if `name` is one of `options`: false when it is not one of them.
template <class T>
bool applyRanged(const std::vector<RangedOption<T>>& options, const QString& name, const QString& value, DcConfig& c,
    Status& status)
{
    for (const RangedOption<T>& o : options) {
        if (o.name != name)
            continue;
        bool ok = false;
        const T v = toNumber(value, &ok, T {});
        if (!ok || !(v >= o.min && v <= o.max))
            status = usage(u"%1: expected %2"_s.arg(name, o.expected));
        else
            o.set(c, v);
        return true;
    }
    return false;
}

// --listen, --data, --db, --tls-cert, --tls-key, --public-url; false when `name` is none of them.
bool applyText(const QString& name, const QString& value, DcConfig& c, bool& haveListen, Status& status)
{
    if (name == u"--listen"_s) {
        if (!parseHostPort(value, c.host, c.port))
            status = usage(u"--listen: expected HOST:PORT, got '%1'"_s.arg(value));
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
            status = usage(u"--public-url: expected http(s)://HOST[:PORT], got '%1'"_s.arg(value));
        c.publicUrl = value.endsWith(u'/') ? value.chopped(1) : value;
    } else {
        return false;
    }
    return true;
}

// The options that must be there, and the TLS files, once every argument is read.
Status checkComplete(const DcConfig& c, bool haveListen)
{
    if (!haveListen)
        return usage(u"--listen HOST:PORT is required (see --help)"_s);
    if (c.dataDir.isEmpty())
        return usage(u"--data DIR is required (see --help)"_s);
    if (c.tlsCert.isEmpty() != c.tlsKey.isEmpty())
        return usage(u"--tls-cert and --tls-key go together"_s);
    for (const QString& f : { c.tlsCert, c.tlsKey })
        if (!f.isEmpty() && !QFileInfo(f).isReadable())
            return usage(u"cannot read '%1'"_s.arg(f));
    return {};
}

} // namespace

Result<ParsedOptions> parseOptions(const QStringList& args)
{
    ParsedOptions out;
    DcConfig& c = out.config;
    bool haveListen = false;
    for (int i = 1; i < args.size(); ++i) {
        QString name = args[i];
        QString value;
        const int eq = name.indexOf(u'=');
        if (name.startsWith(u"--"_s) && eq > 0) {
            value = name.mid(eq + 1);
            name = name.left(eq);
        } else if (takesValue(name)) {
            if (i + 1 >= args.size())
                return usage(u"option %1 needs a value"_s.arg(name));
            value = args[++i];
        }
        Status status;
        if (name == u"--help"_s || name == u"-h"_s)
            out.help = true;
        else if (name == u"--version"_s)
            out.version = true;
        else if (!applyText(name, value, c, haveListen, status) && !applyRanged(integerOptions(), name, value, c, status)
            && !applyRanged(fractionOptions(), name, value, c, status))
            return usage(u"unknown argument '%1' (see --help)"_s.arg(name));
        if (!status)
            return status.error();
    }
    if (out.help || out.version)
        return out;
    if (Status s = checkComplete(c, haveListen); !s)
        return s.error();
    return out;
}

} // namespace as::server
