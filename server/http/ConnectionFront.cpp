#include "server/http/ConnectionFront.h"

#include <httplib.h>

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <netdb.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace as::server {
namespace {

int64_t nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// Waits for `events` on fd up to `ms`; true when ready.
bool waitFor(int fd, short events, int64_t ms)
{
    if (ms <= 0)
        return false;
    pollfd p { fd, events, 0 };
    for (;;) {
        const int r = ::poll(&p, 1, int(std::min<int64_t>(ms, 1 << 30)));
        if (r < 0 && errno == EINTR)
            continue;
        return r > 0;
    }
}

std::string reasonFor(int status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    default: return "Service Unavailable";
    }
}

// The same problem+json shape and types as core/protocol/Problem (the front answers before any route runs).
std::string problemAnswer(int status, const std::string& detail)
{
    const char* type = status == 413 ? "too-large" : status == 503 ? "unavailable" : "invalid-argument";
    std::string body = std::string("{\"type\":\"urn:amazingstore:problem:") + type + "\",\"title\":\"" + reasonFor(status)
        + "\",\"status\":" + std::to_string(status) + ",\"detail\":\"" + detail + "\"}";
    return "HTTP/1.1 " + std::to_string(status) + " " + reasonFor(status)
        + "\r\nContent-Type: application/problem+json\r\nConnection: close\r\nContent-Length: "
        + std::to_string(body.size()) + "\r\n\r\n" + body;
}

thread_local bool t_bodyUnread = false;

} // namespace

struct ConnectionFront::Conn {
    enum class State { Handshake, Head, Draining };
    ConnectionFront* front = nullptr;
    int fd = -1;
    SSL* ssl = nullptr; // HTTPS: the session every byte goes through
    bool watchingWrite = false; // TLS: epoll also waits for POLLOUT (OpenSSL wants to write)
    std::string ip;
    int port = 0;
    std::string buf;
    State state = State::Head;
    int64_t deadline = 0;
    int requests = 0;
    size_t drained = 0;
    size_t lineLength = 0; // bytes after the buffer's last newline

    ~Conn()
    {
        if (ssl) {
            tlsClose(ssl); // close_notify: the client knows the answer was not cut
            tlsFree(ssl);
        }
        if (fd >= 0)
            ::close(fd);
        std::lock_guard lock(front->m_mutex);
        if (--front->m_perAddress[ip] <= 0)
            front->m_perAddress.erase(ip);
        --front->m_open;
    }
};

namespace {

// recv/send for either kind of connection: n > 0 bytes; 0 the peer closed; -1 with errno (EAGAIN: wait).
ssize_t connRecv(ConnectionFront::Conn& c, char* data, size_t size)
{
    return c.ssl ? tlsRecv(c.ssl, data, size) : ::recv(c.fd, data, size, 0);
}

ssize_t connSend(ConnectionFront::Conn& c, const char* data, size_t size)
{
    return c.ssl ? tlsSend(c.ssl, data, size) : ::send(c.fd, data, size, MSG_NOSIGNAL);
}

// TLS: bytes already decrypted inside OpenSSL, which no poll on the socket would report.
bool connPending(const ConnectionFront::Conn& c)
{
    return c.ssl && tlsPending(c.ssl);
}

// After an EAGAIN: the direction to wait for (OpenSSL may need to write while reading, and the reverse).
short waitDirection(const ConnectionFront::Conn& c, short plain)
{
    if (!c.ssl)
        return plain;
    return tlsWantsWrite(c.ssl) ? POLLOUT : POLLIN;
}

// What cpp-httplib reads and writes for one request: the head the front buffered, then exactly
// Content-Length body bytes from the socket (never the next pipelined request), within the body deadline.
class RequestStream final : public httplib::Stream {
public:
    RequestStream(ConnectionFront::Conn& c, size_t headLength, uint64_t contentLength, const FrontLimits& l)
        : m_c(c)
        , m_total(headLength + contentLength)
        , m_limits(l)
        , m_deadline(nowMs() + l.bodyGraceMs + int64_t(contentLength * 1000 / std::max<uint64_t>(1, l.minBodyRate)))
    { }

