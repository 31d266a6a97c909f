#include "bench/sim/Schedule.h"

#include "bench/sim/Churn.h"
#include "bench/sim/World.h"

#include <QList>
#include <algorithm>
#include <cmath>

namespace as::sim {

namespace {

const char* kindName(ScheduleKind k)
{
    switch (k) {
    case ScheduleKind::Online: return "online";
    case ScheduleKind::Offline: return "offline";
    case ScheduleKind::Freeze: return "freeze";
    case ScheduleKind::Depart: return "depart";
    case ScheduleKind::DcDown: return "dc_down";
    case ScheduleKind::DcUp: return "dc_up";
    case ScheduleKind::Upload: return "upload";
    case ScheduleKind::Request: return "request";
    }
    return "?";
}

// One user's on/off timeline from its join until the end or its permanent departure; a departure
// appends its replacement (the model's constant population) to `users`.
void userTimeline(const ScheduleConfig& sc, std::vector<User>& users, std::vector<ScheduleUser>& out, std::size_t index,
    Rng& rng, double end, std::vector<ScheduleEvent>& events)
{
    const SimConfig& m = sc.model;
    const User u = users[index];
    double t = out[index].join;
    bool online = out[index].join > 0 || rng.chance(u.targetAvailability);
    if (!online)
        t = nextAbsenceEnd(m, u, rng, t);
    while (t < end) {
        events.push_back({ t, ScheduleKind::Online, int(index) });
        double off = std::max(nextSessionEnd(m, u, rng, t), t + sc.minSession);
        double back = nextAbsenceEnd(m, u, rng, off);
        // An absence too short for the DC to notice is no absence: the session goes on.
        while (off < end && off < u.membershipEnd && back - off < sc.minGap) {
            off = std::max(nextSessionEnd(m, u, rng, back), back + sc.minSession);
            back = nextAbsenceEnd(m, u, rng, off);
        }
        if (off >= end)
            return;
        if (off >= u.membershipEnd) {
            events.push_back({ off, ScheduleKind::Depart, int(index) });
            const double join = off + rng.exponential(m.rejoinDelayMean);
            if (join < end) {
                users.push_back(makeUser(m, rng, join));
                const User& n = users.back();
                out.push_back({ n.targetAvailability >= m.contributorAvailabilityMin, n.targetAvailability, n.capacity, join });
            }
            return;
        }
        events.push_back({ off, rng.chance(sc.freezeShare) ? ScheduleKind::Freeze : ScheduleKind::Offline, int(index) });
        t = back;
    }
}

// DC outages: the model's alternating process, drawn again until it has minOutages outages in the run.
std::vector<ScheduleEvent> dcOutages(const ScheduleConfig& sc, Rng& rng, double end)
{
    std::vector<ScheduleEvent> out;
    for (int attempt = 0; attempt < 10000; ++attempt) {
        out.clear();
        double t = std::max(dcUpDuration(sc.model, rng), sc.quietStart);
        int n = 0;
        while (t < end) {
            out.push_back({ t, ScheduleKind::DcDown, -1, -1, 0, n % 2 == 0 });
            t += dcDownDuration(sc.model, rng);
            out.push_back({ std::min(t, end), ScheduleKind::DcUp });
            ++n;
            t += dcUpDuration(sc.model, rng);
        }
        if (n >= sc.minOutages)
            return out;
    }
    return out; // the last draw: this many outages are too unlikely in so short a run
}

bool dcDownAt(const std::vector<ScheduleEvent>& dc, double t, double* upAt)
{
    for (std::size_t i = 0; i + 1 < dc.size(); i += 2)
        if (t >= dc[i].time && t < dc[i + 1].time) {
            *upAt = dc[i + 1].time;
            return true;
        }
    return false;
}

// Users online at each moment, rebuilt by walking the churn events in time order.
struct OnlineSet {
    std::vector<int> users;
    void apply(const ScheduleEvent& e)
    {
        if (e.kind == ScheduleKind::Online)
            users.push_back(e.user);
        else if (e.kind == ScheduleKind::Offline || e.kind == ScheduleKind::Freeze || e.kind == ScheduleKind::Depart)
            std::erase(users, e.user);
    }
};

void addWorkload(const ScheduleConfig& sc, Schedule& s, Rng& rng, double end)
{
    const SimConfig& m = sc.model;
    std::vector<ScheduleEvent> dc;
    for (const ScheduleEvent& e : s.events)
        if (e.kind == ScheduleKind::DcDown || e.kind == ScheduleKind::DcUp)
            dc.push_back(e);
    // Upload times: a share at the start (before the first outage: quietStart), the rest spread over the first
    // 80 % (so they can be requested); one inside an outage goes to the standbys, or waits for the DC without
    // outage mode.
    std::vector<double> uploadAt(std::size_t(sc.objects));
    for (double& t : uploadAt) {
        t = rng.chance(sc.initialUploadShare) ? 0.0 : rng.uniform(0, 0.8 * end);
        double up = 0;
        if (sc.uploadsWaitForDc && dcDownAt(dc, t, &up))
            t = up + 60;
    }
    std::sort(uploadAt.begin(), uploadAt.end());
    // Zipf popularity over a random ranking, as the simulator draws its requests.
    std::vector<int> rank(uploadAt.size());
    for (std::size_t i = 0; i < rank.size(); ++i)
        rank[i] = int(i);
    for (std::size_t i = rank.size(); i > 1; --i)
        std::swap(rank[i - 1], rank[rng.below(i)]);
    std::vector<double> cdf(rank.size());
    double sum = 0;
    for (std::size_t i = 0; i < rank.size(); ++i)
        cdf[i] = (sum += 1.0 / std::pow(double(i + 1), m.zipfExponent));

    std::vector<ScheduleEvent> churn = s.events;
    std::stable_sort(churn.begin(), churn.end(), [](auto& a, auto& b) { return a.time < b.time; });
    std::vector<int> owner(uploadAt.size(), -1);
    OnlineSet online;
    std::size_t next = 0, nextUpload = 0;
    double t = 0;
    auto advance = [&](double to) {
        while (next < churn.size() && churn[next].time <= to)
            online.apply(churn[next++]);
    };
    advance(0);
    while (t < end) {
        advance(t);
        while (nextUpload < uploadAt.size() && uploadAt[nextUpload] <= t) {
            if (!online.users.empty()) {
                const int o = int(nextUpload);
                owner[std::size_t(o)] = online.users[rng.below(online.users.size())];
                const double bytes = std::clamp(rng.logNormal(m.objectSizeMedian * sc.sizeScale, m.objectSizeSigma),
                    m.objectSizeMin, sc.maxObjectBytes);
                s.events.push_back({ std::max(t, uploadAt[nextUpload]), ScheduleKind::Upload, owner[std::size_t(o)], o,
                    std::int64_t(bytes) });
                ++nextUpload;
            } else {
                uploadAt[nextUpload] = next < churn.size() ? churn[next].time : end + 1; // wait for someone online
                break;
            }
        }
        const double rate = sc.requestsPerOnlineUserHour / kHour * double(online.users.size());
        const double nextChurn = next < churn.size() ? churn[next].time : end;
        const double nextUp = nextUpload < uploadAt.size() ? uploadAt[nextUpload] : end;
        const double horizon = std::min({ nextChurn, nextUp, end });
        const double at = rate > 0 ? t + rng.exponential(1.0 / rate) : horizon;
        if (at >= horizon) {
            t = std::max(horizon, t + 1e-6); // memoryless: redraw after the population changes
            continue;
        }
        t = at;
        const double u = rng.uniform() * sum;
        const int object = rank[std::size_t(std::lower_bound(cdf.begin(), cdf.end(), u) - cdf.begin())];
        if (owner[std::size_t(object)] < 0 || t < uploadAt[std::size_t(object)] + sc.requestableAfter)
            continue; // not uploaded yet: no request (the popular object is not there)
        std::vector<int> others;
        for (int user : online.users)
            if (user != owner[std::size_t(object)])
                others.push_back(user);
        if (others.empty())
            continue;
        s.events.push_back({ t, ScheduleKind::Request, others[rng.below(others.size())], object });
    }
    s.objects = int(nextUpload);
}

} // namespace

Schedule generateSchedule(const ScheduleConfig& sc)
{
    Schedule s;
    s.seed = sc.model.seed;
    s.days = sc.model.days;
    const double end = sc.model.days * kDay;
    Rng worldRng(sc.model.seed, 11), churnRng(sc.model.seed, 12), dcRng(sc.model.seed, 13), workRng(sc.model.seed, 14);
    std::vector<User> users;
    for (int i = 0; i < sc.model.users; ++i) {
        users.push_back(makeUser(sc.model, worldRng, 0));
        const User& u = users.back();
        s.users.push_back({ u.targetAvailability >= sc.model.contributorAvailabilityMin, u.targetAvailability, u.capacity, 0 });
    }
    for (std::size_t i = 0; i < users.size(); ++i) // grows when users leave and are replaced
        userTimeline(sc, users, s.users, i, churnRng, end, s.events);
    const std::vector<ScheduleEvent> dc = dcOutages(sc, dcRng, end);
    s.events.insert(s.events.end(), dc.begin(), dc.end());
    addWorkload(sc, s, workRng, end);
    std::stable_sort(s.events.begin(), s.events.end(), [](auto& a, auto& b) { return a.time < b.time; });
    return s;
}

QByteArray scheduleText(const Schedule& s)
{
    QByteArray out = "# amazingstore testbed schedule v1 (docs/testbed.md); times in simulated seconds\n";
    out += "seed " + QByteArray::number(qulonglong(s.seed)) + "\ndays " + QByteArray::number(s.days, 'g', 10) + "\nobjects "
        + QByteArray::number(s.objects) + '\n';
    for (std::size_t i = 0; i < s.users.size(); ++i) {
        const ScheduleUser& u = s.users[i];
        out += "user " + QByteArray::number(qulonglong(i)) + ' ' + (u.contributor ? "contributor " : "casual ")
            + QByteArray::number(u.availability, 'f', 4) + ' ' + QByteArray::number(qlonglong(u.capacity)) + ' '
            + QByteArray::number(u.join, 'f', 1) + '\n';
    }
    for (const ScheduleEvent& e : s.events) {
        out += QByteArray::number(e.time, 'f', 1) + ' ' + kindName(e.kind);
        if (e.kind == ScheduleKind::DcDown)
            out += e.hardKill ? " kill9" : " term";
        else if (e.kind == ScheduleKind::Upload)
            out += ' ' + QByteArray::number(e.object) + ' ' + QByteArray::number(e.user) + ' ' + QByteArray::number(qlonglong(e.bytes));
        else if (e.kind == ScheduleKind::Request)
            out += ' ' + QByteArray::number(e.object) + ' ' + QByteArray::number(e.user);
        else if (e.kind != ScheduleKind::DcUp)
            out += ' ' + QByteArray::number(e.user);
        out += '\n';
    }
    return out;
}

std::optional<Schedule> parseSchedule(const QByteArray& text, QString* error)
{
    Schedule s;
    int lineNo = 0;
    auto fail = [&](const char* what) {
        if (error)
            *error = QStringLiteral("line %1: %2").arg(lineNo).arg(QLatin1String(what));
        return std::nullopt;
    };
    for (const QByteArray& raw : text.split('\n')) {
        ++lineNo;
        const QList<QByteArray> f = raw.simplified().split(' ');
        if (raw.trimmed().isEmpty() || raw.startsWith('#'))
            continue;
        bool ok = true;
        auto num = [&](int i) { return i < f.size() ? f[i].toDouble(&ok) : (ok = false, 0.0); };
        if (f[0] == "seed") {
            s.seed = f.value(1).toULongLong(&ok);
        } else if (f[0] == "days") {
            s.days = num(1);
        } else if (f[0] == "objects") {
            s.objects = int(num(1));
        } else if (f[0] == "user") {
            if (int(num(1)) != int(s.users.size()))
                return fail("users must be numbered 0, 1, 2, … in order");
            s.users.push_back({ f.value(2) == "contributor", num(3), std::int64_t(num(4)), num(5) });
        } else {
            ScheduleEvent e;
            e.time = num(0);
            const QByteArray k = f.value(1);
            const int nUsers = int(s.users.size());
            if (k == "online" || k == "offline" || k == "freeze" || k == "depart") {
                e.kind = k == "online" ? ScheduleKind::Online
                    : k == "offline"   ? ScheduleKind::Offline
                    : k == "freeze"    ? ScheduleKind::Freeze
                                       : ScheduleKind::Depart;
                e.user = int(num(2));
            } else if (k == "dc_down") {
                e.kind = ScheduleKind::DcDown;
                e.hardKill = f.value(2) == "kill9";
            } else if (k == "dc_up") {
                e.kind = ScheduleKind::DcUp;
            } else if (k == "upload") {
                e.kind = ScheduleKind::Upload;
                e.object = int(num(2));
                e.user = int(num(3));
                e.bytes = std::int64_t(num(4));
            } else if (k == "request") {
                e.kind = ScheduleKind::Request;
                e.object = int(num(2));
                e.user = int(num(3));
            } else {
                return fail("unknown event");
            }
            if (e.user >= nUsers || e.object >= s.objects || (!s.events.empty() && e.time < s.events.back().time))
                return fail("user or object out of range, or events out of time order");
            s.events.push_back(e);
        }
        if (!ok)
            return fail("malformed number");
    }
    if (s.users.empty())
        return fail("no users");
    return s;
}

} // namespace as::sim
