#pragma once
// Our own accept/read front in front of cpp-httplib (docs/dc-server.md, "Bounded cost per request").
//
// cpp-httplib 0.11.4 gives every connection a thread from the moment it is accepted, reads a request line of
// any length and any number of headers, reads (and discards) a body it has refused, and loses pipelined
// requests. Here one epoll thread owns every connection while its request head arrives or it idles between
// requests: a trickling or idle client costs a few KiB and no thread. Only a complete head that passed
// checkHead() is handed to a worker, which runs cpp-httplib's request processing (Server::process_request)
// over a Stream that serves exactly that request's head and Content-Length body, with a body deadline.
// After the answer the connection returns to the front (keep-alive), or is closed when its body was not read.

#include "server/http/FrontTls.h"
#include "server/http/RequestHead.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace httplib {
class Stream;
class TaskQueue;
}

namespace as::server {

struct FrontLimits {
    HeadLimits head;
    int headTimeoutMs = 10000; // from a request's first byte to its complete head
    int keepAliveMs = 5000; // idle between requests
    int readTimeoutMs = 10000; // one stalled body read
    int writeTimeoutMs = 30000; // one stalled write
    int bodyGraceMs = 10000; // a body may take this long plus size / minBodyRate
    uint64_t minBodyRate = 128 * 1024; // bytes per second
    int maxConnections = 10000; // open connections in all (each holds at most maxHead bytes in the front)
    int maxPerAddress = 128; // open connections from one IP address
    int maxRequestsPerConnection = 100000;
    int backlog = 4096; // the kernel caps it at net.core.somaxconn
};

class ConnectionFront {
public:
    // cpp-httplib's processing of one request over `stream` (Server::process_request).
    using Serve = std::function<bool(httplib::Stream& stream, bool closeConnection, bool& connectionClosed)>;

    // With `tls`, every connection is HTTPS: its handshake, head and body pass the same limits and deadlines.
    ConnectionFront(FrontLimits limits, Serve serve, std::unique_ptr<httplib::TaskQueue> workers,
        std::shared_ptr<const TlsContext> tls = nullptr);
    ~ConnectionFront();

    // Binds and listens; returns the port (host "127.0.0.1", "::", a name; port 0 = any free port).
    int bind(const std::string& host, int port);
    void run(); // until stop(); then waits for the workers
    void stop(); // thread-safe, also before run()

    // For the post-routing hook: true while a worker serves a request whose body has not been read entirely
    // (the answer must say Connection: close, as the connection will be closed instead of drained).
    static bool currentBodyUnread();

    struct Conn;

private:
    void acceptAll();
    void onReadable(Conn* c);
    bool readHead(Conn* c); // false once c is gone (closed, refused or handed off)
    bool handshake(Conn* c); // TLS: false while it is not done (or c is gone)
    void rewatch(Conn* c, bool wantWrite); // TLS: the direction OpenSSL waits for
    void checkRequest(Conn* c);
    void handOff(Conn* c);
    void serveConnection(std::unique_ptr<Conn> c);
    void giveBack(std::unique_ptr<Conn> c);
    bool lingerForNext(Conn& c);
    void takeReturned();
    void sweep(int64_t nowMs);
    void refuse(Conn* c, int status, const std::string& detail);
    void closeConn(Conn* c);
    void watch(Conn* c);

    const FrontLimits m_limits;
    const Serve m_serve;
    const std::shared_ptr<const TlsContext> m_tls;
    std::unique_ptr<httplib::TaskQueue> m_workers;
    int m_listen = -1, m_epoll = -1, m_wake = -1;
    std::atomic<bool> m_stopping { false };
    std::unordered_map<int, std::unique_ptr<Conn>> m_conns; // front thread only
    std::mutex m_mutex; // guards m_returned and m_perAddress
    std::vector<std::unique_ptr<Conn>> m_returned;
    std::unordered_map<std::string, int> m_perAddress;
    std::atomic<int> m_open { 0 };
    int64_t m_acceptPausedUntil = 0; // front thread only

    friend struct Conn;
};

} // namespace as::server
