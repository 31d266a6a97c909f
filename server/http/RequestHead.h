#pragma once
// Checks an HTTP/1.1 request head (request line + headers) held in a buffer before cpp-httplib sees it.
// cpp-httplib 0.11.4 has no limit on the request line's length while reading it, none on the header count,
// and reads a body it has refused: the connection front (ConnectionFront.h) only hands it heads that passed
// this check (docs/dc-server.md, "Bounded cost per request").

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace as::server {

struct HeadLimits {
    size_t maxLine = 8192; // request line and each header line
    size_t maxHeaders = 100;
    size_t maxHead = 32768; // request line + headers + the blank line
    uint64_t maxBody = 64ULL << 20; // largest Content-Length any route accepts
};

struct HeadCheck {
    enum class State { Incomplete, Complete, Invalid };
    State state = State::Incomplete;
    int status = 0; // for Invalid: 400, 411, 413, 414 or 431
    std::string detail; // for Invalid: why, for the problem+json answer
    size_t headLength = 0; // for Complete: bytes up to and including the blank line
    uint64_t contentLength = 0; // for Complete: 0 when absent
};

// Leading empty lines are allowed before a request (RFC 9112 §2.2); the caller drops them with this.
size_t leadingEmptyLines(std::string_view buf);
HeadCheck checkHead(std::string_view buf, const HeadLimits& limits);

} // namespace as::server
