#pragma once
// A churn, outage and workload schedule drawn from the simulator's model (Churn.cpp), written to a file
// that the testbed (bench/testbed) drives real programs with and that the simulator replays (--replay), so
// both are measured on the same events. Format and scaling: docs/testbed.md, "The schedule".

#include "bench/sim/SimConfig.h"

#include <QByteArray>
#include <QString>
#include <optional>
#include <vector>

namespace as::sim {

struct ScheduleConfig {
    SimConfig model; // churn, outage and size parameters (users, days, seed, contributorShare, …)
    int objects = 60;
    double initialUploadShare = 0.7; // uploaded at t = 0; the rest at random times during the run
    double sizeScale = 1.0 / 16; // object sizes: the model's log-normal times this
    double maxObjectBytes = 8e6;
    double requestsPerOnlineUserHour = 0.25; // thinned from the model's 1 so that a real run stays light
    double minGap = 0; // absences shorter than this are skipped (the DC would not see them)
    double minSession = 0; // sessions are at least this long (a daemon needs time to start)
    double requestableAfter = 1 * kHour; // an upload is requested only after this (it must finish first)
    int minOutages = 0; // redraw the DC's process (rejection) until it has this many outages
    // No DC outage starts before this: the initial uploads (t = 0) and their first placement must finish while
    // the DC is up, or an outage at once would block them (a real upload needs the DC or a standby named by it).
    double quietStart = 6 * kHour;
    // Uploads drawn inside an outage wait for the DC (a product without outage mode) instead of going to the
    // standbys with the pure-P2P count.
    bool uploadsWaitForDc = false;
    double freezeShare = 0.2; // share of absences that are a frozen machine (SIGSTOP) rather than a stop
};

struct ScheduleUser {
    bool contributor = false;
    double availability = 0; // the model's long-run online fraction
    std::int64_t capacity = 0;
    double join = 0; // 0 for the first population; later for replacements
};

enum class ScheduleKind { Online, Offline, Freeze, Depart, DcDown, DcUp, Upload, Request };

struct ScheduleEvent {
    double time = 0; // simulated seconds since the start
    ScheduleKind kind = ScheduleKind::Online;
    int user = -1; // Online/Offline/Freeze/Depart: the user; Upload: the owner; Request: the requester
    int object = -1; // Upload/Request
    std::int64_t bytes = 0; // Upload
    bool hardKill = false; // DcDown: kill -9 (else SIGTERM)
};

struct Schedule {
    std::uint64_t seed = 1;
    double days = 3;
    std::vector<ScheduleUser> users;
    std::vector<ScheduleEvent> events; // by time; a user starts offline, events turn it on and off
    int objects = 0;
};

Schedule generateSchedule(const ScheduleConfig& config);
QByteArray scheduleText(const Schedule& schedule);
// The text back; an error message for a malformed file.
std::optional<Schedule> parseSchedule(const QByteArray& text, QString* error);

} // namespace as::sim
