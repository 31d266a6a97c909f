#include "app/node/Cli.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>

namespace as::node {
namespace {

struct CommandSpec {
    const char* name;
    const char* usage;    // after "amazingstore-node [--profile DIR] "
    const char* summary;
    QStringList valueOptions; // options taking a value
    QStringList flags;
    int minPositional;
    int maxPositional;    // -1: unlimited
};

const QList<CommandSpec>& specs()
{
    static const QList<CommandSpec> s = {
        // `name` is the command's api::*Request::kName.
        {"register", "register --dc URL USER", "create an account; password from $AMAZINGSTORE_PASSWORD or the terminal",
         {QStringLiteral("--dc")}, {}, 1, 1},
        {"login", "login --dc URL USER", "log in on this profile; password from $AMAZINGSTORE_PASSWORD or the terminal",
         {QStringLiteral("--dc")}, {}, 1, 1},
        {"logout", "logout", "end the session and forget the keys in this profile", {}, {}, 0, 0},
        {"upload", "upload FILE...", "encrypt and upload files; prints one share link per file, in order", {}, {}, 1, -1},
        {"ls", "ls [--shared] [--json]", "list my objects; --shared: the files other users shared with me (with who "
         "shared them)", {}, {QStringLiteral("--json"), QStringLiteral("--shared")}, 0, 0},
        {"share", "share ID [--expires DURATION | --revocable | --to USER [--accept-new-key]]",
         "print the share link of one of my objects; with --expires (e.g. 30m, 12h, 7d, 2w) or --revocable, a new "
         "link the DC refuses once it expires or is revoked ('unshare'); with --to, share it with that user's "
         "account (they see it in 'ls --shared') and print their key fingerprint; --accept-new-key: their key "
         "changed and they confirmed the new fingerprint",
         {QStringLiteral("--expires"), QStringLiteral("--to")}, {QStringLiteral("--revocable"), QStringLiteral("--accept-new-key")}, 1, 1},
        {"key", "key [USER] [--json]", "the fingerprint of my account key, or of USER's (pinned here the first time it "
         "is seen): compare it with your friend's 'key' by phone or in person", {}, {QStringLiteral("--json")}, 0, 1},
        {"unshare", "unshare LINK|LINK-ID|ID [--to USER]", "revoke one revocable link, or every revocable link of one of "
         "my objects; with --to, stop sharing the object with that user", {QStringLiteral("--to")}, {}, 1, 1},
        {"shares", "shares [--all] [--json]", "my revocable links with their expiry and use counts (--all: also "
         "expired and revoked ones)", {}, {QStringLiteral("--all"), QStringLiteral("--json")}, 0, 0},
        {"rekey", "rekey ID", "re-encrypt one of my objects under a new key and id: every old link and key stops "
         "working, old replicas are dropped; prints the new link", {}, {}, 1, 1},
        {"get", "get LINK|ID [-o DIR] [--json]", "download, verify and decrypt a shared file (a link, or the id of a "
         "file shared with me, 'ls --shared') into DIR (made if missing; "
         "default: the current folder); prints the written path",
         {QStringLiteral("-o"), QStringLiteral("--output")}, {QStringLiteral("--json")}, 1, 1},
        {"delete", "delete ID", "delete one of my objects", {}, {}, 1, 1},
        {"run", "run [--heartbeat SECONDS]", "daemon: seed, keep replicas, heartbeat to the DC; stops on SIGTERM",
         {QStringLiteral("--heartbeat")}, {}, 0, 0},
        {"stop", "stop", "stop the daemon that holds this profile", {}, {}, 0, 0},
        {"status", "status [--json]", "mode, contribution, replicas held, DC availability, peers", {}, {QStringLiteral("--json")}, 0, 0},
        {"contribution", "contribution [--json]",
         "what this node gives: capacity, used, replicas held, bytes served, availability, and their history "
         "(--json: status fields plus \"history\": [{\"t\", \"used_bytes\", \"bytes_served\", \"replicas_held\", "
         "\"online\"}])",
         {}, {QStringLiteral("--json")}, 0, 0},
        {"config", "config [KEY [VALUE]]",
         "read or set a setting: capacity, listen-port, upload-limit, download-limit, alt-upload-limit, "
         "alt-download-limit, dht-bootstrap, dc, dc-wait, slow-mode, contribution-dir",
         {}, {}, 0, 2},
    };
    return s;
}

QString commandHelp(const CommandSpec& c)
{
    return QStringLiteral("Usage: amazingstore-node [--profile DIR] %1\n\n%2\n")
        .arg(QLatin1String(c.usage), QLatin1String(c.summary));
}

QString defaultProfile()
{
    const QString env = qEnvironmentVariable("AMAZINGSTORE_PROFILE");
    if (!env.isEmpty())
        return env;
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("amazingstore/node"));
}

// The typed request of a parsed command line (usage errors as InvalidArgument).
// "90" (seconds), "30s", "15m", "12h", "7d", "2w"; -1 when it is not a duration.
qint64 parseDuration(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("^([0-9]{1,9})([smhdw]?)$"));
    const auto m = re.match(text.trimmed().toLower());
    if (!m.hasMatch())
        return -1;
    static const QHash<QString, qint64> unit { { QString(), 1 }, { QStringLiteral("s"), 1 }, { QStringLiteral("m"), 60 },
        { QStringLiteral("h"), 3600 }, { QStringLiteral("d"), 86400 }, { QStringLiteral("w"), 7 * 86400 } };
    return m.captured(1).toLongLong() * unit.value(m.captured(2));
}

