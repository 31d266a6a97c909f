#include "server/http/RequestHead.h"

#include <algorithm>
#include <cctype>

namespace as::server {
namespace {

HeadCheck invalid(int status, std::string detail)
{
    HeadCheck h;
    h.state = HeadCheck::State::Invalid;
    h.status = status;
    h.detail = std::move(detail);
    return h;
}

bool isTokenChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool equalsNoCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size()
        && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y)); });
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// METHOD SP TARGET SP HTTP/1.x — anything else would get cpp-httplib's 400 anyway, only later.
bool validRequestLine(std::string_view line)
{
    const size_t sp1 = line.find(' ');
    if (sp1 == 0 || sp1 == std::string_view::npos)
        return false;
    const size_t sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || sp2 == sp1 + 1 || line.find(' ', sp2 + 1) != std::string_view::npos)
        return false;
    if (!std::all_of(line.begin(), line.begin() + std::ptrdiff_t(sp1), isTokenChar))
        return false;
    const std::string_view version = line.substr(sp2 + 1);
    return version == "HTTP/1.1" || version == "HTTP/1.0";
}

struct HeaderState {
    size_t count = 0;
    bool sawLength = false;
    uint64_t length = 0;
};

// One header line; returns an Invalid check, or state Incomplete to go on.
HeadCheck checkHeader(std::string_view line, HeaderState& st, const HeadLimits& limits)
{
    if (++st.count > limits.maxHeaders)
        return invalid(431, "more than " + std::to_string(limits.maxHeaders) + " header fields");
    const size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos
        || !std::all_of(line.begin(), line.begin() + std::ptrdiff_t(colon), isTokenChar))
        return invalid(400, "malformed header field (obsolete line folding is not accepted)");
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim(line.substr(colon + 1));
    if (equalsNoCase(name, "Transfer-Encoding"))
        return invalid(411, "chunked request bodies are not accepted; send Content-Length");
    if (!equalsNoCase(name, "Content-Length"))
        return {};
    // Two lengths (even equal ones) are how request smuggling starts: refuse rather than pick one.
    if (st.sawLength)
        return invalid(400, "more than one Content-Length");
    if (value.empty() || value.size() > 19 || !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return invalid(400, "malformed Content-Length");
    st.sawLength = true;
    st.length = std::stoull(std::string(value));
    if (st.length > limits.maxBody)
        return invalid(413, "request bodies are limited to " + std::to_string(limits.maxBody) + " bytes");
    return {};
}

} // namespace

size_t leadingEmptyLines(std::string_view buf)
{
    size_t i = 0;
    while (i < buf.size() && (buf[i] == '\r' || buf[i] == '\n'))
        ++i;
    return i;
}

HeadCheck checkHead(std::string_view buf, const HeadLimits& limits)
{
    HeaderState st;
    size_t pos = 0;
    for (bool first = true;; first = false) {
        const size_t nl = buf.find('\n', pos);
        if (nl == std::string_view::npos) {
            if (buf.size() - pos > limits.maxLine)
                return first ? invalid(414, "the request line is too long") : invalid(431, "a header field is too long");
            if (buf.size() > limits.maxHead)
                return invalid(431, "the request head is too large");
            return {};
        }
        std::string_view line = buf.substr(pos, nl - pos);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.size() > limits.maxLine)
            return first ? invalid(414, "the request line is too long") : invalid(431, "a header field is too long");
        pos = nl + 1;
        if (pos > limits.maxHead)
            return invalid(431, "the request head is too large");
        if (first) {
            if (!validRequestLine(line))
                return invalid(400, "malformed request line");
            continue;
        }
        if (line.empty()) {
            HeadCheck h;
            h.state = HeadCheck::State::Complete;
            h.headLength = pos;
            h.contentLength = st.length;
            return h;
        }
        if (HeadCheck h = checkHeader(line, st, limits); h.state == HeadCheck::State::Invalid)
            return h;
    }
}

} // namespace as::server
