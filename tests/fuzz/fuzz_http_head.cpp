// libFuzzer target: the DC's connection front reading request heads (server/http/RequestHead) the way
// ConnectionFront drives it: bytes arrive in pieces (the first input byte picks their size, so trickled heads
// are tried as well as whole ones), leading empty lines are dropped, the head is checked after each piece,
// and a complete head's body is skipped so the next pipelined request follows. Built by tests/fuzz/run.sh.
#include "server/http/RequestHead.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace as::server;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::size_t piece = 1 + data[0] % 64;
    const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
    // Small limits, so that every limit is within the fuzzer's reach (the DC's: 8 KiB, 100, 32 KiB, 64 MiB).
    HeadLimits limits;
    limits.maxLine = 256;
    limits.maxHeaders = 8;
    limits.maxHead = 1024;
    limits.maxBody = 4096;
    std::string buf;
    for (std::size_t off = 0; off < input.size(); off += piece) {
        buf.append(input.substr(off, piece));
        for (;;) {
            buf.erase(0, leadingEmptyLines(buf));
            const HeadCheck h = checkHead(buf, limits);
            if (h.state == HeadCheck::State::Invalid) {
                // Only the answers the front knows how to send, each with a reason.
                const int s = h.status;
                if ((s != 400 && s != 411 && s != 413 && s != 414 && s != 431) || h.detail.empty())
                    __builtin_trap();
                return 0; // the front answers and closes
            }
            if (h.state == HeadCheck::State::Incomplete) {
                if (buf.size() > limits.maxHead) // an incomplete head never grows past the limit
                    __builtin_trap();
                break;
            }
            if (h.headLength == 0 || h.headLength > buf.size() || h.headLength > limits.maxHead
                || h.contentLength > limits.maxBody)
                __builtin_trap();
            // Served: the head and (as far as it arrived) the body; the rest starts the next request.
            buf.erase(0, std::min<std::size_t>(buf.size(), h.headLength + h.contentLength));
        }
    }
    return 0;
}
