#include "server/http/WorkerPool.h"

#include <chrono>
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

void WorkerPool::run()
{
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
        if (m_stopping || (!woke && m_threads > m_min))
            break;
    }
    --m_threads;
    m_exited.notify_all();
}

void WorkerPool::shutdown()
{
    std::unique_lock lock(m_mutex);
    m_stopping = true;
    m_work.notify_all();
    m_exited.wait(lock, [this] { return m_threads == 0; });
}

} // namespace as::server