    bool complete() const { return m_served == m_total; }
    bool failed() const { return m_failed; }
    // Drops this request's bytes from the buffer; what remains is the start of the next request.
    void consume() { m_c.buf.erase(0, std::min<size_t>(m_c.buf.size(), m_total)); }

    bool is_readable() const override
    {
        return m_served < m_c.buf.size() || connPending(m_c) || waitFor(m_c.fd, POLLIN, m_limits.readTimeoutMs);
    }
    bool is_writable() const override { return waitFor(m_c.fd, POLLOUT, m_limits.writeTimeoutMs); }

    ssize_t read(char* ptr, size_t size) override
    {
        size = size_t(std::min<uint64_t>(size, m_total - m_served));
        if (size == 0)
            return 0;
        if (m_served < m_c.buf.size()) {
            const size_t n = std::min(size, m_c.buf.size() - m_served);
            std::memcpy(ptr, m_c.buf.data() + m_served, n);
            m_served += n;
            t_bodyUnread = !complete();
            return ssize_t(n);
        }
        for (;;) {
            const ssize_t n = connRecv(m_c, ptr, size);
            if (n > 0) {
                m_served += uint64_t(n);
                t_bodyUnread = !complete();
                return n;
            }
            if (n == 0 || (errno != EAGAIN && errno != EINTR))
                return fail();
            const int64_t wait = std::min<int64_t>(m_limits.readTimeoutMs, m_deadline - nowMs());
            if (!waitFor(m_c.fd, waitDirection(m_c, POLLIN), wait))
                return fail();
        }
    }

    ssize_t write(const char* ptr, size_t size) override
    {
        size_t done = 0;
        while (done < size) {
            const ssize_t n = connSend(m_c, ptr + done, size - done);
            if (n > 0) {
                done += size_t(n);
                continue;
            }
            if (n == 0 || (errno != EAGAIN && errno != EINTR))
                return fail();
            if (!waitFor(m_c.fd, waitDirection(m_c, POLLOUT), m_limits.writeTimeoutMs))
                return fail();
        }
        return ssize_t(done);
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override
    {
        ip = m_c.ip;
        port = m_c.port;
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override
    {
        sockaddr_storage a {};
        socklen_t len = sizeof(a);
        char host[INET6_ADDRSTRLEN] = {};
        char serv[16] = {};
        if (::getsockname(m_c.fd, reinterpret_cast<sockaddr*>(&a), &len) == 0
            && ::getnameinfo(reinterpret_cast<sockaddr*>(&a), len, host, sizeof(host), serv, sizeof(serv),
                   NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
            ip = host;
            port = std::atoi(serv);
        }
    }
    socket_t socket() const override { return m_c.fd; }

private:
    ssize_t fail()
    {
        m_failed = true;
        return -1;
    }

    ConnectionFront::Conn& m_c;
    const uint64_t m_total;
    uint64_t m_served = 0;
    const FrontLimits& m_limits;
    const int64_t m_deadline;
    bool m_failed = false;
};

} // namespace

ConnectionFront::ConnectionFront(
    FrontLimits limits, Serve serve, std::unique_ptr<httplib::TaskQueue> workers, std::shared_ptr<const TlsContext> tls)
    : m_limits(limits)
    , m_serve(std::move(serve))
    , m_tls(std::move(tls))
    , m_workers(std::move(workers))
{
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    m_wake = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_event ev {};
    ev.events = EPOLLIN;
    ev.data.fd = m_wake;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &ev);
}

ConnectionFront::~ConnectionFront()
{
    stop();
    if (m_workers)
        m_workers->shutdown();
    m_workers.reset();
    m_conns.clear();
    m_returned.clear();
    for (int fd : { m_listen, m_epoll, m_wake })
        if (fd >= 0)
            ::close(fd);
}

bool ConnectionFront::currentBodyUnread()
{
    return t_bodyUnread;
}

int ConnectionFront::bind(const std::string& host, int port)
{
    // Every connection is a descriptor; the usual soft limit (1024) would cap the DC far below its limits.
    rlimit lim {};
    if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &lim);
    }
    addrinfo hints {};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* res = nullptr;
    if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res) != 0 || !res)
        return -1;
    const int fd = ::socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int yes = 1;
    // SO_REUSEADDR only: SO_REUSEPORT would let a second DC share the port silently.
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    const bool ok = fd >= 0 && ::bind(fd, res->ai_addr, res->ai_addrlen) == 0 && ::listen(fd, m_limits.backlog) == 0;
    ::freeaddrinfo(res);
    if (!ok) {
        if (fd >= 0)
            ::close(fd);
        return -1;
    }
    sockaddr_storage a {};
    socklen_t len = sizeof(a);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    m_listen = fd;
    epoll_event ev {};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
    return ntohs(a.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&a)->sin6_port
                                         : reinterpret_cast<sockaddr_in*>(&a)->sin_port);
}