// share --expires/--revocable/--to, unshare [--to], ls --shared, shares, rekey (docs/sharing.md); nullopt for any other command.
std::optional<Result<api::AnyRequest>> sharingRequest(const QString& name, const QStringList& positional,
                                                      const QHash<QString, QString>& values, const QSet<QString>& flags)
{
    const QString to = values.value(QStringLiteral("--to"));
    if (values.contains(QStringLiteral("--to")) && name == QLatin1String("share")) {
        if (values.contains(QStringLiteral("--expires")) || flags.contains(QStringLiteral("--revocable")))
            return Result<api::AnyRequest>(makeError(ErrorCode::InvalidArgument,
                QStringLiteral("share: --to shares with a user; --expires and --revocable make a link: give one or the other")));
        return Result<api::AnyRequest>(api::AnyRequest(
            api::ShareToUserRequest { positional.first(), to, flags.contains(QStringLiteral("--accept-new-key")) }));
    }
    if (name == QLatin1String(api::AccountKeyRequest::kName))
        return Result<api::AnyRequest>(api::AnyRequest(api::AccountKeyRequest { positional.value(0) }));
    if (flags.contains(QStringLiteral("--accept-new-key"))) {
        return Result<api::AnyRequest>(makeError(ErrorCode::InvalidArgument, QStringLiteral("share: --accept-new-key goes with --to USER")));
    }
    if (values.contains(QStringLiteral("--to")) && name == QLatin1String("unshare"))
        return Result<api::AnyRequest>(api::AnyRequest(api::UnshareUserRequest { positional.first(), to }));
    if (name == QLatin1String("ls") && flags.contains(QStringLiteral("--shared")))
        return Result<api::AnyRequest>(api::AnyRequest(api::SharedWithMeRequest {}));
    if (name == QLatin1String("share") && (values.contains(QStringLiteral("--expires")) || flags.contains(QStringLiteral("--revocable")))) {
        api::ShareLinkRequest r { positional.first(), 0 };
        if (values.contains(QStringLiteral("--expires"))) {
            r.expiresIn = parseDuration(values.value(QStringLiteral("--expires")));
            if (r.expiresIn <= 0 || r.expiresIn > 10LL * 366 * 24 * 3600)
                return Result<api::AnyRequest>(makeError(ErrorCode::InvalidArgument,
                    QStringLiteral("share: --expires expects a duration such as 30m, 12h, 7d or 2w (at most 10 years)")));
        }
        return Result<api::AnyRequest>(api::AnyRequest(r));
    }
    if (name == QLatin1String(api::UnshareRequest::kName))
        return Result<api::AnyRequest>(api::AnyRequest(api::UnshareRequest { positional.first() }));
    if (name == QLatin1String(api::SharesRequest::kName))
        return Result<api::AnyRequest>(api::AnyRequest(api::SharesRequest { flags.contains(QStringLiteral("--all")) }));
    if (name == QLatin1String(api::RekeyRequest::kName))
        return Result<api::AnyRequest>(api::AnyRequest(api::RekeyRequest { positional.first() }));
    return std::nullopt;
}

