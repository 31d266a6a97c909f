#include "ui/sharing/ShareDialog.h"

#include "ui/sharing/SharingActions.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace as::ui {
namespace {

QString when(qint64 t)
{
    return t > 0 ? QLocale().toString(QDateTime::fromSecsSinceEpoch(t), QLocale::ShortFormat) : ShareDialog::tr("never");
}

// The first column (a link id, a user name) takes the width the others leave, each of which is sized to its
// contents; a long first text is elided in the middle and shown whole in a tooltip (addRow).
QTreeWidget* newList(const QStringList& headers, QWidget* parent)
{
    auto* list = new QTreeWidget(parent);
    list->setHeaderLabels(headers);
    list->setRootIsDecorated(false);
    list->setMinimumHeight(90);
    list->setTextElideMode(Qt::ElideMiddle);
    list->header()->setStretchLastSection(false);
    list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < headers.size(); ++c)
        list->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    return list;
}

QTreeWidgetItem* addRow(QTreeWidget* list, const QStringList& texts)
{
    auto* item = new QTreeWidgetItem(list, texts);
    for (int c = 0; c < texts.size(); ++c)
        item->setToolTip(c, texts[c]);
    return item;
}

} // namespace

ShareDialog::ShareDialog(SharingActions* sharing, const QString& objectId, const QString& name, QWidget* parent)
    : QDialog(parent), m_sharing(sharing), m_objectId(objectId)
{
    setWindowTitle(tr("Share “%1”").arg(name));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildLinkBox());
    layout->addWidget(buildUserBox());
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("shareStatus"));
    layout->addWidget(m_status);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(620, 560);
    reload();
}

QWidget* ShareDialog::buildLinkBox()
{
    auto* box = new QGroupBox(tr("Link: anyone who has it can download and decrypt the file"), this);
    auto* v = new QVBoxLayout(box);
    auto* row = new QHBoxLayout;
    m_expiry = new QComboBox(box);
    m_expiry->addItem(tr("Never expires (the file's permanent link)"), SharingActions::kDefaultExpiry);
    m_expiry->addItem(tr("Expires in 1 hour"), qint64(3600));
    m_expiry->addItem(tr("Expires in 1 day"), qint64(86400));
    m_expiry->addItem(tr("Expires in 7 days"), qint64(7 * 86400));
    m_expiry->addItem(tr("Expires in 30 days"), qint64(30 * 86400));
    m_expiry->setAccessibleName(tr("Link expiry"));
    m_copy = new QPushButton(tr("&Copy link"), box);
    row->addWidget(m_expiry, 1);
    row->addWidget(m_copy);
    v->addLayout(row);
    v->addWidget(new QLabel(tr("Links that expire, until they do (revoking one stops it at once):"), box));
    m_links = newList({ tr("Link"), tr("Expires"), tr("Uses") }, box);
    v->addWidget(m_links);
    m_revoke = new QPushButton(tr("&Revoke link"), box);
    m_revoke->setEnabled(false);
    v->addWidget(m_revoke, 0, Qt::AlignRight);
    connect(m_links, &QTreeWidget::itemSelectionChanged, this, [this] { m_revoke->setEnabled(m_links->currentItem()); });
    connect(m_copy, &QPushButton::clicked, this, [this] {
        const qint64 expires = m_expiry->currentData().toLongLong();
        m_sharing->copyLink(m_objectId, expires, [this, expires](const QString&, const QString& error) {
            if (!error.isEmpty())
                return say(tr("Could not make a link: %1").arg(error));
            say(expires > 0 ? tr("A link that expires was copied to the clipboard.")
                            : tr("The permanent link was copied to the clipboard."));
            reload();
        });
    });
    connect(m_revoke, &QPushButton::clicked, this, [this] {
        if (!m_links->currentItem())
            return;
        const QString linkId = m_links->currentItem()->data(0, Qt::UserRole).toString();
        m_sharing->revokeLink(linkId, [this](const QString& error) {
            say(error.isEmpty() ? tr("The link was revoked: it no longer works.") : tr("Could not revoke: %1").arg(error));
            reload();
        });
    });
    return box;
}