void ConnectionFront::run()
{
    epoll_event events[256];
    int64_t lastSweep = nowMs();
    while (!m_stopping) {
        const int n = ::epoll_wait(m_epoll, events, 256, 250);
        for (int i = 0; i < n && !m_stopping; ++i) {
            const int fd = events[i].data.fd;
            if (fd == m_listen) {
                acceptAll();
            } else if (fd == m_wake) {
                uint64_t v;
                (void)::read(m_wake, &v, sizeof(v));
                takeReturned();
            } else if (auto it = m_conns.find(fd); it != m_conns.end()) {
                onReadable(it->second.get());
            }
        }
        if (const int64_t now = nowMs(); now - lastSweep >= 250) {
            sweep(now);
            lastSweep = now;
        }
    }
    if (m_listen >= 0) {
        ::close(m_listen);
        m_listen = -1;
    }
    m_conns.clear();
    if (m_workers)
        m_workers->shutdown(); // lets running requests finish; their connections are then closed
    std::vector<std::unique_ptr<Conn>> returned;
    {
        std::lock_guard lock(m_mutex);
        returned.swap(m_returned);
    }
}

void ConnectionFront::stop()
{
    m_stopping = true;
    const uint64_t one = 1;
    if (m_wake >= 0)
        (void)::write(m_wake, &one, sizeof(one));
}

void ConnectionFront::acceptAll()
{
    for (;;) {
        sockaddr_storage a {};
        socklen_t len = sizeof(a);
        const int fd = ::accept4(m_listen, reinterpret_cast<sockaddr*>(&a), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            // Out of descriptors: stop accepting for a moment (a level-triggered listener would spin), the rest
            // wait in the backlog.
            if (errno == EMFILE || errno == ENFILE) {
                ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, m_listen, nullptr);
                m_acceptPausedUntil = nowMs() + 100;
            }
            return;
        }
        char host[INET6_ADDRSTRLEN] = {};
        char serv[16] = {};
        ::getnameinfo(reinterpret_cast<sockaddr*>(&a), len, host, sizeof(host), serv, sizeof(serv),
            NI_NUMERICHOST | NI_NUMERICSERV);
        auto c = std::make_unique<Conn>();
        c->front = this;
        c->fd = fd;
        c->ip = host;
        c->port = std::atoi(serv);
        int count = 0;
        {
            std::lock_guard lock(m_mutex);
            count = ++m_perAddress[c->ip];
        }
        ++m_open;
        int yes = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes)); // else small answers wait for delayed ACKs
        // The handshake counts against the head's deadline: a trickled handshake is a slowloris too.
        c->deadline = nowMs() + m_limits.headTimeoutMs;
        if (m_tls) {
            c->ssl = m_tls->accept(fd);
            c->state = Conn::State::Handshake;
        }
        Conn* raw = c.get();
        m_conns.emplace(fd, std::move(c));
        watch(raw);
        if (count > m_limits.maxPerAddress || m_open > m_limits.maxConnections)
            refuse(raw, 503, count > m_limits.maxPerAddress ? "too many connections from this address" : "too many connections");
    }
}

void ConnectionFront::watch(Conn* c)
{
    epoll_event ev {};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.fd = c->fd;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, c->fd, &ev);
    c->watchingWrite = false;
}

