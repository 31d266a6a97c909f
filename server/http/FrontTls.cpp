#include "server/http/FrontTls.h"

#include <cerrno>
#include <openssl/err.h>
#include <openssl/ssl.h>

namespace as::server {

std::shared_ptr<TlsContext> TlsContext::load(const std::string& certFile, const std::string& keyFile, std::string* error)
{
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    const bool ok = ctx && SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) == 1
        && SSL_CTX_use_certificate_chain_file(ctx, certFile.c_str()) == 1
        && SSL_CTX_use_PrivateKey_file(ctx, keyFile.c_str(), SSL_FILETYPE_PEM) == 1
        && SSL_CTX_check_private_key(ctx) == 1;
    if (!ok) {
        char buf[256] = "unknown error";
        if (const unsigned long e = ERR_get_error())
            ERR_error_string_n(e, buf, sizeof(buf));
        ERR_clear_error();
        if (error)
            *error = buf;
        SSL_CTX_free(ctx);
        return nullptr;
    }
    // A retried write may come from another buffer address; partial writes report progress as send() does.
    SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_RELEASE_BUFFERS);
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
    return std::shared_ptr<TlsContext>(new TlsContext(ctx));
}

TlsContext::TlsContext(SSL_CTX* ctx)
    : m_ctx(ctx)
{ }

TlsContext::~TlsContext()
{
    SSL_CTX_free(m_ctx);
}

SSL* TlsContext::accept(int fd) const
{
    SSL* ssl = SSL_new(m_ctx);
    if (ssl && SSL_set_fd(ssl, fd) != 1) {
        SSL_free(ssl);
        return nullptr;
    }
    if (ssl)
        SSL_set_accept_state(ssl);
    return ssl;
}

namespace {
// Maps an OpenSSL result to the recv/send convention.
ssize_t settle(SSL* ssl, int r)
{
    if (r > 0)
        return r;
    const int e = SSL_get_error(ssl, r);
    ERR_clear_error(); // the queue is per thread: never leave one request's error to the next
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
        errno = EAGAIN;
        return -1;
    }
    if (e == SSL_ERROR_ZERO_RETURN)
        return 0;
    errno = ECONNRESET;
    return -1;
}
} // namespace

ssize_t tlsRecv(SSL* ssl, char* data, size_t size)
{
    return settle(ssl, SSL_read(ssl, data, int(std::min<size_t>(size, 1 << 30))));
}

ssize_t tlsSend(SSL* ssl, const char* data, size_t size)
{
    return settle(ssl, SSL_write(ssl, data, int(std::min<size_t>(size, 1 << 30))));
}

int tlsHandshake(SSL* ssl)
{
    const ssize_t r = settle(ssl, SSL_do_handshake(ssl));
    if (r > 0)
        return 1;
    return r < 0 && errno == EAGAIN ? 0 : -1;
}

bool tlsWantsWrite(SSL* ssl)
{
    return SSL_want_write(ssl);
}

bool tlsPending(SSL* ssl)
{
    return SSL_pending(ssl) > 0;
}

void tlsClose(SSL* ssl)
{
    if (SSL_is_init_finished(ssl))
        (void)SSL_shutdown(ssl);
    ERR_clear_error();
}

void tlsFree(SSL* ssl)
{
    SSL_free(ssl);
}

} // namespace as::server
