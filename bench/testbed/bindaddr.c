// LD_PRELOAD shim of the testbed (docs/testbed.md, "Addresses"): gives one node process its own loopback
// address, $AS_TESTBED_ADDR (127.0.X.1), without network namespaces or changes to the node.
//  - bind() to 127.0.0.1 (the node binds loopback when the DC is on loopback) binds $AS_TESTBED_ADDR;
//  - connect() of an unbound IPv4 socket to a loopback address binds it to $AS_TESTBED_ADDR:0 first,
//    so the DC, the tracker and other peers see the connection come from the node's own address.
// Build: cc -shared -fPIC -O2 -o bindaddr.so bindaddr.c -ldl
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static int (*real_bind)(int, const struct sockaddr*, socklen_t);
static int (*real_connect)(int, const struct sockaddr*, socklen_t);

static int own_address(struct in_addr* out)
{
    const char* text = getenv("AS_TESTBED_ADDR");
    return text && inet_pton(AF_INET, text, out) == 1;
}

static int is_loopback(const struct sockaddr* addr, socklen_t len)
{
    if (!addr || len < (socklen_t)sizeof(struct sockaddr_in) || addr->sa_family != AF_INET)
        return 0;
    return (ntohl(((const struct sockaddr_in*)addr)->sin_addr.s_addr) >> 24) == 127;
}

int bind(int fd, const struct sockaddr* addr, socklen_t len)
{
    if (!real_bind)
        real_bind = dlsym(RTLD_NEXT, "bind");
    struct in_addr own;
    if (is_loopback(addr, len) && own_address(&own)
        && ((const struct sockaddr_in*)addr)->sin_addr.s_addr == htonl(INADDR_LOOPBACK)) {
        struct sockaddr_in mine;
        memcpy(&mine, addr, sizeof mine);
        mine.sin_addr = own;
        return real_bind(fd, (const struct sockaddr*)&mine, sizeof mine);
    }
    return real_bind(fd, addr, len);
}

int connect(int fd, const struct sockaddr* addr, socklen_t len)
{
    if (!real_connect)
        real_connect = dlsym(RTLD_NEXT, "connect");
    if (!real_bind)
        real_bind = dlsym(RTLD_NEXT, "bind");
    struct in_addr own;
    struct sockaddr_in local;
    socklen_t localLen = sizeof local;
    if (is_loopback(addr, len) && own_address(&own) && getsockname(fd, (struct sockaddr*)&local, &localLen) == 0
        && local.sin_family == AF_INET && local.sin_port == 0) {
        struct sockaddr_in mine;
        memset(&mine, 0, sizeof mine);
        mine.sin_family = AF_INET;
        mine.sin_addr = own;
        real_bind(fd, (const struct sockaddr*)&mine, sizeof mine); // best effort: unbound stays unbound
    }
    return real_connect(fd, addr, len);
}
