// What the sharing commands print (docs/sharing.md): a revocable link, what unshare revoked, the link list,
// and the outcome of a re-key. Notes for people go to stderr, so stdout stays the link alone.
#include "app/node/ShareOutput.h"
#include "app/node/Terminal.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace as::node {
namespace {

void line(const QString& text, FILE* to = stdout)
{
    std::fputs(text.toLocal8Bit().constData(), to);
    std::fputc('\n', to);
}

QString when(qint64 t)
{
    return t > 0 ? QDateTime::fromSecsSinceEpoch(t, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))
                 : QStringLiteral("never");
}

} // namespace

void print(const api::ShareLinkRequest&, const api::LinkEntry& r, bool)
{
    line(r.link);
    line(QStringLiteral("link %1 works until %2; 'unshare %1' revokes it")
             .arg(r.linkId, r.expiresAt > 0 ? when(r.expiresAt) : QStringLiteral("revoked")),
        stderr);
}

void print(const api::UnshareRequest&, const api::UnshareReply& r, bool)
{
    line(r.linkId.isEmpty() ? QStringLiteral("revoked every link of %1").arg(r.objectId.left(12))
                            : QStringLiteral("revoked link %1").arg(r.linkId));
}

void print(const api::SharesRequest&, const api::SharesReply& r, bool json)
{
    if (json) {
        QJsonArray a;
        for (const api::LinkEntry& l : r.links)
            a.append(l.toJson());
        std::fputs(QJsonDocument(a).toJson(QJsonDocument::Indented).constData(), stdout);
        return;
    }
    if (r.links.isEmpty())
        return line(QStringLiteral("no active links ('share ID --expires 7d' makes one)"));
    const QString row = QStringLiteral("%1  %2  %3  %4  %5  %6");
    line(row.arg(QStringLiteral("LINK ID").leftJustified(32), QStringLiteral("STATE").leftJustified(7),
        QStringLiteral("EXPIRES").leftJustified(20), QStringLiteral("USES").rightJustified(5),
        QStringLiteral("OBJECT").leftJustified(12), QStringLiteral("NAME")));
    for (const api::LinkEntry& l : r.links)
        line(row.arg(l.linkId, l.state.leftJustified(7), when(l.expiresAt).leftJustified(20),
            QString::number(l.uses).rightJustified(5), l.objectId.left(12), l.name));
}

void print(const api::RekeyRequest&, const api::RekeyReply& r, bool)
{
    line(r.link);
    line(QStringLiteral("%1: re-encrypted as %2; %3 and its links are gone").arg(r.name, r.id.left(12), r.oldId.left(12)),
        stderr);
}

void print(const api::ShareToUserRequest&, const api::SharedItem& r, bool json)
{
    if (json)
        return line(QString::fromUtf8(QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact)));
    line(QStringLiteral("shared %1 (%2) with %3; 'unshare %2 --to %3' stops it").arg(r.name, r.objectId.left(12), r.recipient));
    line(QStringLiteral("%1's key fingerprint: %2%3").arg(r.recipient, r.fingerprint,
        r.keyFirstSeen ? QStringLiteral(" (first seen now: compare it with what 'key' shows %1)").arg(r.recipient)
                       : QStringLiteral(" (as pinned here)")));
}

void print(const api::AccountKeyRequest&, const api::AccountKeyReply& r, bool json)
{
    if (json)
        return line(QString::fromUtf8(QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact)));
    switch (r.trust) {
    case api::KeyTrust::Mine:
        return line(QStringLiteral("your account key fingerprint (%1): %2").arg(r.user, r.fingerprint));
    case api::KeyTrust::FirstSeen:
        return line(QStringLiteral("%1's key fingerprint: %2 (first seen now, pinned: compare it with what 'key' shows %1)").arg(r.user, r.fingerprint));
    case api::KeyTrust::Pinned:
        return line(QStringLiteral("%1's key fingerprint: %2 (as pinned here)").arg(r.user, r.fingerprint));
    case api::KeyTrust::Changed:
        return line(QStringLiteral("%1's key CHANGED: the data center now gives %2, pinned here is %3; ask %1 which is "
                                   "theirs before sharing again (share --to %1 --accept-new-key)").arg(r.user, r.fingerprint, r.pinnedFingerprint));
    }
}

void print(const api::UnshareUserRequest&, const api::SharedItem& r, bool)
{
    line(QStringLiteral("stopped sharing %1 with %2").arg(r.objectId.left(12), r.recipient));
}

void print(const api::SharedWithMeRequest&, const api::SharedListReply& r, bool json)
{
    if (json) {
        QJsonArray a;
        for (const api::SharedItem& i : r.items)
            a.append(i.toJson());
        std::fputs(QJsonDocument(a).toJson(QJsonDocument::Indented).constData(), stdout);
        return;
    }
    if (r.items.isEmpty())
        return line(QStringLiteral("nothing is shared with you"));
    const QString row = QStringLiteral("%1  %2  %3  %4  %5");
    line(row.arg(QStringLiteral("ID").leftJustified(12), QStringLiteral("SIZE").rightJustified(9),
        QStringLiteral("FROM").leftJustified(16), QStringLiteral("SHARED").leftJustified(20), QStringLiteral("NAME")));
    for (const api::SharedItem& i : r.items)
        line(row.arg(i.objectId.left(12), humanBytes(i.size).rightJustified(9), i.owner.leftJustified(16),
            when(i.sharedAt).leftJustified(20), i.name.isEmpty() ? QStringLiteral("(cannot be opened)") : i.name));
}

void print(const api::RecipientsRequest&, const api::SharedListReply& r, bool)
{
    for (const api::SharedItem& i : r.items)
        line(i.recipient);
}

} // namespace as::node
