#pragma once
// cpp-httplib serves one connection per worker. A fixed pool lets a few slow or idle keep-alive clients occupy
// every worker; this pool starts small, adds a worker whenever a connection arrives and none is idle (up to
// `maxThreads`, the cap on connections served at once), and lets surplus workers exit after being idle.
// Connections beyond the cap wait in the queue.

#include <condition_variable>
#include <deque>
#include <functional>
#include <httplib.h>
#include <mutex>

namespace as::server {

class WorkerPool final : public httplib::TaskQueue {
public:
    WorkerPool(size_t minThreads, size_t maxThreads, int idleSeconds = 30);
    ~WorkerPool() override;

    void enqueue(std::function<void()> fn) override;
    void shutdown() override; // runs what is queued, then waits for every worker to exit

private:
    void spawnLocked();
    void run();

    const size_t m_min, m_max;
    const int m_idleSeconds;
    std::mutex m_mutex;
    std::condition_variable m_work, m_exited;
    std::deque<std::function<void()>> m_jobs;
    size_t m_threads = 0, m_idle = 0, m_leaving = 0; // m_leaving: out of run(), not yet out of the thread
    bool m_stopping = false;
};

} // namespace as::server
