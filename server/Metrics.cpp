#include "server/Metrics.h"

#include <sstream>

namespace as::server {

void Metrics::countRequest(const char* route, int status)
{
    std::lock_guard lock(m_mutex);
    ++m_requests[{ route, status }];
}

std::string Metrics::render(const StoreStats& s) const
{
    std::ostringstream out;
    out << "# HELP amazingstore_http_requests_total HTTP requests by route and status.\n"
           "# TYPE amazingstore_http_requests_total counter\n";
    {
        std::lock_guard lock(m_mutex);
        for (const auto& [key, count] : m_requests)
            out << "amazingstore_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} "
                << count << '\n';
    }
    out << "# HELP amazingstore_data_bytes_served_total Ciphertext bytes sent from /data.\n"
           "# TYPE amazingstore_data_bytes_served_total counter\n"
        << "amazingstore_data_bytes_served_total " << m_bytesServed.load() << '\n'
        << "# HELP amazingstore_upload_bytes_received_total Ciphertext bytes received by PUT content.\n"
           "# TYPE amazingstore_upload_bytes_received_total counter\n"
        << "amazingstore_upload_bytes_received_total " << m_bytesReceived.load() << '\n'
        << "# HELP amazingstore_replicas_assigned_total Replica assignments planned (heartbeat answers).\n"
           "# TYPE amazingstore_replicas_assigned_total counter\n"
        << "amazingstore_replicas_assigned_total " << m_replicasAssigned.load() << '\n'
        << "# HELP amazingstore_replicas_dropped_total Replica drops planned (surplus holders released).\n"
           "# TYPE amazingstore_replicas_dropped_total counter\n"
        << "amazingstore_replicas_dropped_total " << m_replicasDropped.load() << '\n'
        << "# HELP amazingstore_repair_requests_total Re-planning requests from holders watching their groups.\n"
           "# TYPE amazingstore_repair_requests_total counter\n"
        << "amazingstore_repair_requests_total " << m_repairRequests.load() << '\n'
        << "# HELP amazingstore_replicas_assigned_on_request_total Replica assignments decided on a holder's request.\n"
           "# TYPE amazingstore_replicas_assigned_on_request_total counter\n"
        << "amazingstore_replicas_assigned_on_request_total " << m_assignedOnRequest.load() << '\n'
        << "# HELP amazingstore_peers_online Nodes that heartbeated within the online grace period.\n"
           "# TYPE amazingstore_peers_online gauge\n"
        << "amazingstore_peers_online " << s.peersOnline << '\n'
        << "# HELP amazingstore_objects Registered objects by state.\n"
           "# TYPE amazingstore_objects gauge\n"
        << "amazingstore_objects{state=\"available\"} " << s.objectsAvailable << '\n'
        << "amazingstore_objects{state=\"uploading\"} " << s.objectsUploading << '\n'
        << "# HELP amazingstore_stored_bytes Bytes of available objects in the blob store.\n"
           "# TYPE amazingstore_stored_bytes gauge\n"
        << "amazingstore_stored_bytes " << s.storedBytes << '\n'
        << "# HELP amazingstore_accounts Registered accounts.\n"
           "# TYPE amazingstore_accounts gauge\n"
        << "amazingstore_accounts " << s.accounts << '\n';
    return out.str();
}

} // namespace as::server
