// amazingstore [--profile DIR] [LINK|FILE...] — the tray app.
// One instance per profile: a second start hands its LINK|FILE arguments to the first and exits.
// If a daemon (`amazingstore-node run`) holds the profile, the app drives it over the control socket;
// otherwise it runs the engine itself, on a thread of its own, and serves the control socket for the CLI.

#include "core/control/ControlServer.h"
#include "core/control/ProfileEngine.h"
#include "core/engine/LocalEngine.h"
#include "core/util/CrashTrace.h"
#include "ui/EngineThread.h"
#include "ui/Icons.h"
#include "ui/Keychain.h"
#include "ui/Settings.h"
#include "ui/SingleInstance.h"
#include "ui/TrayApp.h"

#include <QApplication>
#include <QCoreApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QStandardPaths>
#include <QTranslator>

#include <cstdio>
#include <memory>
#include <optional>

namespace {

// The same default as amazingstore-node, so the tray app and a node daemon share one profile (and one
// engine) unless told otherwise.
QString defaultProfile()
{
    const QString env = qEnvironmentVariable("AMAZINGSTORE_PROFILE");
    if (!env.isEmpty())
        return env;
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/amazingstore/node");
}

void installTranslators(QApplication& app, const QString& language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    auto* mine = new QTranslator(&app);
    // English is the fallback: its .qm carries the plural forms ("1 peer", "2 peers").
    if (mine->load(locale, QStringLiteral("amazingstore"), QStringLiteral("_"), QStringLiteral(":/i18n"))
        || mine->load(QStringLiteral(":/i18n/amazingstore_en")))
        app.installTranslator(mine);
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
}

int fail(const QString& message)
{
    std::fprintf(stderr, "amazingstore: %s\n", qPrintable(message));
    return 1;
}

// Qt's own GUI options (QGuiApplication takes them out of arguments(); a QCoreApplication does not): left
// out of what our parser sees, so `amazingstore -platform offscreen` keeps working.
QStringList withoutQtGuiOptions(const QStringList& args)
{
    static const QStringList withValue = {
        QStringLiteral("platform"), QStringLiteral("platformpluginpath"), QStringLiteral("platformtheme"),
        QStringLiteral("plugin"), QStringLiteral("qwindowgeometry"), QStringLiteral("qwindowtitle"),
        QStringLiteral("qwindowicon"), QStringLiteral("display"), QStringLiteral("style"),
        QStringLiteral("stylesheet"), QStringLiteral("session"), QStringLiteral("name"), QStringLiteral("title"),
        QStringLiteral("geometry")};
    static const QStringList flags = {QStringLiteral("reverse"), QStringLiteral("widgetcount"),
                                      QStringLiteral("nograb"), QStringLiteral("dograb"), QStringLiteral("sync")};
    QStringList out;
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString a = args.at(i);
        if (i > 0 && a.startsWith(QLatin1Char('-')) && !a.startsWith(QLatin1String("--"))) {
            a.remove(0, 1);
            if (withValue.contains(a)) {
                ++i; // and its value
                continue;
            }
            if (flags.contains(a))
                continue;
        }
        out << args.at(i);
    }
    return out;
}

// Whether a QApplication can open a display here. Without one Qt aborts (qFatal), so we say so and exit
// instead.
bool displayAvailable(int argc, char** argv, QString* why)
{
    for (int i = 1; i + 1 < argc; ++i) // -platform NAME on the command line: Qt's choice, Qt's checks
        if (qstrcmp(argv[i], "-platform") == 0 || qstrcmp(argv[i], "--platform") == 0)
            return true;
    const QString platform = qEnvironmentVariable("QT_QPA_PLATFORM");
    const bool x11 = !qEnvironmentVariableIsEmpty("DISPLAY");
    const bool wayland = !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
    if (platform.startsWith(QLatin1String("xcb")) && !x11) {
        *why = QStringLiteral("QT_QPA_PLATFORM is xcb but DISPLAY is not set");
        return false;
    }
    if (platform.startsWith(QLatin1String("wayland")) && !wayland) {
        *why = QStringLiteral("QT_QPA_PLATFORM is wayland but WAYLAND_DISPLAY is not set");
        return false;
    }
    if (platform.isEmpty() && !x11 && !wayland) {
        *why = QStringLiteral("no display (neither DISPLAY nor WAYLAND_DISPLAY is set)");
        return false;
    }
    return true;
}

struct Arguments {
    QString profile;
    QStringList targets;
};