Result<api::AnyRequest> toRequest(const QString& name, const QStringList& positional,
                                  const QHash<QString, QString>& values, const QString& help)
{
    const auto usage = [](const QString& text) { return makeError(ErrorCode::InvalidArgument, text); };
    if (name == QLatin1String(api::RegisterRequest::kName) || name == QLatin1String(api::LoginRequest::kName)) {
        if (!values.contains(QStringLiteral("--dc")))
            return usage(QStringLiteral("%1: --dc URL is required\n%2").arg(name, help));
        // The password is asked for later (main), after the command line is known to be good.
        const api::Credentials c{values.value(QStringLiteral("--dc")), positional.first(), {}};
        if (name == QLatin1String(api::RegisterRequest::kName))
            return api::AnyRequest(api::RegisterRequest{c});
        return api::AnyRequest(api::LoginRequest{c});
    }
    if (name == QLatin1String(api::UploadRequest::kName)) {
        api::UploadRequest r;
        // Paths are made absolute here: a running daemon that takes the command has another working folder.
        for (const QString& p : positional)
            r.paths.append(QFileInfo(p).absoluteFilePath());
        return api::AnyRequest(r);
    }
    if (name == QLatin1String(api::ShareRequest::kName))
        return api::AnyRequest(api::ShareRequest{positional.first()});
    if (name == QLatin1String(api::DeleteRequest::kName))
        return api::AnyRequest(api::DeleteRequest{positional.first()});
    if (name == QLatin1String(api::GetRequest::kName)) {
        // Without -o the file goes to the folder the command was given in (not the daemon's).
        const QString dir = values.value(QStringLiteral("-o"), QDir::currentPath());
        if (dir.isEmpty())
            return usage(QStringLiteral("get: -o needs a folder"));
        return api::AnyRequest(api::GetRequest{positional.first(), QFileInfo(dir).absoluteFilePath()});
    }
    if (name == QLatin1String(api::RunRequest::kName)) {
        api::RunRequest r;
        if (values.contains(QStringLiteral("--heartbeat"))) {
            bool ok = false;
            const double secs = values.value(QStringLiteral("--heartbeat")).toDouble(&ok);
            if (!ok || secs < 0.1 || secs > 86400)
                return usage(QStringLiteral("run: --heartbeat expects seconds between 0.1 and 86400"));
            r.heartbeatIntervalMs = int(secs * 1000);
        }
        return api::AnyRequest(r);
    }
    if (name == QLatin1String(api::ConfigRequest::kName)) {
        api::ConfigRequest r;
        if (positional.size() >= 1)
            r.key = positional.at(0);
        if (positional.size() == 2)
            r.value = positional.at(1);
        return api::AnyRequest(r);
    }
    if (name == QLatin1String(api::LogoutRequest::kName))
        return api::AnyRequest(api::LogoutRequest{});
    if (name == QLatin1String(api::ListRequest::kName))
        return api::AnyRequest(api::ListRequest{});
    if (name == QLatin1String(api::StopRequest::kName))
        return api::AnyRequest(api::StopRequest{});
    if (name == QLatin1String(api::StatusRequest::kName))
        return api::AnyRequest(api::StatusRequest{});
    if (name == QLatin1String(api::ContributionRequest::kName))
        return api::AnyRequest(api::ContributionRequest{});
    return usage(QStringLiteral("'%1' has no request (a CLI entry without a command)").arg(name));
}

} // namespace

QString mainHelp()
{
    QString text = QStringLiteral(
        "Usage: amazingstore-node [--profile DIR] COMMAND [ARGS]\n\n"
        "AmazingStore node: encrypted storage on a data center and its peers.\n\n"
        "Options:\n"
        "  --profile DIR   profile folder (default $AMAZINGSTORE_PROFILE or ~/.local/share/amazingstore/node)\n"
        "  --help          this help; COMMAND --help for a command's\n"
        "  --version       print the version\n\nCommands:\n");
    for (const CommandSpec& c : specs())
        text += QStringLiteral("  %1\n      %2\n").arg(QLatin1String(c.usage), QLatin1String(c.summary));
    text += QStringLiteral("\nExit status: 0 success, 1 failure, 2 usage error or bad argument, 3 not logged in or\n"
                           "wrong user name or password, 4 data center (or the running instance) unreachable,\n"
                           "5 local disk (full, unwritable, not a folder), 6 data failed verification (wrong key).\n");
    return text;
}

