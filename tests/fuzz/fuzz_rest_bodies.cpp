// libFuzzer target: REST bodies as the DC and the node read them (core/protocol: JSON → typed values), and
// the control socket's framing (core/control/Wire). The first byte picks the reader. Built by run.sh.
#include "core/control/Wire.h"
#include "core/protocol/Accounts.h"
#include "core/protocol/Audits.h"
#include "core/protocol/Json.h"
#include "core/protocol/Objects.h"
#include "core/protocol/Peers.h"

#include <cstddef>
#include <cstdint>

using namespace as::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return 0;
    const QByteArray body(reinterpret_cast<const char*>(data) + 1, qsizetype(size - 1));
    if (data[0] % 2 == 0) { // control socket frames
        QByteArray buffer = body;
        (void)as::control::takeFrames(buffer);
        return 0;
    }
    auto json = parseObject(body);
    if (!json)
        return 0;
    switch ((data[0] / 2) % 9) {
    case 0: (void)Heartbeat::fromJson(*json); break;
    case 1: (void)HeartbeatReply::fromJson(*json); break;
    case 2: (void)ObjectRegister::fromJson(*json); break;
    case 3: (void)ObjectInfo::fromJson(*json); break;
    case 4: (void)ObjectList::fromJson(*json); break;
    case 5: (void)AccountCreate::fromJson(*json); break;
    case 6: (void)LoginRequest::fromJson(*json); break;
    case 7: (void)AuditAnswer::fromJson(*json); break;
    default: (void)RepairRequest::fromJson(*json); break;
    }
    return 0;
}
