// What the sharing commands print (docs/sharing.md): a revocable link, what unshare revoked, the link list,
// and the outcome of a re-key.
#include "app/node/Output.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace as::node {
namespace {

void line(const QString& text)
{
    std::fputs(text.toLocal8Bit().constData(), stdout);
    std::fputc('\n', stdout);
}

QString when(qint64 t)
{
    return t > 0 ? QDateTime::fromSecsSinceEpoch(t, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))
                 : QStringLiteral("never");
}

void printLinks(const QJsonArray& links)
{
    if (links.isEmpty())
        return line(QStringLiteral("no active links ('share ID --expires 7d' makes one)"));
    const QString row = QStringLiteral("%1  %2  %3  %4  %5  %6");
    line(row.arg(QStringLiteral("LINK ID").leftJustified(32), QStringLiteral("STATE").leftJustified(7),
        QStringLiteral("EXPIRES").leftJustified(20), QStringLiteral("USES").rightJustified(5),
        QStringLiteral("OBJECT").leftJustified(12), QStringLiteral("NAME")));
    for (const QJsonValue& v : links) {
        const QJsonObject l = v.toObject();
        line(row.arg(l.value(QStringLiteral("link_id")).toString(), l.value(QStringLiteral("state")).toString().leftJustified(7),
            when(qint64(l.value(QStringLiteral("expires_at")).toDouble())).leftJustified(20),
            QString::number(qint64(l.value(QStringLiteral("uses")).toDouble())).rightJustified(5),
            l.value(QStringLiteral("object_id")).toString().left(12), l.value(QStringLiteral("name")).toString()));
    }
}

} // namespace

bool printShareResult(const QString& command, const QJsonObject& r, bool json)
{
    if (command == QLatin1String("share") && r.contains(QStringLiteral("link_id"))) {
        line(r.value(QStringLiteral("link")).toString());
        const qint64 expires = qint64(r.value(QStringLiteral("expires_at")).toDouble());
        std::fputs(QStringLiteral("link %1: works until %2; 'unshare %1' revokes it\n")
                       .arg(r.value(QStringLiteral("link_id")).toString(), expires > 0 ? when(expires) : QStringLiteral("revoked"))
                       .toLocal8Bit().constData(),
            stderr);
        return true;
    }
    if (command == QLatin1String("unshare")) {
        const QString link = r.value(QStringLiteral("link_id")).toString();
        line(link.isEmpty() ? QStringLiteral("revoked every link of %1").arg(r.value(QStringLiteral("object_id")).toString().left(12))
                            : QStringLiteral("revoked link %1").arg(link));
        return true;
    }
    if (command == QLatin1String("shares")) {
        if (json) {
            std::fputs(QJsonDocument(r.value(QStringLiteral("links")).toArray()).toJson(QJsonDocument::Indented).constData(), stdout);
            return true;
        }
        printLinks(r.value(QStringLiteral("links")).toArray());
        return true;
    }
    if (command == QLatin1String("rekey")) {
        line(r.value(QStringLiteral("link")).toString());
        std::fputs(QStringLiteral("%1: re-encrypted as %2; %3 and its links are gone\n")
                       .arg(r.value(QStringLiteral("name")).toString(), r.value(QStringLiteral("id")).toString().left(12),
                           r.value(QStringLiteral("old_id")).toString().left(12))
                       .toLocal8Bit().constData(),
            stderr);
        return true;
    }
    return false;
}

} // namespace as::node