namespace {

// The options before the command (--profile, --help, --version), taken off `args`; true when they settle the
// invocation (help, version or a usage error).
bool takeGlobalOptions(QStringList& args, Invocation& inv)
{
    while (!args.isEmpty() && args.first().startsWith(u'-')) {
        const QString a = args.takeFirst();
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            inv.help = true;
            inv.helpText = mainHelp();
            return true;
        }
        if (a == QLatin1String("--version")) {
            inv.version = true;
            return true;
        }
        if (a != QLatin1String("--profile") && !a.startsWith(QLatin1String("--profile="))) {
            inv.usageError = QStringLiteral("unknown option %1 (see --help)").arg(a);
            return true;
        }
        QString v = a.mid(10);
        if (a == QLatin1String("--profile") && !args.isEmpty())
            v = args.takeFirst();
        if (v.isEmpty()) {
            inv.usageError = QStringLiteral("--profile needs a folder");
            return true;
        }
        inv.profile = v;
    }
    return false;
}

const CommandSpec* findSpec(const QString& name)
{
    for (const CommandSpec& c : specs())
        if (name == QLatin1String(c.name))
            return &c;
    return nullptr;
}

// A command's own arguments: positional ones, options with a value (--output as -o) and flags.
struct CommandArgs {
    QStringList positional;
    QHash<QString, QString> values;
    QSet<QString> flags;
};

// Reads the command's arguments from `args` into `out`; true when that settles the invocation (its --help
// or a usage error).
bool takeCommandArgs(QStringList& args, const CommandSpec& spec, CommandArgs& out, Invocation& inv)
{
    const QString& name = inv.command;
    bool onlyPositional = false;
    while (!args.isEmpty()) {
        QString a = args.takeFirst();
        bool number = false;
        a.toDouble(&number); // "-1" is a value (config upload-limit -1 gets the setting's own error)
        if (onlyPositional || !a.startsWith(u'-') || a == QLatin1String("-") || number) {
            out.positional.append(a);
            continue;
        }
        if (a == QLatin1String("--")) {
            onlyPositional = true;
            continue;
        }
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            inv.help = true;
            inv.helpText = commandHelp(spec);
            return true;
        }
        QString value;
        const qsizetype eq = a.indexOf(u'=');
        if (a.startsWith(QLatin1String("--")) && eq > 0) {
            value = a.mid(eq + 1);
            a = a.left(eq);
        }
        if (spec.flags.contains(a)) {
            out.flags.insert(a);
        } else if (spec.valueOptions.contains(a)) {
            if (eq <= 0) {
                if (args.isEmpty()) {
                    inv.usageError = QStringLiteral("%1: option %2 needs a value").arg(name, a);
                    return true;
                }
                value = args.takeFirst();
            }
            out.values.insert(a == QLatin1String("--output") ? QStringLiteral("-o") : a, value);
        } else {
            inv.usageError = QStringLiteral("%1: unknown option %2\n%3").arg(name, a, commandHelp(spec));
            return true;
        }
    }
    if (out.positional.size() < spec.minPositional || (spec.maxPositional >= 0 && out.positional.size() > spec.maxPositional)) {
        inv.usageError = QStringLiteral("%1: wrong number of arguments\n%2").arg(name, commandHelp(spec));
        return true;
    }
    return false;
}

} // namespace

Invocation parseCommandLine(const QStringList& arguments)
{
    Invocation inv;
    inv.profile = defaultProfile();
    QStringList args = arguments.mid(1);
    // Global options come before the command.
    if (takeGlobalOptions(args, inv))
        return inv;
    if (args.isEmpty()) {
        inv.usageError = QStringLiteral("no command given (see --help)");
        return inv;
    }
    const QString name = args.takeFirst();
    const CommandSpec* spec = findSpec(name);
    if (!spec) {
        inv.usageError = QStringLiteral("unknown command '%1' (see --help)").arg(name);
        return inv;
    }
    inv.command = name;
    CommandArgs cmd;
    if (takeCommandArgs(args, *spec, cmd, inv))
        return inv;
    inv.json = cmd.flags.contains(QStringLiteral("--json"));
    auto sharing = sharingRequest(name, cmd.positional, cmd.values, cmd.flags);
    auto request = sharing ? *sharing : toRequest(name, cmd.positional, cmd.values, commandHelp(*spec));
    if (!request) {
        inv.usageError = request.error().message;
        return inv;
    }
    inv.request = *request;
    inv.needsPassword = std::holds_alternative<api::RegisterRequest>(inv.request) ||
                        std::holds_alternative<api::LoginRequest>(inv.request);
    return inv;
}

} // namespace as::node
