#include "ui/sharing/SharedWithMeView.h"

#include "ui/EngineActions.h"
#include "ui/Format.h"
#include "ui/sharing/SharingActions.h"

#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace as::ui {

SharedWithMeView::SharedWithMeView(SharingActions* sharing, QWidget* parent)
    : QWidget(parent), m_sharing(sharing)
{
    m_chooseFolder = [this] {
        return QFileDialog::getExistingDirectory(this, tr("Download into folder"),
            QStandardPaths::writableLocation(QStandardPaths::DownloadLocation));
    };
    auto* layout = new QVBoxLayout(this);
    m_list = new QTreeWidget(this);
    m_list->setHeaderLabels({ tr("Name"), tr("Size"), tr("Shared by"), tr("Since") });
    m_list->setRootIsDecorated(false);
    m_list->setAccessibleName(tr("Files shared with me"));
    // The name takes what the others leave, each sized to its contents; a long name is elided in the middle
    // and shown whole in a tooltip.
    m_list->setTextElideMode(Qt::ElideMiddle);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 4; ++c)
        m_list->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(false);
    layout->addWidget(m_list, 1);
    auto* row = new QHBoxLayout;
    m_status = new QLabel(tr("Files other users share with you appear here."), this);
    m_status->setWordWrap(true);
    m_refresh = new QPushButton(tr("&Refresh"), this);
    m_download = new QPushButton(tr("&Download…"), this);
    m_download->setEnabled(false);
    row->addWidget(m_status, 1);
    row->addWidget(m_refresh);
    row->addWidget(m_download);
    layout->addLayout(row);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, [this] { m_download->setEnabled(m_list->currentItem()); });
    connect(m_list, &QTreeWidget::itemActivated, this, &SharedWithMeView::downloadSelected);
    connect(m_download, &QPushButton::clicked, this, &SharedWithMeView::downloadSelected);
    connect(m_refresh, &QPushButton::clicked, m_sharing, &SharingActions::refreshSharedWithMe);
    connect(m_sharing, &SharingActions::sharedWithMeChanged, this, &SharedWithMeView::showItems);
    connect(m_sharing, &SharingActions::sharedWithMeFailed, this, [this](const QString& error) {
        m_status->setText(tr("Could not ask the data center: %1").arg(error));
    });
}

void SharedWithMeView::showItems(const QList<api::SharedItem>& items)
{
    const QString selected = m_list->currentItem() ? m_list->currentItem()->data(0, Qt::UserRole).toString() : QString();
    m_list->clear();
    for (const api::SharedItem& i : items) {
        auto* row = new QTreeWidgetItem(m_list, { i.name.isEmpty() ? tr("(cannot be opened)") : i.name, Format::bytes(i.size),
            i.owner, QLocale().toString(QDateTime::fromSecsSinceEpoch(i.sharedAt), QLocale::ShortFormat) });
        row->setData(0, Qt::UserRole, i.objectId);
        for (int c = 0; c < 4; ++c)
            row->setToolTip(c, row->text(c));
        row->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        if (i.objectId == selected)
            m_list->setCurrentItem(row);
    }
    m_status->setText(items.isEmpty() ? tr("Nothing is shared with you yet.")
                                      : tr("%n file(s) shared with you.", nullptr, int(items.size())));
    emit countChanged(int(items.size()));
}

void SharedWithMeView::downloadSelected()
{
    if (!m_list->currentItem())
        return;
    const QString dir = m_chooseFolder();
    if (dir.isEmpty())
        return;
    // The engine takes the id of a file shared with me where it takes a link (docs/sharing.md).
    m_sharing->actions()->download(m_list->currentItem()->data(0, Qt::UserRole).toString(), dir);
}

QString SharedWithMeView::statusText() const
{
    return m_status->text();
}

} // namespace as::ui
