#include "app/node/Output.h"

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
void printObjects(const QJsonArray& objects, bool json)
{
    if (json)
        return outJson(objects);
    QList<ObjectInfo> list;
    for (const QJsonValue& v : objects)
        list.append(ObjectInfo::fromJson(v.toObject()));
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

} // namespace

void printResult(const QString& command, const QJsonObject& r, bool json)
{
    if (printShareResult(command, r, json))
        return;
    if (command == QLatin1String("register") || command == QLatin1String("login")) {
        out(QStringLiteral("logged in as %1 at %2").arg(r.value(QStringLiteral("user")).toString(), r.value(QStringLiteral("dc")).toString()));
    } else if (command == QLatin1String("upload")) {
        // One line per file, in order; a file that failed has an empty line here and its error on stderr.
        for (const QJsonValue& l : r.value(QStringLiteral("links")).toArray())
            out(l.toString());
    } else if (command == QLatin1String("ls")) {
        printObjects(r.value(QStringLiteral("objects")).toArray(), json);
    } else if (command == QLatin1String("delete")) {
        out(QStringLiteral("deleted %1 (%2)").arg(r.value(QStringLiteral("name")).toString(), r.value(QStringLiteral("id")).toString().left(12)));
    } else if (command == QLatin1String("logout")) {
        out(r.contains(QStringLiteral("user")) ? QStringLiteral("logged out %1 at %2").arg(r.value(QStringLiteral("user")).toString(), r.value(QStringLiteral("dc")).toString())
                                               : QStringLiteral("was not logged in"));
    } else if (command == QLatin1String("stop")) {
        out(QStringLiteral("the daemon stopped"));
    } else if (command == QLatin1String("share")) {
        out(r.value(QStringLiteral("link")).toString());
    } else if (command == QLatin1String("get")) {
        if (json) {
            QJsonObject j{{QStringLiteral("path"), r.value(QStringLiteral("path"))},
                          {QStringLiteral("bytes"), r.value(QStringLiteral("bytes"))},
                          {QStringLiteral("from_peers"), r.value(QStringLiteral("from_peers"))},
                          {QStringLiteral("from_dc"), r.value(QStringLiteral("from_dc"))},
                          {QStringLiteral("hash_failures"), r.value(QStringLiteral("hash_failures"))}};
            return outJson(j);
        }
        out(r.value(QStringLiteral("path")).toString());
    } else if (command == QLatin1String("status")) {
        if (json)
            return outJson(r);
        const NodeStatus s = NodeStatus::fromJson(r);
        out(QStringLiteral("mode:            %1%2").arg(modeName(s.mode), s.daemon ? QStringLiteral(" (daemon running)") : QString()));
        out(QStringLiteral("peer id:         %1").arg(s.peerId));
        out(QStringLiteral("account:         %1").arg(s.user.isEmpty() ? QStringLiteral("(not logged in)") : s.user + QStringLiteral(" at ") + s.dcUrl));
        out(QStringLiteral("contribution:    %1 of %2 used, %3 replicas held").arg(humanBytes(s.usedBytes), humanBytes(s.capacityBytes)).arg(s.replicasHeld));
        out(QStringLiteral("served to peers: %1").arg(humanBytes(s.bytesServed)));
        out(QStringLiteral("downloaded:      %1 from peers, %2 from the DC").arg(humanBytes(s.bytesFromPeers), humanBytes(s.bytesFromDc)));
        out(QStringLiteral("DC availability: %1").arg(s.dcAvailability, 0, 'f', 4));
        out(QStringLiteral("online peers:    %1").arg(s.onlinePeers));
        const int objects = r.value(QStringLiteral("objects")).toInt();
        const QJsonValue lowest = r.value(QStringLiteral("lowest_object_availability"));
        QString mine = QStringLiteral("%1").arg(objects);
        if (lowest.isDouble())
            mine += QStringLiteral(", %1 below the replica target c, lowest estimated availability %2 ('ls' for each)")
                        .arg(r.value(QStringLiteral("objects_below_target")).toInt())
                        .arg(lowest.toDouble(), 0, 'f', 4);
        out(QStringLiteral("my objects:      %1").arg(mine));
    } else if (command == QLatin1String("contribution")) {
        if (json)
            return outJson(r);
        const NodeStatus s = NodeStatus::fromJson(r);
        const QJsonArray history = r.value(QStringLiteral("history")).toArray();
        const QString source = r.value(QStringLiteral("my_availability_source")).toString();
        out(QStringLiteral("capacity:        %1 (%2 used)").arg(humanBytes(s.capacityBytes), humanBytes(s.usedBytes)));
        out(QStringLiteral("replicas held:   %1").arg(s.replicasHeld));
        out(QStringLiteral("served to peers: %1").arg(humanBytes(s.bytesServed)));
        out(QStringLiteral("availability:    %1").arg(source == QLatin1String("none")
                                                           ? QStringLiteral("not measured yet")
                                                           : QStringLiteral("%1 (%2)").arg(s.myAvailability, 0, 'f', 4).arg(
                                                                 source == QLatin1String("dc") ? QStringLiteral("as the DC measures it")
                                                                                               : QStringLiteral("from this node's history"))));
        if (history.isEmpty()) {
            out(QStringLiteral("history:         none yet (recorded while 'run' or the app contributes)"));
        } else {
            const auto time = [&](int i) {
                return QDateTime::fromSecsSinceEpoch(history.at(i).toObject().value(QStringLiteral("t")).toInteger())
                    .toString(Qt::ISODate);
            };
            out(QStringLiteral("history:         %1 %2 from %3 to %4 (--json lists them)")
                    .arg(history.size())
                    .arg(history.size() == 1 ? QStringLiteral("point") : QStringLiteral("points"), time(0),
                         time(int(history.size()) - 1)));
        }
    } else if (command == QLatin1String("config")) {
        if (r.contains(QStringLiteral("settings"))) {
            const QJsonObject all = r.value(QStringLiteral("settings")).toObject();
            for (auto it = all.begin(); it != all.end(); ++it)
                out(QStringLiteral("%1 = %2").arg(it.key(), settingForPeople(it.key(), it.value().toString())));
        } else {
            out(settingForPeople(r.value(QStringLiteral("key")).toString(), r.value(QStringLiteral("value")).toString()));
        }
    }
}

} // namespace as::node