// The command line, read before any window system is touched: --help, --version and mistakes need no
// display. Returns an exit code when the program should end here.
std::optional<int> parseArguments(int argc, char** argv, Arguments* out)
{
    QCoreApplication core(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("amazingstore"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AS_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "AmazingStore tray app: drag-and-drop encrypted upload, share links, transfers and storage contribution."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption profileOpt(QStringLiteral("profile"), QStringLiteral("Profile folder (default %1).").arg(defaultProfile()),
                                  QStringLiteral("DIR"), defaultProfile());
    parser.addOption(profileOpt);
    parser.addPositionalArgument(QStringLiteral("LINK|FILE"), QStringLiteral("Share links to download, files to upload."),
                                 QStringLiteral("[LINK|FILE...]"));
    if (!parser.parse(withoutQtGuiOptions(QCoreApplication::arguments()))) {
        std::fprintf(stderr, "amazingstore: %s\nTry 'amazingstore --help'.\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0); // exits
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion(); // exits
    out->profile = QDir(parser.value(profileOpt)).absolutePath();
    for (const QString& a : parser.positionalArguments()) // files relative to where we were started
        out->targets << (QFileInfo(a).exists() ? QFileInfo(a).absoluteFilePath() : a);
    if (!QDir().mkpath(out->profile))
        return fail(QStringLiteral("cannot create the profile folder %1").arg(out->profile));
    QFile::setPermissions(out->profile, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return std::nullopt;
}

} // namespace

int main(int argc, char** argv)
{
    as::util::installCrashTrace("amazingstore");
    Arguments args;
    if (const std::optional<int> rc = parseArguments(argc, argv, &args))
        return *rc;
    if (QString why; !displayAvailable(argc, argv, &why))
        return fail(QStringLiteral("cannot show the app: %1. Run it in a desktop session (or with "
                                   "QT_QPA_PLATFORM=offscreen for a headless test); the command-line "
                                   "client is amazingstore-node.").arg(why));
    const QString profile = args.profile;
    const QStringList targets = args.targets;

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("amazingstore"));
    QApplication::setApplicationDisplayName(QStringLiteral("AmazingStore"));
    QApplication::setApplicationVersion(QStringLiteral(AS_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("amazingstore"));
    QApplication::setQuitOnLastWindowClosed(false); // the tray keeps running; Quit ends it
    as::ui::initResources();
    QApplication::setWindowIcon(as::ui::appIcon());

    as::ui::SingleInstance single(profile);
    if (single.handOver(targets))
        return 0;
    if (!single.listen())
        return fail(QStringLiteral("cannot listen on the local socket %1").arg(single.name()));

    as::ui::Settings settings(QDir(profile).filePath(QStringLiteral("settings-ui.json")));
    installTranslators(app, settings.data().language);
    as::ui::Keychain keychain(profile);

    // The engine: our own (on its thread), or the daemon that holds the profile.
    std::unique_ptr<as::ui::EngineThread> local;
    std::unique_ptr<as::control::ControlServer> control;
    as::EngineApi* engine = nullptr;
    auto attached = as::control::attachToProfile(profile);
    if (!attached)
        return fail(attached.error().message);
    if (attached->isLocal()) {
        local = std::make_unique<as::ui::EngineThread>();
        auto* le = new as::engine::LocalEngine(profile);
        const QString error = local->start(le, [le] {
            const as::Status s = le->open();
            return s ? QString() : s.error().message;
        });
        if (!error.isEmpty())
            return fail(QStringLiteral("cannot open the profile %1: %2").arg(profile, error));
        control = std::make_unique<as::control::ControlServer>(local.get());
        if (const as::Status s = control->listen(profile); !s)
            std::fprintf(stderr, "amazingstore: control socket: %s\n", qPrintable(s.error().message));
        engine = local.get();
    } else {
        engine = attached->remote.get();
    }

    as::ui::TrayApp::Options options;
    options.profileDir = profile == QDir(defaultProfile()).absolutePath() ? QString() : profile;
    as::ui::TrayApp tray(engine, &settings, &keychain, options);
    QObject::connect(&single, &as::ui::SingleInstance::argumentsReceived, &tray, &as::ui::TrayApp::handleArguments);
    QObject::connect(&tray, &as::ui::TrayApp::quitRequested, &app, &QCoreApplication::quit);
    tray.start(targets);

    const int rc = QApplication::exec();
    control.reset();
    if (local) {
        local->stop([le = qobject_cast<as::engine::LocalEngine*>(local->engineObject())](std::function<void()> done) {
            // On the engine thread: save resume data, stop libtorrent, then let the thread end.
            QObject::connect(le, &as::engine::LocalEngine::stopped, le, [done] { done(); });
            le->shutdown();
        });
    }
    return rc;
}
