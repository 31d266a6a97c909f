#pragma once
// Free piece buffers of PieceDiskIo, kept for reuse while pieces are in flight: a freed 4 MiB buffer goes
// back to the kernel, and its next use faults in 1,024 fresh pages. Not thread-safe: PieceDiskIo calls it
// under its mutex.

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

namespace as::transfer {

class PieceBufferPool {
public:
    static constexpr std::int64_t kMaxBytes = 64 * 1024 * 1024;

    std::unique_ptr<char[]> take(int size)
    {
        auto& free = m_free[size];
        if (free.empty())
            return std::unique_ptr<char[]>(new char[std::size_t(std::max(size, 1))]);
        auto b = std::move(free.back());
        free.pop_back();
        m_bytes -= size;
        return b;
    }

    // Keeps `b` unless nothing is buffered any more (`idle`: all the memory goes back) or the pool already
    // holds min(`limit`, kMaxBytes).
    void give(std::unique_ptr<char[]> b, int size, bool idle, std::int64_t limit)
    {
        if (!b)
            return;
        if (idle) {
            m_free.clear();
            m_bytes = 0;
            return;
        }
        if (m_bytes + size > std::min(limit, kMaxBytes))
            return;
        m_free[size].push_back(std::move(b));
        m_bytes += size;
    }

private:
    std::map<int, std::vector<std::unique_ptr<char[]>>> m_free; // by size
    std::int64_t m_bytes = 0;
};

} // namespace as::transfer
