#pragma once
// TLS for the connection front (docs/dc-server.md, "TLS"): the same epoll thread, limits and workers serve
// HTTPS as plain HTTP; only the bytes go through OpenSSL on non-blocking sockets.

#include <memory>
#include <string>
#include <sys/types.h>

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

namespace as::server {

class TlsContext {
public:
    // The PEM certificate chain and private key; nullptr with *error set when they do not load or match.
    static std::shared_ptr<TlsContext> load(const std::string& certFile, const std::string& keyFile, std::string* error);
    ~TlsContext();
    SSL* accept(int fd) const; // a server-side session on a non-blocking socket; nullptr when out of memory

private:
    explicit TlsContext(SSL_CTX* ctx);
    SSL_CTX* m_ctx;
};

// Non-blocking I/O on one session, shaped like recv/send: n > 0 bytes; 0 the peer closed (recv);
// -1 with errno EAGAIN when OpenSSL waits for the socket (tlsWantsWrite says which way), else another errno.
ssize_t tlsRecv(SSL* ssl, char* data, size_t size);
ssize_t tlsSend(SSL* ssl, const char* data, size_t size);
// 1 done; 0 not yet (EAGAIN, as above); -1 failed.
int tlsHandshake(SSL* ssl);
bool tlsWantsWrite(SSL* ssl);
bool tlsPending(SSL* ssl); // decrypted bytes wait inside OpenSSL (the socket may look idle)
void tlsClose(SSL* ssl); // close_notify, best effort
void tlsFree(SSL* ssl);

} // namespace as::server
