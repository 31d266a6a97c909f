#include "ui/FilesView.h"

#include "ui/FilesModel.h"

#include <QAction>
#include <QHeaderView>
#include <QIcon>
#include <QDateTime>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace as::ui {

FilesView::FilesView(FilesModel* model, QWidget* parent) : QWidget(parent), m_model(model)
{
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(FilesModel::SortRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(FilesModel::Name);
    m_proxy->setSortLocaleAware(true);

    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Search my files (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Search my files"));
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_table = new QTableView(this);
    m_table->setModel(m_proxy);
    m_table->setAccessibleName(tr("My files"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(FilesModel::Date, Qt::DescendingOrder);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    // Uniform row heights: fixed section size, no per-row measuring.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setSectionResizeMode(FilesModel::Name, QHeaderView::Stretch);
    m_table->horizontalHeader()->setHighlightSections(false);
    // Fixed widths from the font, not ResizeToContents (which measures every row: slow at 10,000 rows).
    const QFontMetrics fm = m_table->fontMetrics();
    const QString sampleDate = QLocale().toString(QDateTime(QDate(2026, 12, 28), QTime(23, 59)), QLocale::ShortFormat);
    m_table->horizontalHeader()->resizeSection(FilesModel::Size, fm.horizontalAdvance(QStringLiteral("999.9 MB")) + 24);
    m_table->horizontalHeader()->resizeSection(FilesModel::Date, fm.horizontalAdvance(sampleDate) + 24);
    m_table->horizontalHeader()->resizeSection(FilesModel::State, fm.horizontalAdvance(tr("Available")) + 40);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_copyLink = new QAction(QIcon(QStringLiteral(":/icons/link.svg")), tr("Copy share &link"), this);
    m_copyLink->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_share = new QAction(QIcon(QStringLiteral(":/icons/link.svg")), tr("&Share…"), this);
    m_download = new QAction(QIcon(QStringLiteral(":/icons/download.svg")), tr("&Download…"), this);
    m_download->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_delete = new QAction(QIcon(QStringLiteral(":/icons/delete.svg")), tr("De&lete"), this);
    m_delete->setShortcut(QKeySequence::Delete);
    for (QAction* a : {m_copyLink, m_share, m_download, m_delete}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_table->addAction(a);
        addAction(a);
    }
    connect(m_copyLink, &QAction::triggered, this, [this] {
        const QStringList ids = selectedIds();
        if (!ids.isEmpty())
            emit copyLinkRequested(ids.first());
    });
    connect(m_share, &QAction::triggered, this, [this] {
        const QModelIndexList rows = m_table->selectionModel()->selectedRows();
        if (rows.size() == 1)
            emit shareRequested(rows.first().data(FilesModel::IdRole).toString(), rows.first().data(Qt::DisplayRole).toString());
    });
    connect(m_download, &QAction::triggered, this, [this] {
        if (!selectedIds().isEmpty())
            emit downloadRequested(selectedIds());
    });
    connect(m_delete, &QAction::triggered, this, [this] {
        if (!selectedIds().isEmpty())
            emit deleteRequested(selectedIds());
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &FilesView::updateActions);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &FilesView::updateActions);
    connect(m_table, &QTableView::activated, this, [this] { m_copyLink->trigger(); });

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    for (QAction* a : {m_copyLink, m_share, m_download, m_delete}) {
        auto* b = new QToolButton(this);
        b->setDefaultAction(a);
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        bar->addWidget(b);
    }
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    setTabOrder(m_filter, m_table);
    updateActions();
}

QStringList FilesView::selectedIds() const
{
    QStringList ids;
    for (const QModelIndex& i : m_table->selectionModel()->selectedRows())
        ids << i.data(FilesModel::IdRole).toString();
    return ids;
}

int FilesView::visibleRows() const { return m_proxy->rowCount(); }

void FilesView::updateActions()
{
    const int n = int(m_table->selectionModel()->selectedRows().size());
    m_copyLink->setEnabled(n == 1);
    m_share->setEnabled(n == 1);
    m_download->setEnabled(n > 0);
    m_delete->setEnabled(n > 0);
}

} // namespace as::ui
