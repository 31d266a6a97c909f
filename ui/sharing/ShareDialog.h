#pragma once
// The share dialog of one of my files (docs/sharing.md, docs/app.md "Sharing"): copy a link (permanent by
// default, or one that expires), the file's active revocable links with a Revoke button, sharing with a user
// by name and the users it is shared with, each with "Stop sharing"; the recipient's and my own key
// fingerprints, to compare out of band.

#include "core/api/ShareCommands.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace as::ui {

class SharingActions;

class ShareDialog : public QDialog {
    Q_OBJECT
public:
    ShareDialog(SharingActions* sharing, const QString& objectId, const QString& name, QWidget* parent = nullptr);

    // For tests and scripts.
    QComboBox* expiryBox() const { return m_expiry; }
    QPushButton* copyButton() const { return m_copy; }
    QTreeWidget* linksList() const { return m_links; }
    QPushButton* revokeButton() const { return m_revoke; }
    QLineEdit* userEdit() const { return m_user; }
    QPushButton* shareButton() const { return m_share; }
    QTreeWidget* recipientsList() const { return m_recipients; }
    QPushButton* stopButton() const { return m_stop; }
    QCheckBox* acceptNewKeyBox() const { return m_acceptNewKey; }
    QString myFingerprintText() const;
    QString statusText() const;

public slots:
    void reload();

signals:
    void reloaded(); // both lists answered

private:
    QWidget* buildLinkBox();
    QWidget* buildUserBox();
    void say(const QString& text);
    void showLinks(const QList<api::LinkEntry>& links);
    void showRecipients(const QList<api::SharedItem>& items);
    void answered();

    SharingActions* m_sharing;
    QString m_objectId;
    QComboBox* m_expiry;
    QPushButton* m_copy;
    QTreeWidget* m_links;
    QPushButton* m_revoke;
    QLineEdit* m_user;
    QPushButton* m_share;
    QTreeWidget* m_recipients;
    QPushButton* m_stop;
    QCheckBox* m_acceptNewKey;
    QLabel* m_myKey;
    QLabel* m_status;
    int m_pending = 0;
};

} // namespace as::ui