void ConnectionFront::rewatch(Conn* c, bool wantWrite)
{
    if (c->watchingWrite == wantWrite)
        return;
    epoll_event ev {};
    ev.events = EPOLLIN | EPOLLRDHUP | (wantWrite ? uint32_t(EPOLLOUT) : 0u);
    ev.data.fd = c->fd;
    ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, c->fd, &ev);
    c->watchingWrite = wantWrite;
}

void ConnectionFront::closeConn(Conn* c)
{
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, c->fd, nullptr);
    m_conns.erase(c->fd);
}

void ConnectionFront::onReadable(Conn* c)
{
    if (c->state == Conn::State::Draining) {
        char chunk[16384];
        // Lingering close: read and drop what the client still sends so that the error answer is not lost to
        // a reset, but only for a bounded time and amount.
        const ssize_t n = ::recv(c->fd, chunk, sizeof(chunk), 0);
        c->drained += n > 0 ? size_t(n) : 0;
        if (n <= 0 || c->drained > (1u << 20))
            closeConn(c);
        return;
    }
    if (c->state == Conn::State::Handshake && !handshake(c))
        return;
    // TLS: one record may hold more than one read takes, and the socket then looks idle.
    while (readHead(c) && connPending(*c)) { }
}

bool ConnectionFront::handshake(Conn* c)
{
    const int r = c->ssl ? tlsHandshake(c->ssl) : -1;
    if (r < 0) {
        closeConn(c);
        return false;
    }
    if (r == 0) {
        rewatch(c, tlsWantsWrite(c->ssl));
        return false;
    }
    rewatch(c, false);
    c->state = Conn::State::Head; // the deadline set at accept still runs
    return true;
}

bool ConnectionFront::readHead(Conn* c)
{
    char chunk[16384];
    const int fd = c->fd;
    const size_t room = m_limits.head.maxHead + 1 - std::min(c->buf.size(), m_limits.head.maxHead);
    const ssize_t n = connRecv(*c, chunk, std::min(sizeof(chunk), room));
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        closeConn(c);
        return false;
    }
    if (n < 0) {
        if (c->ssl)
            rewatch(c, tlsWantsWrite(c->ssl));
        return false;
    }
    if (c->ssl)
        rewatch(c, false);
    if (c->buf.empty()) // the first byte of a request starts its head deadline (after an idle keep-alive)
        c->deadline = nowMs() + m_limits.headTimeoutMs;
    c->buf.append(chunk, size_t(n));
    // Rescanning the head for every byte of a client that sends one byte per packet would cost O(head²):
    // without a newline nothing can change but the current line's length and the head's size.
    const void* nl = ::memrchr(chunk, '\n', size_t(n));
    c->lineLength = nl ? size_t(chunk + n - static_cast<const char*>(nl)) - 1 : c->lineLength + size_t(n);
    if (!nl && c->lineLength <= m_limits.head.maxLine && c->buf.size() <= m_limits.head.maxHead)
        return true;
    checkRequest(c);
    const auto it = m_conns.find(fd);
    return it != m_conns.end() && it->second.get() == c && c->state == Conn::State::Head;
}

void ConnectionFront::checkRequest(Conn* c)
{
    c->buf.erase(0, leadingEmptyLines(c->buf));
    const size_t lastNewline = c->buf.rfind('\n');
    c->lineLength = lastNewline == std::string::npos ? c->buf.size() : c->buf.size() - lastNewline - 1;
    const HeadCheck h = checkHead(c->buf, m_limits.head);
    if (h.state == HeadCheck::State::Invalid)
        return refuse(c, h.status, h.detail);
    if (h.state == HeadCheck::State::Complete)
        handOff(c);
}

void ConnectionFront::handOff(Conn* c)
{
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, c->fd, nullptr);
    auto it = m_conns.find(c->fd);
    Conn* owned = it->second.release();
    m_conns.erase(it);
    // TaskQueue jobs are copyable std::functions, so the job carries a raw pointer; the pool runs every queued
    // job before it shuts down, so it is always adopted.
    m_workers->enqueue([this, owned] { serveConnection(std::unique_ptr<Conn>(owned)); });
}

