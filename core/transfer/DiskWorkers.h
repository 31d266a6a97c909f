#pragma once
// The threads of PieceDiskIo: a FIFO of jobs run by a few workers, and completions handed to libtorrent's
// network thread in batches (one posted call drains them all). A completion is never left in the
// io_context's own queue: libtorrent destroys that queue after the session, and a handler holding a torrent
// must die before it — with this object, as libtorrent's own back ends do. libtorrent TU (private).

#include <libtorrent/io_context.hpp>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace as::transfer {

class DiskWorkers {
public:
    DiskWorkers(libtorrent::io_context& ios, int threads);
    ~DiskWorkers(); // stops (waiting) and drops completions the network thread never ran
    DiskWorkers(const DiskWorkers&) = delete;
    DiskWorkers& operator=(const DiskWorkers&) = delete;

    void run(std::function<void()> job); // on a worker, in FIFO order of start
    void complete(std::function<void()> handler); // on the network thread
    // Workers finish what is queued, then exit; `wait` joins them.
    void stop(bool wait);

private:
    void workerLoop();
    void runCompletions();

    libtorrent::io_context& m_ios;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_jobs;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;

    std::mutex m_doneMutex;
    std::vector<std::function<void()>> m_done;
    bool m_drainPosted = false;
};

} // namespace as::transfer
