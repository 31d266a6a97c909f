#include "server/http/WorkerPool.h"

#include <chrono>
#include <functional>
#include <thread>

namespace as::server {

WorkerPool::WorkerPool(size_t minThreads, size_t maxThreads, int idleSeconds)
    : m_min(std::max<size_t>(1, minThreads))
    , m_max(std::max(maxThreads, std::max<size_t>(1, minThreads)))
    , m_idleSeconds(idleSeconds)
{
    std::lock_guard lock(m_mutex);
    for (size_t i = 0; i < m_min; ++i)
        spawnLocked();
}

WorkerPool::~WorkerPool()
{
    shutdown();
}

void WorkerPool::spawnLocked()
{
    ++m_threads;
    // Detached: a surplus worker exits on its own; shutdown() waits on the count instead of joining.
    std::thread([this] { run(); }).detach();
}

void WorkerPool::enqueue(std::function<void()> fn)
{
    std::lock_guard lock(m_mutex);
    m_jobs.push_back(std::move(fn));
    if (m_idle < m_jobs.size() && m_threads < m_max && !m_stopping)
        spawnLocked();
    m_work.notify_one();
}

namespace {
// Counts a worker out only when its thread_local objects are gone. It is the thread's first thread_local, so it is
// destroyed last (reverse order of construction): a job's database connection (SqlMetadataStore keeps one per
// thread) closes before shutdown() returns and the store and SQL driver go away. Counting out at the end of run()
// let a detached thread close a PostgreSQL connection after the driver was destroyed (a crash at exit).
struct CountOutAtThreadExit {
    std::function<void()> countOut;
    ~CountOutAtThreadExit()
    {
        if (countOut)
            countOut();
    }
};
} // namespace

void WorkerPool::run()
{
    thread_local CountOutAtThreadExit exitSignal;
    exitSignal.countOut = [this] {
        std::lock_guard lock(m_mutex);
        --m_threads;
        --m_leaving;
        m_exited.notify_all();
    };
    std::unique_lock lock(m_mutex);
    for (;;) {
        ++m_idle;
        const bool woke = m_work.wait_for(
            lock, std::chrono::seconds(m_idleSeconds), [this] { return !m_jobs.empty() || m_stopping; });
        --m_idle;
        if (!m_jobs.empty()) {
            auto job = std::move(m_jobs.front());
            m_jobs.pop_front();
            lock.unlock();
            job();
            lock.lock();
            continue;
        }
        if (m_stopping || (!woke && m_threads - m_leaving > m_min)) {
            ++m_leaving; // still counted in m_threads until its thread_local objects are gone
            break;
        }
    }
}

void WorkerPool::shutdown()
{
    std::unique_lock lock(m_mutex);
    m_stopping = true;
    m_work.notify_all();
    m_exited.wait(lock, [this] { return m_threads == 0; });
}

} // namespace as::server
