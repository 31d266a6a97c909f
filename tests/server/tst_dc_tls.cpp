// The DC over TLS (--tls-cert/--tls-key) goes through the same connection front as plain HTTP
// (docs/dc-server.md, "TLS"), so issue 16's limits hold for HTTPS too: a request line flood is answered 414
// early, a body over the limit gets 413 and a closed connection, connections stuck in the handshake count
// against the per-address cap and do not stall others, pipelined requests get their answers in order.
// An OpenSSL client on raw sockets: the attacks need exact bytes and chosen source addresses (127.0.0.x).
#include "tests/server/DcProcess.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace as::test;

namespace {

int connectFrom(int port, const char* source)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a {};
    a.sin_family = AF_INET;
    ::inet_pton(AF_INET, source, &a.sin_addr);
    timeval tv { 10, 0 };
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
        ::close(fd);
        return -1;
    }
    a.sin_port = htons(quint16(port));
    ::inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// One TLS client connection (blocking, 10 s socket timeouts, the certificate not checked: a test key).
class TlsClient {
public:
    TlsClient(SSL_CTX* ctx, int port, const char* source = "127.0.0.1")
    {
        m_fd = connectFrom(port, source);
        if (m_fd < 0)
            return;
        m_ssl = SSL_new(ctx);
        SSL_set_fd(m_ssl, m_fd);
        m_ok = SSL_connect(m_ssl) == 1;
        ERR_clear_error();
    }
    ~TlsClient()
    {
        if (m_ssl)
            SSL_free(m_ssl);
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool ok() const { return m_ok; }
    // Writes until done or the server stops taking bytes; the bytes written.
    qint64 send(const QByteArray& bytes)
    {
        qint64 done = 0;
        while (m_ok && done < bytes.size()) {
            const int n = SSL_write(m_ssl, bytes.constData() + done, int(bytes.size() - done));
            if (n <= 0)
                break;
            done += n;
        }
        ERR_clear_error();
        return done;
    }
    // Everything until the server closes (or 10 s without a byte).
    QByteArray readAll()
    {
        QByteArray out;
        char buf[16384];
        for (int n; m_ok && (n = SSL_read(m_ssl, buf, sizeof(buf))) > 0;)
            out.append(buf, n);
        ERR_clear_error();
        return out;
    }

private:
    int m_fd = -1;
    SSL* m_ssl = nullptr;
    bool m_ok = false;
};

int statusOf(const QByteArray& answer)
{
    return answer.startsWith("HTTP/1.1 ") ? answer.mid(9, 3).toInt() : 0;
}

} // namespace

class DcTlsTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    DcProcess m_dc;
    SSL_CTX* m_ctx = nullptr;

private slots:
    void initTestCase()
    {
        ::signal(SIGPIPE, SIG_IGN); // the DC closes floods early: a write error, not a dead test
        rlimit lim {};
        ::getrlimit(RLIMIT_NOFILE, &lim);
        lim.rlim_cur = lim.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &lim);
        const QString cert = m_dir.filePath(QStringLiteral("cert.pem")), key = m_dir.filePath(QStringLiteral("key.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
            { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert, QStringLiteral("-days"),
                QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1") });
        if (!openssl.waitForFinished(10000) || openssl.exitCode() != 0)
            QSKIP("openssl command line tool not available");
        QVERIFY2(m_dc.start(m_dir.filePath(QStringLiteral("data")),
                     { QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), key,
                         QStringLiteral("--max-connections-per-ip"), QStringLiteral("16") }),
            m_dc.stderrOutput().constData());
        m_ctx = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_verify(m_ctx, SSL_VERIFY_NONE, nullptr);
    }
    void cleanupTestCase()
    {
        if (m_ctx) {
            TlsClient c(m_ctx, m_dc.port());
            c.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            QCOMPARE(statusOf(c.readAll()), 200);
            SSL_CTX_free(m_ctx);
        }
        QCOMPARE(m_dc.stop(), 0);
    }

    // Two requests in one write: two answers, in order, on one connection.
    void pipelinedOverTls()
    {
        TlsClient c(m_ctx, m_dc.port());
        QVERIFY(c.ok());
        c.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v1/nothing-here HTTP/1.1\r\nHost: x\r\n"
               "Connection: close\r\n\r\n");
        const QByteArray answer = c.readAll();
        QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
        QVERIFY(answer.contains("HTTP/1.1 404"));
    }

    // 64 MiB of request line: 414 after at most a few MiB (cpp-httplib's own TLS loop read it all).
    void requestLineFloodOverTls()
    {
        TlsClient c(m_ctx, m_dc.port());
        QVERIFY(c.ok());
        qint64 sent = c.send("GET /");
        const QByteArray filler(1 << 20, 'a');
        for (int i = 0; i < 64; ++i) {
            const qint64 n = c.send(filler);
            sent += n;
            if (n < filler.size())
                break;
        }
        QVERIFY2(sent < (32LL << 20), qPrintable(QString::number(sent)));
        QCOMPARE(statusOf(c.readAll()), 414);
    }

    // A declared 1 GiB body: 413 from the headers, the connection closed without reading it.
    void bodyOverTheLimitOverTls()
    {
        TlsClient c(m_ctx, m_dc.port());
        QVERIFY(c.ok());
        c.send("POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1073741824"
               "\r\n\r\n");
        const QByteArray answer = c.readAll();
        QCOMPARE(statusOf(answer), 413);
        QVERIFY(answer.contains("Connection: close"));
    }

    // Connections that never start their handshake hold no worker and count against their address's cap
    // (16 here): the 17th from that address is closed unanswered, while other addresses are served at once.
    void handshakeSlowlorisIsCapped()
    {
        std::vector<int> idle;
        for (int i = 0; i < 40; ++i)
            if (const int fd = connectFrom(m_dc.port(), "127.0.0.77"); fd >= 0)
                idle.push_back(fd);
        QTest::qWait(300);
        {
            TlsClient refused(m_ctx, m_dc.port(), "127.0.0.77");
            QVERIFY(!refused.ok());
        }
        QElapsedTimer t;
        t.start();
        TlsClient other(m_ctx, m_dc.port(), "127.0.0.78");
        QVERIFY(other.ok());
        other.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QCOMPARE(statusOf(other.readAll()), 200);
        QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
        for (int fd : idle)
            ::close(fd);
    }
};

QTEST_GUILESS_MAIN(DcTlsTest)
#include "tst_dc_tls.moc"