QWidget* ShareDialog::buildUserBox()
{
    auto* box = new QGroupBox(tr("Share with a user of this data center"), this);
    auto* v = new QVBoxLayout(box);
    auto* row = new QHBoxLayout;
    m_user = new QLineEdit(box);
    m_user->setPlaceholderText(tr("User name"));
    m_user->setAccessibleName(tr("User name"));
    m_share = new QPushButton(tr("&Share"), box);
    m_share->setEnabled(false);
    row->addWidget(m_user, 1);
    row->addWidget(m_share);
    v->addLayout(row);
    m_recipients = newList({ tr("Shared with"), tr("Since") }, box);
    v->addWidget(m_recipients);
    m_stop = new QPushButton(tr("S&top sharing"), box);
    m_stop->setEnabled(false);
    v->addWidget(m_stop, 0, Qt::AlignRight);
    m_acceptNewKey = new QCheckBox(tr("Accept the user's new key (only after they confirmed its fingerprint)"), box);
    m_acceptNewKey->setVisible(false);
    v->addWidget(m_acceptNewKey);
    m_myKey = new QLabel(box);
    m_myKey->setWordWrap(true);
    m_myKey->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(m_myKey);
    m_sharing->myFingerprint([this](const QString& fingerprint) {
        if (!fingerprint.isEmpty())
            m_myKey->setText(tr("Your key fingerprint: %1").arg(fingerprint));
    });
    connect(m_user, &QLineEdit::textChanged, this, [this](const QString& t) { m_share->setEnabled(!t.trimmed().isEmpty()); });
    connect(m_user, &QLineEdit::returnPressed, m_share, &QPushButton::click);
    connect(m_recipients, &QTreeWidget::itemSelectionChanged, this, [this] { m_stop->setEnabled(m_recipients->currentItem()); });
    connect(m_share, &QPushButton::clicked, this, [this] {
        const QString user = m_user->text().trimmed();
        m_sharing->shareTo(m_objectId, user, m_acceptNewKey->isChecked(), [this, user](const api::SharedItem& shared, const Error& error) {
            if (!error.message.isEmpty()) {
                // A changed key: the user may accept it once they compared fingerprints out of band.
                m_acceptNewKey->setVisible(error.code == ErrorCode::IntegrityFailure);
                return say(tr("Could not share with %1: %2").arg(user, error.message));
            }
            m_user->clear();
            m_acceptNewKey->setChecked(false);
            m_acceptNewKey->setVisible(false);
            say(tr("Shared with %1: it appears under “Shared with me” in their app.").arg(shared.recipient) + QLatin1Char('\n')
                + (shared.keyFirstSeen ? tr("%1's key fingerprint: %2 (first seen now: compare it with %1's by phone or in person).")
                                       : tr("%1's key fingerprint: %2 (the one this app has seen before).")).arg(shared.recipient, shared.fingerprint));
            reload();
        });
    });
    connect(m_stop, &QPushButton::clicked, this, [this] {
        if (!m_recipients->currentItem())
            return;
        const QString user = m_recipients->currentItem()->text(0);
        m_sharing->unshareTo(m_objectId, user, [this, user](const QString& error) {
            say(error.isEmpty() ? tr("No longer shared with %1.").arg(user) : tr("Could not stop sharing: %1").arg(error));
            reload();
        });
    });
    return box;
}

void ShareDialog::reload()
{
    m_pending = 2;
    m_sharing->activeLinks(m_objectId, [this](const QList<api::LinkEntry>& links, const QString& error) {
        if (!error.isEmpty())
            say(tr("Could not list the links: %1").arg(error));
        showLinks(links);
        answered();
    });
    m_sharing->recipients(m_objectId, [this](const QList<api::SharedItem>& items, const QString& error) {
        if (!error.isEmpty())
            say(tr("Could not list the users: %1").arg(error));
        showRecipients(items);
        answered();
    });
}

void ShareDialog::answered()
{
    if (--m_pending == 0)
        emit reloaded();
}

void ShareDialog::showLinks(const QList<api::LinkEntry>& links)
{
    m_links->clear();
    for (const api::LinkEntry& l : links) {
        auto* item = addRow(m_links, { l.linkId, when(l.expiresAt), QString::number(l.uses) });
        item->setData(0, Qt::UserRole, l.linkId);
    }
    m_revoke->setEnabled(false);
}

void ShareDialog::showRecipients(const QList<api::SharedItem>& items)
{
    m_recipients->clear();
    for (const api::SharedItem& i : items)
        addRow(m_recipients, { i.recipient, when(i.sharedAt) });
    m_stop->setEnabled(false);
}

void ShareDialog::say(const QString& text)
{
    m_status->setText(text);
}

QString ShareDialog::statusText() const
{
    return m_status->text();
}

QString ShareDialog::myFingerprintText() const
{
    return m_myKey->text();
}

} // namespace as::ui
