#pragma once
// Test helpers for anything that talks to a real amazingstore-dc (reusable by node/engine tests):
//   DcProcess   starts $AS_BUILD_DIR/app/amazingstore-dc on 127.0.0.1 with a free port and a data folder,
//               stops it with SIGTERM (SIGKILL after a timeout), or kills it with -9.
//   DcHttp      a tiny blocking HTTP/1.1 client over QTcpSocket (one connection per request) that can also
//               send malformed requests byte for byte.
//   DcAccount   register + log in in one call.

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace as::test {

// The child gets SIGKILL when the test process dies (crash, ctest timeout), so no server outlives its test.
void killWithParent(QProcess& process);

class DcProcess {
public:
    DcProcess() = default;
    ~DcProcess(); // stops the server (bounded time)
    DcProcess(const DcProcess&) = delete;
    DcProcess& operator=(const DcProcess&) = delete;

    // Starts the DC serving `dataDir` on 127.0.0.1:0 and waits (≤ 15 s) for its "listening on" line.
    bool start(const QString& dataDir, const QStringList& extraArgs = {});
    // SIGTERM, wait ≤ 10 s, then SIGKILL. Returns the exit code (or -1 if it had to be killed).
    int stop();
    void kill9();
    bool running() const;

    int port() const { return m_port; }
    qint64 pid() const { return m_proc.processId(); }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    QByteArray stderrOutput();
    static QString binaryPath();

private:
    QProcess m_proc;
    int m_port = 0;
    QByteArray m_stderr;
};

struct HttpReply {
    int status = 0; // 0: no answer (connection failed or timed out)
    QMap<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    QJsonObject json() const;
    QByteArray header(const QByteArray& name) const { return headers.value(name.toLower()); }
};

class DcHttp {
public:
    explicit DcHttp(int port)
        : m_port(port)
    { }
    void setToken(const QString& token) { m_token = token; }
    QString token() const { return m_token; }
    // Requests come from this loopback address (e.g. 127.0.0.7) instead of 127.0.0.1: a node of its own.
    void setSourceAddress(const QString& address) { m_source = address; }

    HttpReply request(const QByteArray& method, const QByteArray& path, const QByteArray& body = {},
        const QMap<QByteArray, QByteArray>& headers = {}, int timeoutMs = 10000) const;
    HttpReply get(const QByteArray& path, const QMap<QByteArray, QByteArray>& headers = {}) const
    {
        return request("GET", path, {}, headers);
    }
    HttpReply postJson(const QByteArray& path, const QJsonObject& body) const;
    // Sends bytes as they are (no headers added) and reads the answer until the server closes.
    HttpReply raw(const QByteArray& bytes, int timeoutMs = 10000) const;

private:
    int m_port;
    QString m_token;
    QString m_source;
};

struct DcAccount {
    QString username;
    QByteArray authSecret;
    QString token;
};

// Registers `username` (random secret, dummy keys) and logs in. Empty token on failure.
DcAccount registerAndLogin(const DcHttp& http, const QString& username);

} // namespace as::test
