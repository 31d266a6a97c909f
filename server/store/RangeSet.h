#pragma once
// Byte-range arithmetic for resumable uploads: sorted, non-overlapping, non-adjacent [offset, offset+length).

#include "core/protocol/Objects.h"

namespace as::server {

using Ranges = QList<protocol::ByteRange>;

Ranges addRange(Ranges ranges, protocol::ByteRange add); // union, coalesced
Ranges subtractRange(Ranges ranges, protocol::ByteRange cut); // difference
Ranges missingRanges(const Ranges& have, qint64 size); // complement within [0, size)
qint64 coveredBytes(const Ranges& ranges);

} // namespace as::server
