#include "tests/share/Chromium.h"

#include "tests/server/DcProcess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>

namespace as::test {

Chromium::~Chromium()
{
    m_ws.close();
    if (m_proc.state() != QProcess::NotRunning) {
        m_proc.terminate();
        if (!m_proc.waitForFinished(5000)) {
            m_proc.kill();
            m_proc.waitForFinished(5000);
        }
    }
}

QString Chromium::binaryPath()
{
    for (const char* name : { "chromium", "chromium-browser" }) {
        const QString p = QStandardPaths::findExecutable(QString::fromLatin1(name));
        if (!p.isEmpty())
            return p;
    }
    return {};
}

void Chromium::pump(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

bool Chromium::start(const QString& downloadDir, QString* why)
{
    const QString bin = binaryPath();
    if (bin.isEmpty()) {
        *why = QStringLiteral("chromium is not installed (scripts/setup installs it)");
        return false;
    }
    killWithParent(m_proc);
    m_proc.setProcessChannelMode(QProcess::SeparateChannels);
    // Loopback only: no sync, no component updates, no field trials, no first-run fetches.
    m_proc.start(bin, { QStringLiteral("--headless=new"), QStringLiteral("--no-sandbox"), QStringLiteral("--disable-gpu"),
                          QStringLiteral("--remote-debugging-address=127.0.0.1"), QStringLiteral("--remote-debugging-port=0"),
                          QStringLiteral("--user-data-dir=") + m_profile.path(), QStringLiteral("--no-first-run"),
                          QStringLiteral("--disable-background-networking"), QStringLiteral("--disable-component-update"),
                          QStringLiteral("--disable-sync"), QStringLiteral("--disable-default-apps"),
                          QStringLiteral("--disable-dev-shm-usage"), QStringLiteral("--no-default-browser-check"),
                          QStringLiteral("--disable-features=Translate,OptimizationHints,MediaRouter"),
                          QStringLiteral("about:blank") });
    if (!m_proc.waitForStarted(10000)) {
        *why = QStringLiteral("chromium did not start: ") + m_proc.errorString();
        return false;
    }
    // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/GUID" on stderr.
    QByteArray err;
    QString wsUrl;
    QDeadlineTimer deadline(20000);
    static const QRegularExpression re(QStringLiteral("DevTools listening on (ws://\\S+)"));
    while (wsUrl.isEmpty() && !deadline.hasExpired() && m_proc.state() == QProcess::Running) {
        m_proc.waitForReadyRead(200);
        err += m_proc.readAllStandardError();
        const auto m = re.match(QString::fromUtf8(err));
        if (m.hasMatch())
            wsUrl = m.captured(1);
    }
    if (wsUrl.isEmpty()) {
        *why = QStringLiteral("chromium gave no DevTools address: ") + QString::fromUtf8(err.right(2000));
        return false;
    }
    QObject::connect(&m_ws, &QWebSocket::textMessageReceived, [this](const QString& t) { onMessage(t); });
    m_ws.setMaxAllowedIncomingMessageSize(256 << 20);
    QEventLoop loop;
    QObject::connect(&m_ws, &QWebSocket::connected, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    m_ws.open(QUrl(wsUrl));
    loop.exec();
    if (m_ws.state() != QAbstractSocket::ConnectedState) {
        *why = QStringLiteral("cannot connect to chromium's DevTools: ") + m_ws.errorString();
        return false;
    }
    const QJsonObject r = call(QStringLiteral("Browser.setDownloadBehavior"),
        { { QStringLiteral("behavior"), QStringLiteral("allow") }, { QStringLiteral("downloadPath"), downloadDir },
            { QStringLiteral("eventsEnabled"), true } });
    if (r.contains(QStringLiteral("error"))) {
        *why = QStringLiteral("Browser.setDownloadBehavior failed: ") + QString::fromUtf8(QJsonDocument(r).toJson());
        return false;
    }
    return true;
}

void Chromium::onMessage(const QString& text)
{
    const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
    if (o.contains(QStringLiteral("id"))) {
        m_replies[o.value(QStringLiteral("id")).toInt()] = o;
        return;
    }
    CdpEvent e { o.value(QStringLiteral("method")).toString(), o.value(QStringLiteral("sessionId")).toString(),
        o.value(QStringLiteral("params")).toObject() };
    if (e.method == QStringLiteral("Network.requestWillBeSent")) {
        const QJsonObject req = e.params.value(QStringLiteral("request")).toObject();
        m_requests.push_back(req);
    } else if (e.method == QStringLiteral("Target.attachedToTarget")) {
        // Workers of the page (the service worker): watch their requests too, then let them run.
        const QString s = e.params.value(QStringLiteral("sessionId")).toString();
        for (const char* m : { "Network.enable", "Runtime.runIfWaitingForDebugger" }) {
            if (!m_watchNetwork && QByteArray(m) == "Network.enable")
                continue;
            QJsonObject msg { { QStringLiteral("id"), m_nextId++ }, { QStringLiteral("method"), QString::fromLatin1(m) },
                { QStringLiteral("sessionId"), s } };
            m_ws.sendTextMessage(QString::fromUtf8(QJsonDocument(msg).toJson(QJsonDocument::Compact)));
        }
    }
    m_events.push_back(std::move(e));
}

QJsonObject Chromium::call(const QString& method, const QJsonObject& params, const QString& session, int timeoutMs)
{
    const int id = m_nextId++;
    QJsonObject msg { { QStringLiteral("id"), id }, { QStringLiteral("method"), method }, { QStringLiteral("params"), params } };
    if (!session.isEmpty())
        msg.insert(QStringLiteral("sessionId"), session);
    m_ws.sendTextMessage(QString::fromUtf8(QJsonDocument(msg).toJson(QJsonDocument::Compact)));
    QDeadlineTimer deadline(timeoutMs);
    while (!m_replies.count(id) && !deadline.hasExpired() && m_ws.state() == QAbstractSocket::ConnectedState)
        pump(10);
    if (!m_replies.count(id))
        return { { QStringLiteral("error"), QStringLiteral("no answer to %1").arg(method) } };
    QJsonObject reply = m_replies[id];
    m_replies.erase(id);
    return reply;
}

bool Chromium::open(const QString& url, int timeoutMs)
{
    closeTab();
    m_targetId = call(QStringLiteral("Target.createTarget"), { { QStringLiteral("url"), QStringLiteral("about:blank") } })
                     .value(QStringLiteral("result")).toObject().value(QStringLiteral("targetId")).toString();
    m_session = call(QStringLiteral("Target.attachToTarget"),
        { { QStringLiteral("targetId"), m_targetId }, { QStringLiteral("flatten"), true } })
                    .value(QStringLiteral("result")).toObject().value(QStringLiteral("sessionId")).toString();
    if (m_session.isEmpty())
        return false;
    if (m_watchNetwork)
        call(QStringLiteral("Network.enable"), {}, m_session);
    call(QStringLiteral("Page.enable"), {}, m_session);
    if (m_bypassCsp)
        call(QStringLiteral("Page.setBypassCSP"), { { QStringLiteral("enabled"), true } }, m_session);
    if (!m_initScript.isEmpty())
        call(QStringLiteral("Page.addScriptToEvaluateOnNewDocument"), { { QStringLiteral("source"), m_initScript } }, m_session);
    call(QStringLiteral("Target.setAutoAttach"),
        { { QStringLiteral("autoAttach"), true }, { QStringLiteral("waitForDebuggerOnStart"), false },
            { QStringLiteral("flatten"), true } },
        m_session);
    const size_t before = m_events.size();
    call(QStringLiteral("Page.navigate"), { { QStringLiteral("url"), url } }, m_session);
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        for (size_t i = before; i < m_events.size(); ++i)
            if (m_events[i].method == QStringLiteral("Page.loadEventFired") && m_events[i].sessionId == m_session)
                return true;
        pump(20);
    }
    return false;
}

void Chromium::bypassServiceWorker(bool on)
{
    call(QStringLiteral("Network.setBypassServiceWorker"), { { QStringLiteral("bypass"), on } }, m_session);
}

void Chromium::closeTab()
{
    if (m_targetId.isEmpty())
        return;
    call(QStringLiteral("Target.closeTarget"), { { QStringLiteral("targetId"), m_targetId } });
    m_targetId.clear();
    m_session.clear();
}

QJsonValue Chromium::eval(const QString& expression, int timeoutMs)
{
    const QJsonObject r = call(QStringLiteral("Runtime.evaluate"),
        { { QStringLiteral("expression"), expression }, { QStringLiteral("returnByValue"), true },
            { QStringLiteral("awaitPromise"), true }, { QStringLiteral("userGesture"), true } },
        m_session, timeoutMs);
    const QJsonObject result = r.value(QStringLiteral("result")).toObject();
    if (r.contains(QStringLiteral("error")) || result.contains(QStringLiteral("exceptionDetails")))
        return QJsonObject { { QStringLiteral("error"), QString::fromUtf8(QJsonDocument(r).toJson(QJsonDocument::Compact)) } };
    return result.value(QStringLiteral("result")).toObject().value(QStringLiteral("value"));
}

QJsonValue Chromium::waitFor(const QString& expression, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QJsonValue v;
    do {
        v = eval(expression);
        if (v.toBool() || (v.isString() && !v.toString().isEmpty()))
            return v;
        pump(100);
    } while (!deadline.hasExpired());
    return v;
}

std::map<qint64, QString> Chromium::processes() const
{
    std::map<qint64, QString> out;
    const QByteArray mine = "--user-data-dir=" + m_profile.path().toUtf8();
    for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric)
            continue;
        QFile cmd(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!cmd.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = cmd.readAll();
        if (!line.contains(mine))
            continue;
        // Chromium's children rewrite their command line into one space-separated string.
        static const QRegularExpression typeArg(QStringLiteral("--type=([a-z-]+)"));
        const auto m = typeArg.match(QString::fromLatin1(line));
        out[pid] = m.hasMatch() ? m.captured(1) : QStringLiteral("browser");
    }
    return out;
}

std::map<qint64, qint64> Chromium::rendererMemory() const
{
    std::map<qint64, qint64> out;
    for (const auto& [pid, type] : processes()) {
        if (type != QStringLiteral("renderer"))
            continue;
        QFile status(QStringLiteral("/proc/%1/status").arg(pid));
        if (!status.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray& l : status.readAll().split('\n'))
            if (l.startsWith("VmRSS:"))
                out[pid] = l.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return out;
}

QByteArray Chromium::screenshot()
{
    const QJsonObject r = call(QStringLiteral("Page.captureScreenshot"), { { QStringLiteral("format"), QStringLiteral("png") } },
        m_session);
    return QByteArray::fromBase64(r.value(QStringLiteral("result")).toObject().value(QStringLiteral("data")).toString().toLatin1());
}

std::vector<CdpEvent> Chromium::events(const QString& method) const
{
    std::vector<CdpEvent> out;
    for (const auto& e : m_events)
        if (e.method == method)
            out.push_back(e);
    return out;
}

} // namespace as::test
