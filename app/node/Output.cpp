#include "app/node/Output.h"

#include "app/node/ShareOutput.h"
#include "app/node/Terminal.h"
#include "core/api/Types.h"
#include "core/util/Units.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

#include <cstdio>

namespace as::node {
namespace {
void out(const QString& line)
{
    std::fputs(line.toLocal8Bit().constData(), stdout);
    std::fputc('\n', stdout);
}
void outJson(const QJsonValue& v)
{
    const QJsonDocument doc = v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject());
    std::fputs(doc.toJson(QJsonDocument::Indented).constData(), stdout);
}
// Sizes and rates in the one unit convention, with the exact byte count for scripts.
QString settingForPeople(const QString& key, const QString& value)
{
    const bool rate = key.endsWith(QLatin1String("-limit"));
    if (key != QLatin1String("capacity") && !rate)
        return value;
    const qint64 n = value.toLongLong();
    if (rate && n == 0)
        return QStringLiteral("0 (unlimited)");
    return QStringLiteral("%1 (%2)").arg(value, rate ? util::formatRate(double(n)) : util::formatBytes(n));
}

// `ls`: a header, then my objects by name (ids cut to 12 characters; share and delete take any unique
// prefix; --json has them whole).
void print(const api::ListRequest&, const api::ListReply& reply, bool json)
{
    if (json)
        return outJson(reply.toJson().value(QStringLiteral("objects")));
    QList<ObjectInfo> list = reply.objects;
    std::sort(list.begin(), list.end(), [](const ObjectInfo& a, const ObjectInfo& b) {
        const int byName = QString::compare(a.name, b.name, Qt::CaseInsensitive);
        return byName != 0 ? byName < 0 : a.id < b.id;
    });
    if (list.isEmpty())
        return out(QStringLiteral("no objects yet ('upload FILE' adds one)"));
    const QString row = QStringLiteral("%1  %2  %3  %4  %5  %6");
    out(row.arg(QStringLiteral("ID").leftJustified(12), QStringLiteral("SIZE").rightJustified(9), QStringLiteral("STATE").leftJustified(9),
        QStringLiteral("AVAILABILITY"), QStringLiteral("REPLICAS"), QStringLiteral("NAME")));
    for (const ObjectInfo& o : list)
        out(row.arg(o.id.left(12), humanBytes(o.size).rightJustified(9), o.state.leftJustified(9),
            QString::number(o.availability, 'f', 4).leftJustified(12),
            QStringLiteral("%1/%2").arg(o.replicas).arg(o.targetReplicas).leftJustified(8), o.name));
}

void printLoggedIn(const api::AccountReply& r) { out(QStringLiteral("logged in as %1 at %2").arg(r.user, r.dc)); }
void print(const api::RegisterRequest&, const api::AccountReply& r, bool) { printLoggedIn(r); }
void print(const api::LoginRequest&, const api::AccountReply& r, bool) { printLoggedIn(r); }

void print(const api::LogoutRequest&, const api::AccountReply& r, bool)
{
    out(!r.user.isEmpty() ? QStringLiteral("logged out %1 at %2").arg(r.user, r.dc) : QStringLiteral("was not logged in"));
}

void print(const api::UploadRequest&, const api::UploadReply& r, bool)
{
    // One line per file, in order; a file that failed has an empty line here and its error on stderr.
    for (const QString& link : r.links)
        out(link);
}

void print(const api::DeleteRequest&, const api::DeleteReply& r, bool)
{
    out(QStringLiteral("deleted %1 (%2)").arg(r.name, r.id.left(12)));
}

void print(const api::StopRequest&, const api::EmptyReply&, bool) { out(QStringLiteral("the daemon stopped")); }
void print(const api::ShareRequest&, const api::ShareReply& r, bool) { out(r.link); }

void print(const api::GetRequest&, const api::GetReply& r, bool json)
{
    if (json)
        return outJson(r.toJson());
    out(r.path);
}

void print(const api::StatusRequest&, const api::StatusReply& r, bool json)
{
    if (json)
        return outJson(r.toJson());
    const NodeStatus& s = r.node;
    out(QStringLiteral("mode:            %1%2").arg(modeName(s.mode), s.daemon ? QStringLiteral(" (daemon running)") : QString()));
    out(QStringLiteral("peer id:         %1").arg(s.peerId));
    out(QStringLiteral("account:         %1").arg(s.user.isEmpty() ? QStringLiteral("(not logged in)") : s.user + QStringLiteral(" at ") + s.dcUrl));
    out(QStringLiteral("contribution:    %1 of %2 used, %3 replicas held").arg(humanBytes(s.usedBytes), humanBytes(s.capacityBytes)).arg(s.replicasHeld));
    out(QStringLiteral("served to peers: %1").arg(humanBytes(s.bytesServed)));
    out(QStringLiteral("downloaded:      %1 from peers, %2 from the DC").arg(humanBytes(s.bytesFromPeers), humanBytes(s.bytesFromDc)));
    out(QStringLiteral("DC availability: %1").arg(s.dcAvailability, 0, 'f', 4));
    out(QStringLiteral("online peers:    %1").arg(s.onlinePeers));
    QString mine = QStringLiteral("%1").arg(r.objects);
    if (r.lowestObjectAvailability)
        mine += QStringLiteral(", %1 below the replica target c, lowest estimated availability %2 ('ls' for each)")
                    .arg(r.objectsBelowTarget)
                    .arg(*r.lowestObjectAvailability, 0, 'f', 4);
    out(QStringLiteral("my objects:      %1").arg(mine));
}

QString availabilityText(const api::ContributionReply& r)
{
    if (r.myAvailabilitySource == api::AvailabilitySource::None)
        return QStringLiteral("not measured yet");
    return QStringLiteral("%1 (%2)").arg(r.status.node.myAvailability, 0, 'f', 4)
        .arg(r.myAvailabilitySource == api::AvailabilitySource::Dc ? QStringLiteral("as the DC measures it")
                                                                   : QStringLiteral("from this node's history"));
}

void print(const api::ContributionRequest&, const api::ContributionReply& r, bool json)
{
    if (json)
        return outJson(r.toJson());
    const NodeStatus& s = r.status.node;
    out(QStringLiteral("capacity:        %1 (%2 used)").arg(humanBytes(s.capacityBytes), humanBytes(s.usedBytes)));
    out(QStringLiteral("replicas held:   %1").arg(s.replicasHeld));
    out(QStringLiteral("served to peers: %1").arg(humanBytes(s.bytesServed)));
    out(QStringLiteral("availability:    %1").arg(availabilityText(r)));
    if (r.history.isEmpty())
        return out(QStringLiteral("history:         none yet (recorded while 'run' or the app contributes)"));
    out(QStringLiteral("history:         %1 %2 from %3 to %4 (--json lists them)")
            .arg(r.history.size())
            .arg(r.history.size() == 1 ? QStringLiteral("point") : QStringLiteral("points"),
                 r.history.first().t.toString(Qt::ISODate), r.history.last().t.toString(Qt::ISODate)));
}

void print(const api::ConfigRequest&, const api::ConfigReply& r, bool)
{
    if (r.key.isEmpty()) {
        for (auto it = r.settings.begin(); it != r.settings.end(); ++it)
            out(QStringLiteral("%1 = %2").arg(it.key(), settingForPeople(it.key(), it.value())));
        return;
    }
    out(settingForPeople(r.key, r.value));
}

// Commands that print nothing when they succeed (run, pause, resume, slow-mode, transfers).
template <class Request, class Reply>
void print(const Request&, const Reply&, bool)
{
}

} // namespace

void printResult(const api::AnyRequest& request, const QJsonObject& result, bool json)
{
    std::visit(
        [&](const auto& r) {
            using Request = std::decay_t<decltype(r)>;
            print(r, Request::Reply::fromJson(result), json);
        },
        request);
}

} // namespace as::node
