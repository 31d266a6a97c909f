#pragma once
// Counters for GET /metrics (Prometheus text format 0.0.4): requests by route and status, bytes served from
// /data; gauges (objects, stored bytes, peers online) come from the store when scraped.

#include "server/store/MetadataStore.h"

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace as::server {

class Metrics {
public:
    // `route` must be a string literal (it is kept by reference).
    void countRequest(const char* route, int status);
    void addBytesServed(qint64 n) { m_bytesServed.fetch_add(quint64(n), std::memory_order_relaxed); }
    void addBytesReceived(qint64 n) { m_bytesReceived.fetch_add(quint64(n), std::memory_order_relaxed); }
    void addReplicasAssigned(qint64 n) { m_replicasAssigned.fetch_add(quint64(n), std::memory_order_relaxed); }
    void addReplicasDropped(qint64 n) { m_replicasDropped.fetch_add(quint64(n), std::memory_order_relaxed); }
    // A holder's watch asked for its group to be re-planned (POST .../repair), and what that assigned.
    void addRepairRequest(qint64 assigned)
    {
        m_repairRequests.fetch_add(1, std::memory_order_relaxed);
        m_assignedOnRequest.fetch_add(quint64(assigned), std::memory_order_relaxed);
    }
    std::string render(const StoreStats& stats) const;

private:
    mutable std::mutex m_mutex;
    std::map<std::pair<std::string_view, int>, quint64> m_requests;
    std::atomic<quint64> m_bytesServed { 0 };
    std::atomic<quint64> m_bytesReceived { 0 };
    std::atomic<quint64> m_replicasAssigned { 0 };
    std::atomic<quint64> m_replicasDropped { 0 };
    std::atomic<quint64> m_repairRequests { 0 };
    std::atomic<quint64> m_assignedOnRequest { 0 };
};

} // namespace as::server