void ConnectionFront::refuse(Conn* c, int status, const std::string& detail)
{
    if (c->state == Conn::State::Handshake) // no TLS session yet to answer in
        return closeConn(c);
    const std::string answer = problemAnswer(status, detail);
    (void)connSend(*c, answer.data(), answer.size()); // small; fits the socket buffer
    if (c->ssl) {
        tlsClose(c->ssl);
        rewatch(c, false);
    }
    ::shutdown(c->fd, SHUT_WR);
    c->state = Conn::State::Draining;
    c->buf.clear();
    c->buf.shrink_to_fit();
    c->deadline = nowMs() + 2000;
}

void ConnectionFront::sweep(int64_t now)
{
    if (m_acceptPausedUntil && now >= m_acceptPausedUntil) {
        m_acceptPausedUntil = 0;
        epoll_event ev {};
        ev.events = EPOLLIN;
        ev.data.fd = m_listen;
        ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_listen, &ev);
    }
    std::vector<Conn*> late;
    for (auto& [fd, c] : m_conns)
        if (c->deadline <= now)
            late.push_back(c.get());
    for (Conn* c : late) {
        if (c->state == Conn::State::Head && !c->buf.empty())
            refuse(c, 408, "the request head did not arrive in time");
        else
            closeConn(c);
    }
}

void ConnectionFront::serveConnection(std::unique_ptr<Conn> c)
{
    for (;;) {
        const HeadCheck h = checkHead(c->buf, m_limits.head);
        if (h.state != HeadCheck::State::Complete)
            return giveBack(std::move(c)); // Incomplete: the front waits for it; Invalid: the front refuses it
        RequestStream stream(*c, h.headLength, h.contentLength, m_limits);
        const bool closeConnection = ++c->requests >= m_limits.maxRequestsPerConnection || m_stopping;
        bool connectionClosed = false;
        t_bodyUnread = h.contentLength > 0 && c->buf.size() < h.headLength + h.contentLength;
        const bool written = m_serve(stream, closeConnection, connectionClosed);
        t_bodyUnread = false;
        // A body the route did not read is not drained: the connection ends (the answer said so).
        if (!written || connectionClosed || closeConnection || stream.failed() || !stream.complete())
            return;
        stream.consume();
        c->buf.erase(0, leadingEmptyLines(c->buf));
        if (c->buf.empty() && !lingerForNext(*c))
            return;
    }
}

// A keep-alive client usually sends its next request at once; handing every one back to the epoll thread and
// out again cost two thread hops (wrk, 64 connections: 16k instead of 28k req/s). So the worker waits a few
// milliseconds for it — bounded, so idle connections still cost no thread. False: the peer closed.
bool ConnectionFront::lingerForNext(Conn& c)
{
    constexpr int kLingerMs = 20;
    if (!connPending(c) && !waitFor(c.fd, POLLIN, kLingerMs))
        return true;
    char chunk[16384];
    const ssize_t n = connRecv(c, chunk, std::min(sizeof(chunk), m_limits.head.maxHead + 1));
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
        return false;
    if (n > 0)
        c.buf.append(chunk, size_t(n));
    return true;
}

void ConnectionFront::giveBack(std::unique_ptr<Conn> c)
{
    c->deadline = nowMs() + (c->buf.empty() ? m_limits.keepAliveMs : m_limits.headTimeoutMs);
    if (m_stopping)
        return; // closes it
    {
        std::lock_guard lock(m_mutex);
        m_returned.push_back(std::move(c));
    }
    const uint64_t one = 1;
    (void)::write(m_wake, &one, sizeof(one));
}

void ConnectionFront::takeReturned()
{
    std::vector<std::unique_ptr<Conn>> back;
    {
        std::lock_guard lock(m_mutex);
        back.swap(m_returned);
    }
    for (auto& c : back) {
        Conn* raw = c.get();
        const int fd = raw->fd;
        m_conns.emplace(fd, std::move(c));
        watch(raw);
        if (!raw->buf.empty())
            checkRequest(raw); // a pipelined request may already be complete, or invalid
        const auto it = m_conns.find(fd);
        if (it != m_conns.end() && it->second.get() == raw && raw->state == Conn::State::Head && connPending(*raw))
            onReadable(raw); // TLS: bytes OpenSSL already holds never wake epoll
    }
}

} // namespace as::server
