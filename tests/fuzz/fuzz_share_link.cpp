// libFuzzer target: share links as a user pastes them (core/link/ShareLink). Built by tests/fuzz/run.sh.
#include "core/link/ShareLink.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    auto link = as::link::parseShareLink(text);
    if (link) // what parses must format back to a link that parses to the same thing
        if (auto again = as::link::formatShareLink(link->dcBaseUrl, link->objectId, link->fileKey))
            if (!as::link::parseShareLink(*again))
                __builtin_trap();
    return 0;
}
