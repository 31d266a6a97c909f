#include "tests/server/PostgresServer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <algorithm>
#include <csignal>

#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace as::test {
namespace {

constexpr const char* kSuperUser = "as";

// Debian installs the server binaries per major version under /usr/lib/postgresql/N/bin; the newest wins.
QString findBinDir()
{
    QDir root(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(), [](const QString& a, const QString& b) { return a.toInt() > b.toInt(); });
    for (const QString& v : versions) {
        const QString bin = root.filePath(v + QStringLiteral("/bin"));
        if (QFile::exists(bin + QStringLiteral("/initdb")))
            return bin;
    }
    return {};
}

int freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

} // namespace

PostgresServer* PostgresServer::shared(QString* error)
{
    static std::unique_ptr<PostgresServer> server;
    static QString startError;
    static bool tried = false;
    if (!tried) {
        tried = true;
        std::unique_ptr<PostgresServer> s(new PostgresServer);
        if (s->start(&startError))
            server = std::move(s);
    }
    if (!server && error)
        *error = startError;
    return server.get();
}

void PostgresServer::prepareChild(QProcess& process) const
{
    const int uid = m_uid;
    const int gid = m_gid;
    process.setChildProcessModifier([uid, gid] {
        // Credentials first: changing them clears the parent-death signal.
        if (gid >= 0 && (::setgroups(0, nullptr) != 0 || ::setgid(gid_t(gid)) != 0))
            ::_exit(126);
        if (uid >= 0 && ::setuid(uid_t(uid)) != 0)
            ::_exit(126);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    });
}

bool PostgresServer::runTool(const QString& tool, const QStringList& args, QString* error)
{
    QProcess p;
    prepareChild(p);
    p.setProgram(m_binDir + u'/' + tool);
    p.setArguments(args);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start();
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("%1 failed: %2").arg(tool, QString::fromLocal8Bit(p.readAll()).trimmed());
        return false;
    }
    return true;
}

bool PostgresServer::start(QString* error)
{
    m_binDir = findBinDir();
    if (m_binDir.isEmpty()) {
        *error = QStringLiteral("PostgreSQL server binaries not found under /usr/lib/postgresql (scripts/setup installs them)");
        return false;
    }
    m_dir = std::make_unique<QTemporaryDir>();
    if (!m_dir->isValid()) {
        *error = QStringLiteral("cannot create a temporary folder for PostgreSQL");
        return false;
    }
    if (::geteuid() == 0) {
        const passwd* pw = ::getpwnam("postgres");
        if (!pw || ::chown(QFile::encodeName(m_dir->path()).constData(), pw->pw_uid, pw->pw_gid) != 0) {
            *error = QStringLiteral("running as root needs the postgres user to own the cluster");
            return false;
        }
        m_uid = int(pw->pw_uid);
        m_gid = int(pw->pw_gid);
    }
    const QString data = m_dir->filePath(QStringLiteral("data"));
    if (!runTool(QStringLiteral("initdb"),
            { QStringLiteral("-D"), data, QStringLiteral("-A"), QStringLiteral("trust"), QStringLiteral("-U"),
                QString::fromLatin1(kSuperUser), QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--no-sync") },
            error))
        return false;
    m_port = freeLoopbackPort();
    prepareChild(m_server);
    m_server.setProgram(m_binDir + QStringLiteral("/postgres"));
    m_server.setArguments({ QStringLiteral("-D"), data, QStringLiteral("-h"), QStringLiteral("127.0.0.1"),
        QStringLiteral("-p"), QString::number(m_port), QStringLiteral("-k"), m_dir->path(), QStringLiteral("-c"),
        QStringLiteral("fsync=off"), QStringLiteral("-c"), QStringLiteral("max_connections=300") });
    m_server.setStandardOutputFile(m_dir->filePath(QStringLiteral("server.log")));
    m_server.setStandardErrorFile(m_dir->filePath(QStringLiteral("server.log")), QIODevice::Append);
    m_server.start();
    return waitUntilAccepting(error);
}

bool PostgresServer::waitUntilAccepting(QString* error)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 30000) {
        if (m_server.state() == QProcess::NotRunning)
            break;
        QString notYet;
        if (runTool(QStringLiteral("pg_isready"),
                { QStringLiteral("-q"), QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                    QString::number(m_port) },
                &notYet))
            return true;
        QThread::msleep(100);
    }
    QFile log(m_dir->filePath(QStringLiteral("server.log")));
    log.open(QIODevice::ReadOnly);
    *error = QStringLiteral("PostgreSQL did not start: %1").arg(QString::fromLocal8Bit(log.readAll()).trimmed());
    return false;
}

PostgresServer::~PostgresServer()
{
    if (m_server.state() != QProcess::NotRunning) {
        ::kill(pid_t(m_server.processId()), SIGQUIT); // immediate shutdown: the cluster is thrown away
        if (!m_server.waitForFinished(10000))
            m_server.kill();
    }
}

QString PostgresServer::createDatabase(QString* error)
{
    const QString name = QStringLiteral("dc%1").arg(++m_databases);
    if (!runTool(QStringLiteral("createdb"),
            { QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(m_port),
                QStringLiteral("-U"), QString::fromLatin1(kSuperUser), name },
            error))
        return {};
    return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(QString::fromLatin1(kSuperUser)).arg(m_port).arg(name);
}

} // namespace as::test
