// DiskWorkers: PieceDiskIo's job threads and batched completions. libtorrent TU.
#include "core/transfer/DiskWorkers.h"

#include <boost/asio/post.hpp>

namespace as::transfer {

DiskWorkers::DiskWorkers(libtorrent::io_context& ios, int threads)
    : m_ios(ios)
{
    for (int i = 0; i < threads; ++i)
        m_threads.emplace_back([this] { workerLoop(); });
}

DiskWorkers::~DiskWorkers()
{
    stop(true);
    std::lock_guard lock(m_doneMutex);
    m_done.clear();
}

void DiskWorkers::run(std::function<void()> job)
{
    {
        std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void DiskWorkers::complete(std::function<void()> handler)
{
    bool schedule;
    {
        std::lock_guard lock(m_doneMutex);
        m_done.push_back(std::move(handler));
        schedule = !m_drainPosted;
        m_drainPosted = true;
    }
    if (schedule)
        boost::asio::post(m_ios, [this] { runCompletions(); });
}

void DiskWorkers::stop(bool wait)
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (!wait)
        return;
    for (std::thread& t : m_threads)
        if (t.joinable())
            t.join();
}

void DiskWorkers::workerLoop()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
        if (m_jobs.empty())
            return; // stopping and drained: every queued job has posted its completion
        std::function<void()> job = std::move(m_jobs.front());
        m_jobs.pop_front();
        lock.unlock();
        job();
        lock.lock();
    }
}

void DiskWorkers::runCompletions()
{
    std::vector<std::function<void()>> batch;
    {
        std::lock_guard lock(m_doneMutex);
        batch.swap(m_done);
        m_drainPosted = false;
    }
    for (auto& f : batch)
        f();
}

} // namespace as::transfer
