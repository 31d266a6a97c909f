#pragma once
// The sharing commands for the tray's share dialog and "Shared with me" tab (docs/sharing.md, docs/app.md):
// links of one object (permanent or expiring), revoking them, sharing to a user and stopping, and the files
// shared with me, polled so that something new raises a notification through EngineActions::event. Widgets
// call these; none of them talks to EngineApi itself.

#include "core/api/ShareCommands.h"

#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>

namespace as::ui {

class EngineActions;

class SharingActions : public QObject {
    Q_OBJECT
public:
    explicit SharingActions(EngineActions* actions, QObject* parent = nullptr);
    EngineActions* actions() const { return m_actions; }

    // The tray dialog's default (docs/sharing.md "Which link `share` gives"): 0 = the permanent link.
    static constexpr qint64 kDefaultExpiry = 0;

    using Done = std::function<void(const QString& error)>; // empty error: success
    // A link on the clipboard: expiresIn 0 = the permanent link (as `share ID`), else a revocable one.
    void copyLink(const QString& objectId, qint64 expiresIn, std::function<void(const QString& link, const QString& error)> done);
    void activeLinks(const QString& objectId, std::function<void(const QList<api::LinkEntry>&, const QString& error)> done);
    void revokeLink(const QString& linkId, Done done);
    // Shares with `user`; the reply carries their key fingerprint (docs/sharing.md "Key fingerprints"). A key
    // that differs from the one pinned in this profile fails with ErrorCode::IntegrityFailure unless acceptNewKey.
    void shareTo(const QString& objectId, const QString& user, bool acceptNewKey,
        std::function<void(const api::SharedItem& shared, const Error& error)> done);
    // My account key's fingerprint (empty on failure).
    void myFingerprint(std::function<void(const QString& fingerprint)> done);
    void unshareTo(const QString& objectId, const QString& user, Done done);
    void recipients(const QString& objectId, std::function<void(const QList<api::SharedItem>&, const QString& error)> done);

    // "Shared with me": refresh now, and every `intervalMs` from now on (0 stops).
    void refreshSharedWithMe();
    void watchSharedWithMe(int intervalMs);
    const QList<api::SharedItem>& sharedWithMe() const { return m_shared; }

signals:
    void sharedWithMeChanged(const QList<as::api::SharedItem>& items);
    void sharedWithMeFailed(const QString& error);

private:
    void noticeNew(const QList<api::SharedItem>& items);

    EngineActions* m_actions;
    QTimer m_poll;
    QList<api::SharedItem> m_shared;
    QSet<QString> m_seen; // object ids already announced
    bool m_loadedOnce = false;
};

} // namespace as::ui
