#include "core/transfer/PlainHttpGet.h"

#include <QHostAddress>
#include <QSocketNotifier>
#include <QTimer>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace as::transfer {

namespace {
constexpr qsizetype kMaxHead = 16 * 1024; // the DC's answer head is a few hundred bytes

QString errnoText(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}
} // namespace

bool PlainHttpGet::handles(const QUrl& url)
{
    return url.scheme() == QLatin1String("http") && !QHostAddress(url.host()).isNull();
}

PlainHttpGet::PlainHttpGet(QObject* parent)
    : QIODevice(parent)
{ }

PlainHttpGet::~PlainHttpGet()
{
    closeSocket();
}

void PlainHttpGet::start(const QUrl& url, int transferTimeoutMs)
{
    QIODevice::open(ReadOnly | Unbuffered); // read() hands our readData the caller's buffer: no copy of ours
    m_idle = new QTimer(this);
    m_idle->setSingleShot(true);
    m_idle->setInterval(transferTimeoutMs);
    connect(m_idle, &QTimer::timeout, this,
        [this]() { fail(QStringLiteral("no byte for %1 s").arg(m_idle->interval() / 1000)); });
    const QHostAddress host(url.host());
    sockaddr_storage addr {};
    socklen_t len = 0;
    const quint16 port = quint16(url.port(80));
    if (host.protocol() == QAbstractSocket::IPv6Protocol) {
        auto* a6 = reinterpret_cast<sockaddr_in6*>(&addr);
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons(port);
        const Q_IPV6ADDR ip = host.toIPv6Address();
        std::memcpy(&a6->sin6_addr, &ip, 16);
        len = sizeof(sockaddr_in6);
    } else {
        auto* a4 = reinterpret_cast<sockaddr_in*>(&addr);
        a4->sin_family = AF_INET;
        a4->sin_port = htons(port);
        a4->sin_addr.s_addr = htonl(host.toIPv4Address());
        len = sizeof(sockaddr_in);
    }
    m_request = "GET " + url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::FullyEncoded)
        + " HTTP/1.1\r\nHost: " + url.toEncoded(QUrl::RemoveScheme | QUrl::RemovePath | QUrl::RemoveQuery
                                      | QUrl::RemoveUserInfo | QUrl::RemoveFragment).mid(2)
        + "\r\nAccept-Encoding: identity\r\nConnection: close\r\nUser-Agent: AmazingStore\r\n\r\n";
    m_fd = ::socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return fail(errnoText(errno));
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 && errno != EINPROGRESS)
        return fail(errnoText(errno));
    m_write = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
    connect(m_write, &QSocketNotifier::activated, this, &PlainHttpGet::onConnected);
    m_idle->start();
}

void PlainHttpGet::onConnected()
{
    m_write->setEnabled(false);
    int err = 0;
    socklen_t len = sizeof(err);
    ::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0)
        return fail(errnoText(err));
    // A few hundred bytes into an empty socket buffer: one send.
    if (::send(m_fd, m_request.constData(), size_t(m_request.size()), MSG_NOSIGNAL) != m_request.size())
        return fail(QStringLiteral("cannot send the request"));
    m_read = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_read, &QSocketNotifier::activated, this, &PlainHttpGet::onReadable);
}

bool PlainHttpGet::readHead()
{
    char buf[4096];
    for (;;) {
        const ssize_t n = ::recv(m_fd, buf, sizeof(buf), 0);
        if (n == 0) {
            fail(QStringLiteral("the connection closed before the answer"));
            return false;
        }
        if (n < 0) {
            if (errno != EAGAIN && errno != EINTR)
                fail(errnoText(errno));
            return false;
        }
        m_idle->start();
        m_head.append(buf, n);
        const qsizetype end = m_head.indexOf("\r\n\r\n");
        if (end < 0) {
            if (m_head.size() > kMaxHead) {
                fail(QStringLiteral("the answer's head is too large"));
                return false;
            }
            continue;
        }
        // "HTTP/1.1 200 OK"; the body length from Content-Length (the DC always sends it for /data).
        const QList<QByteArray> lines = m_head.left(end).split('\n');
        const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
        m_status = statusLine.size() >= 2 && statusLine[0].startsWith("HTTP/1.") ? statusLine[1].toInt() : 0;
        for (const QByteArray& line : lines) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().compare("content-length", Qt::CaseInsensitive) == 0)
                m_contentLength = line.mid(colon + 1).trimmed().toLongLong();
        }
        m_head.remove(0, end + 4); // the body's first bytes, if any
        m_headDone = true;
        return true;
    }
}

void PlainHttpGet::onReadable()
{
    if (m_finished)
        return;
    if (!m_headDone && !readHead())
        return;
    if (m_contentLength >= 0 && m_bodyRead >= m_contentLength)
        return finish();
    if (m_head.isEmpty()) {
        char probe;
        const ssize_t n = ::recv(m_fd, &probe, 1, MSG_PEEK);
        if (n == 0)
            return finish(); // the server closed: the end of the body, or short (the reader judges)
        if (n < 0) {
            if (errno != EAGAIN && errno != EINTR)
                fail(errnoText(errno));
            return;
        }
    }
    emit readyRead();
}

qint64 PlainHttpGet::bytesAvailable() const
{
    int pending = 0;
    if (m_fd >= 0 && m_headDone)
        ::ioctl(m_fd, FIONREAD, &pending);
    return m_head.size() * (m_headDone ? 1 : 0) + pending + QIODevice::bytesAvailable();
}

qint64 PlainHttpGet::readData(char* data, qint64 maxSize)
{
    if (!m_headDone || m_fd < 0 || maxSize <= 0)
        return 0;
    if (m_contentLength >= 0)
        maxSize = std::min(maxSize, m_contentLength - m_bodyRead);
    qint64 n = 0;
    if (!m_head.isEmpty()) {
        n = std::min<qint64>(maxSize, m_head.size());
        std::memcpy(data, m_head.constData(), size_t(n));
        m_head.remove(0, n);
    } else if (maxSize > 0) {
        const ssize_t r = ::recv(m_fd, data, size_t(maxSize), 0);
        if (r < 0 && errno != EAGAIN && errno != EINTR) {
            const int err = errno;
            QMetaObject::invokeMethod(this, [this, err]() { fail(errnoText(err)); }, Qt::QueuedConnection);
        }
        n = std::max<qint64>(r, 0); // 0 at EOF too: onReadable reports the end
    }
    if (n > 0) {
        m_bodyRead += n;
        m_idle->start();
        if (m_contentLength >= 0 && m_bodyRead == m_contentLength)
            QMetaObject::invokeMethod(this, &PlainHttpGet::finish, Qt::QueuedConnection);
    }
    return n;
}

void PlainHttpGet::setPaused(bool paused)
{
    m_paused = paused;
    if (m_read)
        m_read->setEnabled(!paused && !m_finished);
    if (paused)
        m_idle->stop(); // waiting for our reader is not the server's silence
    else if (!m_finished)
        m_idle->start();
}

void PlainHttpGet::abort()
{
    m_finished = true;
    closeSocket();
}

void PlainHttpGet::fail(const QString& message)
{
    if (m_finished)
        return;
    m_failure = message;
    finish();
}

void PlainHttpGet::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_read)
        m_read->setEnabled(false);
    if (m_idle)
        m_idle->stop();
    emit finished();
}

void PlainHttpGet::closeSocket()
{
    delete std::exchange(m_read, nullptr);
    delete std::exchange(m_write, nullptr);
    if (m_fd >= 0)
        ::close(std::exchange(m_fd, -1));
}

} // namespace as::transfer
