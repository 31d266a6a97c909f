#include "ui/sharing/SharingActions.h"

#include "core/api/EngineApi.h"
#include "ui/EngineActions.h"

#include <QClipboard>
#include <QGuiApplication>

namespace as::ui {
namespace {

// Sends `request` and hands the finished reply to `done` on this thread; the reply is deleted after.
template <class Request>
void call(EngineActions* actions, QObject* context, const Request& request, std::function<void(const CommandReply&)> done)
{
    CommandReply* r = api::send(*actions->engine(), request);
    QObject::connect(r, &CommandReply::finished, context, [r, done] {
        done(*r);
        r->deleteLater();
    });
}

} // namespace

SharingActions::SharingActions(EngineActions* actions, QObject* parent)
    : QObject(parent), m_actions(actions)
{
    connect(&m_poll, &QTimer::timeout, this, &SharingActions::refreshSharedWithMe);
}

void SharingActions::copyLink(const QString& objectId, qint64 expiresIn, std::function<void(const QString&, const QString&)> done)
{
    auto put = [this, done](const QString& link) {
        QGuiApplication::clipboard()->setText(link);
        emit m_actions->linkCopied(link);
        done(link, {});
    };
    if (expiresIn <= 0)
        return call(m_actions, this, api::ShareRequest { objectId }, [put, done](const CommandReply& r) {
            r.ok() ? put(api::replyOf<api::ShareRequest>(r).link) : done({}, r.errorMessage());
        });
    call(m_actions, this, api::ShareLinkRequest { objectId, expiresIn }, [put, done](const CommandReply& r) {
        r.ok() ? put(api::replyOf<api::ShareLinkRequest>(r).link) : done({}, r.errorMessage());
    });
}

void SharingActions::activeLinks(const QString& objectId, std::function<void(const QList<api::LinkEntry>&, const QString&)> done)
{
    call(m_actions, this, api::SharesRequest { false }, [objectId, done](const CommandReply& r) {
        if (!r.ok())
            return done({}, r.errorMessage());
        QList<api::LinkEntry> mine;
        for (const api::LinkEntry& l : api::replyOf<api::SharesRequest>(r).links)
            if (l.objectId == objectId)
                mine.append(l);
        done(mine, {});
    });
}

void SharingActions::revokeLink(const QString& linkId, Done done)
{
    call(m_actions, this, api::UnshareRequest { linkId }, [done](const CommandReply& r) { done(r.ok() ? QString() : r.errorMessage()); });
}

void SharingActions::shareTo(const QString& objectId, const QString& user, bool acceptNewKey,
    std::function<void(const api::SharedItem&, const Error&)> done)
{
    call(m_actions, this, api::ShareToUserRequest { objectId, user.trimmed(), acceptNewKey }, [done](const CommandReply& r) {
        r.ok() ? done(api::replyOf<api::ShareToUserRequest>(r), {}) : done({}, r.error());
    });
}

void SharingActions::myFingerprint(std::function<void(const QString&)> done)
{
    call(m_actions, this, api::AccountKeyRequest {}, [done](const CommandReply& r) {
        done(r.ok() ? api::replyOf<api::AccountKeyRequest>(r).fingerprint : QString());
    });
}

void SharingActions::unshareTo(const QString& objectId, const QString& user, Done done)
{
    call(m_actions, this, api::UnshareUserRequest { objectId, user },
        [done](const CommandReply& r) { done(r.ok() ? QString() : r.errorMessage()); });
}

void SharingActions::recipients(const QString& objectId, std::function<void(const QList<api::SharedItem>&, const QString&)> done)
{
    call(m_actions, this, api::RecipientsRequest { objectId }, [done](const CommandReply& r) {
        r.ok() ? done(api::replyOf<api::RecipientsRequest>(r).items, {}) : done({}, r.errorMessage());
    });
}

void SharingActions::refreshSharedWithMe()
{
    call(m_actions, this, api::SharedWithMeRequest {}, [this](const CommandReply& r) {
        if (!r.ok())
            return emit sharedWithMeFailed(r.errorMessage());
        m_shared = api::replyOf<api::SharedWithMeRequest>(r).items;
        noticeNew(m_shared);
        emit sharedWithMeChanged(m_shared);
    });
}

void SharingActions::watchSharedWithMe(int intervalMs)
{
    if (intervalMs <= 0)
        return m_poll.stop();
    m_poll.start(intervalMs);
    refreshSharedWithMe();
}

// The first answer is what was there before the app started: only later arrivals are announced.
void SharingActions::noticeNew(const QList<api::SharedItem>& items)
{
    for (const api::SharedItem& i : items) {
        if (m_seen.contains(i.objectId))
            continue;
        m_seen.insert(i.objectId);
        if (m_loadedOnce)
            emit m_actions->event(QStringLiteral("shared-with-me"), tr("Shared with you"),
                tr("%1 shared “%2” with you").arg(i.owner, i.name.isEmpty() ? i.objectId.left(12) : i.name));
    }
    m_loadedOnce = true;
}

} // namespace as::ui
