#include "app/node/Terminal.h"

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

std::optional<QString> readPassword(bool confirm)
{
    const QString env = qEnvironmentVariable("AMAZINGSTORE_PASSWORD");
    if (!env.isEmpty())
        return env;
    auto pw = promptOnce("Password: ");
    if (!pw || !confirm || !isatty(STDIN_FILENO))
        return pw;
    auto again = promptOnce("Repeat password: ");
    if (!again || *again != *pw)
        return std::nullopt;
    return pw;
}

bool stderrIsTerminal() { return isatty(STDERR_FILENO); }

QString humanBytes(qint64 bytes)
{
    const double b = double(bytes);
    if (b >= 1e9)
        return QStringLiteral("%1 GB").arg(b / 1e9, 0, 'f', 2);
    if (b >= 1e6)
        return QStringLiteral("%1 MB").arg(b / 1e6, 0, 'f', 1);
    if (b >= 1e3)
        return QStringLiteral("%1 kB").arg(b / 1e3, 0, 'f', 1);
    return QStringLiteral("%1 B").arg(bytes);
}

void showProgress(const TransferInfo& t)
{
    if (!stderrIsTerminal())
        return;
    QString line = QStringLiteral("%1  %2").arg(t.name.left(30), t.stage);
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
