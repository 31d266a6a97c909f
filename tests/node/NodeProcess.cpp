#include "tests/node/NodeProcess.h"

#include "tests/server/DcProcess.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QFile>
#include <QtTest>
#include <QEventLoop>
#include <QTimer>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QThread>

namespace as::test {

QString nodeBinary() { return qEnvironmentVariable("AS_BUILD_DIR") + QStringLiteral("/app/amazingstore-node"); }

int freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

namespace {
QProcessEnvironment envWith(const QString& password)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("AMAZINGSTORE_PASSWORD"), password);
    env.remove(QStringLiteral("AMAZINGSTORE_PROFILE"));
    return env;
}
} // namespace

Node::~Node() { stopDaemon(); }

QJsonObject Node::status() const
{
    return QJsonDocument::fromJson(run({ QStringLiteral("status"), QStringLiteral("--json") }, 15000).out).object();
}

int countStatuses(const std::vector<std::unique_ptr<Node>>& nodes, const std::function<bool(const QJsonObject&)>& pred)
{
    int n = 0;
    for (const auto& node : nodes)
        n += pred(node->status()) ? 1 : 0;
    return n;
}

NodeResult Node::run(const QStringList& args, int timeoutMs) const
{
    QProcess p;
    as::test::killWithParent(p);
    p.setProcessEnvironment(envWith(m_password));
    p.start(nodeBinary(), QStringList{QStringLiteral("--profile"), m_profile} + args);
    NodeResult r;
    if (!p.waitForStarted(5000))
        return r;
    p.closeWriteChannel();
    // Wait with the event loop running: in-test servers (AssigningProxy) must keep answering meanwhile.
    QEventLoop loop;
    QObject::connect(&p, &QProcess::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (p.state() != QProcess::NotRunning)
        loop.exec();
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished(5000);
        r.out = p.readAllStandardOutput();
        r.err = "(killed: no answer within " + QByteArray::number(timeoutMs) + " ms) " + p.readAllStandardError();
        return r;
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    if (p.exitStatus() == QProcess::NormalExit) {
        r.code = p.exitCode();
    } else {
        r.code = -2;
        r.err.prepend("(crashed: signal " + QByteArray::number(p.exitCode()) + ") "); // Qt keeps the signal there
    }
    return r;
}

bool Node::startDaemon()
{
    m_daemon = std::make_unique<QProcess>();
    m_daemonErr.clear();
    as::test::killWithParent(*m_daemon);
    m_daemon->setProcessEnvironment(envWith(m_password));
    m_daemon->start(nodeBinary(), {QStringLiteral("--profile"), m_profile, QStringLiteral("run"), QStringLiteral("--heartbeat"),
                                   QStringLiteral("0.5")});
    if (!m_daemon->waitForStarted(5000))
        return false;
    QElapsedTimer t;
    t.start();
    // Only once it holds the profile (its first line) may other commands run, or they would take the
    // profile lock themselves first.
    while (!m_daemonErr.contains("daemon started") && t.elapsed() < 15000) {
        if (m_daemon->state() == QProcess::NotRunning)
            return false;
        QEventLoop loop;
        QTimer::singleShot(100, &loop, &QEventLoop::quit);
        loop.exec();
        m_daemonErr += m_daemon->readAllStandardError();
    }
    while (t.elapsed() < 15000) {
        if (m_daemon->state() == QProcess::NotRunning)
            return false;
        const NodeResult s = run({QStringLiteral("status"), QStringLiteral("--json")}, 5000);
        if (s.code == 0 && s.out.contains("\"daemon\": true"))
            return true;
        QEventLoop loop;
        QTimer::singleShot(100, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return false;
}

int Node::stopDaemon()
{
    if (!m_daemon || m_daemon->state() == QProcess::NotRunning)
        return m_daemon ? m_daemon->exitCode() : 0;
    m_daemon->terminate();
    if (!m_daemon->waitForFinished(10000)) {
        m_daemon->kill();
        m_daemon->waitForFinished(5000);
        return -1;
    }
    return m_daemon->exitStatus() == QProcess::NormalExit ? m_daemon->exitCode() : -1;
}

void Node::killDaemon()
{
    if (!m_daemon || m_daemon->state() == QProcess::NotRunning)
        return;
    m_daemon->kill();
    m_daemon->waitForFinished(5000);
    m_daemonErr += m_daemon->readAllStandardError();
}

QByteArray Node::daemonStderr()
{
    if (m_daemon)
        m_daemonErr += m_daemon->readAllStandardError();
    return m_daemonErr;
}

void writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(data), data.size());
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace as::test
