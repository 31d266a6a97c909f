#include "server/store/RangeSet.h"

#include <algorithm>

namespace as::server {

Ranges addRange(Ranges ranges, protocol::ByteRange add)
{
    if (add.length <= 0)
        return ranges;
    Ranges out;
    qint64 start = add.offset, end = add.offset + add.length;
    bool placed = false;
    for (const auto& r : ranges) {
        const qint64 rs = r.offset, re = r.offset + r.length;
        if (re < start) {
            out.append(r);
        } else if (rs > end) {
            if (!placed) {
                out.append({ start, end - start });
                placed = true;
            }
            out.append(r);
        } else { // overlapping or adjacent: merge
            start = std::min(start, rs);
            end = std::max(end, re);
        }
    }
    if (!placed)
        out.append({ start, end - start });
    return out;
}

Ranges subtractRange(Ranges ranges, protocol::ByteRange cut)
{
    const qint64 cs = cut.offset, ce = cut.offset + cut.length;
    Ranges out;
    for (const auto& r : ranges) {
        const qint64 rs = r.offset, re = r.offset + r.length;
        if (re <= cs || rs >= ce) {
            out.append(r);
            continue;
        }
        if (rs < cs)
            out.append({ rs, cs - rs });
        if (re > ce)
            out.append({ ce, re - ce });
    }
    return out;
}

Ranges missingRanges(const Ranges& have, qint64 size)
{
    Ranges out;
    qint64 pos = 0;
    for (const auto& r : have) {
        if (r.offset > pos)
            out.append({ pos, std::min(r.offset, size) - pos });
        pos = std::max(pos, r.offset + r.length);
        if (pos >= size)
            break;
    }
    if (pos < size)
        out.append({ pos, size - pos });
    return out;
}

qint64 coveredBytes(const Ranges& ranges)
{
    qint64 n = 0;
    for (const auto& r : ranges)
        n += r.length;
    return n;
}

} // namespace as::server
