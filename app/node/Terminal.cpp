#include "app/node/Terminal.h"

#include "core/util/Units.h"

#include <QTextStream>

#include <cstdio>
#include <iostream>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace as::node {
namespace {
bool g_lineShown = false;

std::optional<QString> promptOnce(const char* prompt)
{
    const bool tty = isatty(STDIN_FILENO);
    termios old {};
    if (tty) {
        std::fputs(prompt, stderr);
        std::fflush(stderr);
        tcgetattr(STDIN_FILENO, &old);
        termios noEcho = old;
        noEcho.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &noEcho);
    }
    std::string line;
    const bool got = bool(std::getline(std::cin, line));
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        std::fputs("\n", stderr);
    }
    if (!got)
        return std::nullopt;
    return QString::fromStdString(line);
}
} // namespace

PasswordInput readPassword(bool confirm)
{
    const QString env = qEnvironmentVariable("AMAZINGSTORE_PASSWORD");
    if (!env.isEmpty())
        return { env, {} };
    const auto pw = promptOnce("Password: ");
    if (!pw || pw->isEmpty())
        return { {}, QStringLiteral("no password given (set AMAZINGSTORE_PASSWORD or type it)") };
    if (!confirm || !isatty(STDIN_FILENO))
        return { *pw, {} };
    const auto again = promptOnce("Repeat password: ");
    if (!again || *again != *pw)
        return { {}, QStringLiteral("the two passwords differ; nothing was changed, try again") };
    return { *pw, {} };
}

bool stderrIsTerminal() { return isatty(STDERR_FILENO); }

QString humanBytes(qint64 bytes)
{
    return util::formatBytes(bytes);
}

void showProgress(const TransferInfo& t)
{
    if (!stderrIsTerminal())
        return;
    QString line = QStringLiteral("%1  %2").arg(t.name.left(30), stageName(t.stage));
    if (t.bytesTotal > 0) {
        line += QStringLiteral("  %1%").arg(int(100.0 * double(t.bytesDone) / double(t.bytesTotal)));
        if (t.rate > 0)
            line += QStringLiteral("  %1/s").arg(humanBytes(qint64(t.rate)));
        line += QStringLiteral("  %1 to go").arg(humanBytes(t.bytesToGo()));
        const qint64 eta = t.etaSeconds();
        if (eta >= 0)
            line += QStringLiteral("  ETA %1:%2").arg(eta / 60).arg(eta % 60, 2, 10, QLatin1Char('0'));
    }
    std::fprintf(stderr, "\r\033[K%s", line.toLocal8Bit().constData());
    std::fflush(stderr);
    g_lineShown = true;
}

void clearProgress()
{
    if (g_lineShown) {
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
        g_lineShown = false;
    }
}

} // namespace as::node
