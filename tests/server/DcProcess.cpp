#include "tests/server/DcProcess.h"

#include "tests/server/PostgresServer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QHostAddress>
#include <QTcpSocket>
#include <QThread>
#include <csignal>

#include <sys/prctl.h>

namespace as::test {

QString DcProcess::binaryPath()
{
    return qEnvironmentVariable("AS_BUILD_DIR") + QStringLiteral("/app/amazingstore-dc");
}

DcProcess::~DcProcess()
{
    if (running())
        stop();
}

void killWithParent(QProcess& process)
{
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

// With AS_TEST_DC_DB=postgresql (the *_postgres tests) every data folder gets its own database on the test
// process's PostgreSQL cluster; a restart on the same folder finds the same database.
static QStringList databaseArgs(const QString& dataDir, const QStringList& extraArgs, QByteArray* error)
{
    if (qEnvironmentVariable("AS_TEST_DC_DB") != QStringLiteral("postgresql") || extraArgs.contains(QStringLiteral("--db")))
        return {};
    static QMap<QString, QString> databases;
    if (!databases.contains(dataDir)) {
        QString why;
        PostgresServer* server = PostgresServer::shared(&why);
        const QString url = server ? server->createDatabase(&why) : QString();
        if (url.isEmpty()) {
            *error = why.toUtf8();
            return {};
        }
        databases.insert(dataDir, url);
    }
    return { QStringLiteral("--db"), databases.value(dataDir) };
}

bool DcProcess::start(const QString& dataDir, const QStringList& extraArgs)
{
    killWithParent(m_proc);
    m_proc.setProgram(binaryPath());
    const QStringList dbArgs = databaseArgs(dataDir, extraArgs, &m_stderr);
    if (!m_stderr.isEmpty() && dbArgs.isEmpty())
        return false;
    m_proc.setArguments(
        QStringList { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--data"), dataDir }
        + dbArgs + extraArgs);
    m_proc.start();
    if (!m_proc.waitForStarted(5000))
        return false;
    static const QRegularExpression re(QStringLiteral("listening on https?://[^:]+:(\\d+)"));
    QByteArray out;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 15000) {
        m_proc.waitForReadyRead(100);
        out += m_proc.readAllStandardOutput();
        m_stderr += m_proc.readAllStandardError();
        const auto m = re.match(QString::fromUtf8(out));
        if (m.hasMatch()) {
            m_port = m.captured(1).toInt();
            if (!dbArgs.isEmpty() && !out.contains("metadata: PostgreSQL")) {
                m_stderr += "the DC did not say it keeps its metadata on PostgreSQL: " + out;
                kill9();
                return false;
            }
            return true;
        }
        if (m_proc.state() == QProcess::NotRunning)
            return false;
    }
    kill9();
    return false;
}

int DcProcess::stop()
{
    if (m_proc.state() == QProcess::NotRunning)
        return m_proc.exitCode();
    ::kill(pid_t(m_proc.processId()), SIGTERM);
    int code = -1;
    if (m_proc.waitForFinished(10000)) {
        m_stderr += m_proc.readAllStandardError();
        code = m_proc.exitStatus() == QProcess::NormalExit ? m_proc.exitCode() : -1;
    } else {
        kill9();
    }
    if (code != 0) // a test comparing the exit code then shows why
        qWarning("the DC did not stop cleanly (%d); its stderr ends with: %s", code, m_stderr.right(2000).constData());
    return code;
}

void DcProcess::kill9()
{
    if (m_proc.state() == QProcess::NotRunning)
        return;
    m_proc.kill();
    m_proc.waitForFinished(5000);
}

bool DcProcess::running() const
{
    return m_proc.state() != QProcess::NotRunning;
}

QByteArray DcProcess::stderrOutput()
{
    m_stderr += m_proc.readAllStandardError();
    return m_stderr;
}

QJsonObject HttpReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

namespace {

HttpReply readReply(QTcpSocket& s, int timeoutMs)
{
    QByteArray data;
    QElapsedTimer t;
    t.start();
    HttpReply r;
    qsizetype headerEnd = -1;
    qint64 contentLength = -1;
    while (t.elapsed() < timeoutMs) {
        if (s.bytesAvailable() == 0 && !s.waitForReadyRead(50)) {
            if (s.state() != QAbstractSocket::ConnectedState)
                break;
        }
        data += s.readAll();
        if (headerEnd < 0) {
            headerEnd = data.indexOf("\r\n\r\n");
            if (headerEnd >= 0) {
                const QList<QByteArray> lines = data.left(headerEnd).split('\n');
                const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
                r.status = statusLine.value(1).toInt();
                for (int i = 1; i < lines.size(); ++i) {
                    const qsizetype colon = lines[i].indexOf(':');
                    if (colon > 0)
                        r.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
                }
                if (r.headers.contains("content-length"))
                    contentLength = r.headers.value("content-length").toLongLong();
            }
        }
        if (headerEnd >= 0 && contentLength >= 0 && data.size() - (headerEnd + 4) >= contentLength)
            break;
        if (r.status == 100) { // "100 Continue": drop it and read the real answer
            data = data.mid(headerEnd + 4);
            headerEnd = -1;
            r = HttpReply();
        }
    }
    if (headerEnd < 0)
        return HttpReply();
    r.body = data.mid(headerEnd + 4);
    if (contentLength >= 0)
        r.body.truncate(contentLength);
    return r;
}

} // namespace

HttpReply DcHttp::raw(const QByteArray& bytes, int timeoutMs) const
{
    QTcpSocket s;
    if (!m_source.isEmpty() && !s.bind(QHostAddress(m_source), 0))
        return HttpReply();
    s.connectToHost(QStringLiteral("127.0.0.1"), quint16(m_port));
    if (!s.waitForConnected(5000))
        return HttpReply();
    s.write(bytes);
    s.waitForBytesWritten(timeoutMs);
    return readReply(s, timeoutMs);
}

HttpReply DcHttp::request(const QByteArray& method, const QByteArray& path, const QByteArray& body,
    const QMap<QByteArray, QByteArray>& headers, int timeoutMs) const
{
    QByteArray req = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port)
        + "\r\nConnection: close\r\n";
    if (!m_token.isEmpty() && !headers.contains("Authorization"))
        req += "Authorization: Bearer " + m_token.toLatin1() + "\r\n";
    for (auto it = headers.begin(); it != headers.end(); ++it)
        req += it.key() + ": " + it.value() + "\r\n";
    if (!body.isEmpty() || method == "POST" || method == "PUT")
        if (!headers.contains("Content-Length"))
            req += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    req += "\r\n";
    req += body;
    return raw(req, timeoutMs);
}

HttpReply DcHttp::postJson(const QByteArray& path, const QJsonObject& body) const
{
    return request(
        "POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), { { "Content-Type", "application/json" } });
}

DcAccount registerAndLogin(const DcHttp& http, const QString& username)
{
    auto b64 = [](const QByteArray& b) {
        return QString::fromLatin1(b.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    };
    QByteArray secret(32, Qt::Uninitialized);
    for (auto& c : secret)
        c = char(QRandomGenerator::global()->bounded(256));
    DcAccount a { username, secret, {} };
    const QJsonObject reg { { QStringLiteral("username"), username }, { QStringLiteral("auth_secret"), b64(secret) },
        { QStringLiteral("salt"), b64(QByteArray(16, 's')) },
        { QStringLiteral("kdf"), QStringLiteral("scrypt:N=2^17,r=8,p=1") },
        { QStringLiteral("wrapped_master_key"), b64(QByteArray(60, 'w')) },
        { QStringLiteral("public_key"), b64(QByteArray(32, 'p')) } };
    if (http.postJson("/api/v1/accounts", reg).status != 201)
        return a;
    const HttpReply login = http.postJson("/api/v1/sessions",
        { { QStringLiteral("username"), username }, { QStringLiteral("auth_secret"), b64(secret) } });
    if (login.status == 201)
        a.token = login.json().value(QStringLiteral("token")).toString();
    return a;
}

} // namespace as::test
