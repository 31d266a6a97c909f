#include "ui/TransfersView.h"

#include "ui/Format.h"
#include "ui/TransfersModel.h"

#include <QAction>
#include <QIcon>

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace as::ui {
namespace {

class ProgressDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionProgressBar bar;
        bar.rect = option.rect.adjusted(2, 3, -2, -3);
        bar.minimum = 0;
        bar.maximum = 100;
        bar.progress = index.data(TransfersModel::ProgressRole).toInt();
        bar.text = index.data().toString();
        bar.textVisible = true;
        bar.state = option.state | QStyle::State_Horizontal;
        bar.palette = option.palette;
        const QWidget* w = option.widget;
        (w ? w->style() : QApplication::style())->drawControl(QStyle::CE_ProgressBar, &bar, painter, w);
    }
};

} // namespace

TransfersView::TransfersView(TransfersModel* model, QWidget* parent) : QWidget(parent)
{
    m_table = new QTableView(this);
    m_table->setModel(model);
    m_table->setAccessibleName(tr("Transfers"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setItemDelegateForColumn(TransfersModel::Progress, new ProgressDelegate(m_table));
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setSectionResizeMode(TransfersModel::Name, QHeaderView::Stretch);
    const QFontMetrics fm = m_table->fontMetrics();
    m_table->horizontalHeader()->resizeSection(TransfersModel::Progress, 140);
    // Widths from the longest text each column can show, in the language in use (the stage names were
    // measured on one English name and "Uploading to data center" was cut off).
    const auto widest = [this, &fm](const QStringList& texts) {
        int w = 0;
        for (const QString& t : texts)
            w = std::max(w, fm.horizontalAdvance(t));
        return w + 2 * (m_table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_table) + 1) + 12;
    };
    QStringList stages;
    for (TransferStage s : {TransferStage::Queued, TransferStage::Encrypting, TransferStage::Hashing,
                            TransferStage::Registering, TransferStage::Uploading,
                            TransferStage::Replicating, TransferStage::Downloading, TransferStage::Caching,
                            TransferStage::Verifying, TransferStage::Decrypting, TransferStage::Seeding,
                            TransferStage::Done, TransferStage::Failed})
        stages << Format::stage(s);
    QHeaderView* header = m_table->horizontalHeader();
    header->setMinimumSectionSize(fm.horizontalAdvance(QStringLiteral("—")) + 12);
    header->resizeSection(TransfersModel::Kind, widest({TransfersModel::tr("Upload"), TransfersModel::tr("Download"), TransfersModel::tr("Replica")}));
    header->resizeSection(TransfersModel::Stage, widest(stages));
    const QString big = Format::bytes(999'900'000);
    header->resizeSection(TransfersModel::ToGo, widest({TransfersModel::tr("%1 to go").arg(big), model->headerData(TransfersModel::ToGo, Qt::Horizontal).toString()}));
    header->resizeSection(TransfersModel::Speed, widest({Format::rate(999'900'000), model->headerData(TransfersModel::Speed, Qt::Horizontal).toString()}));
    header->resizeSection(TransfersModel::Eta, widest({TransfersModel::tr("calculating…"), Format::eta(3599), model->headerData(TransfersModel::Eta, Qt::Horizontal).toString()}));
    header->resizeSection(TransfersModel::Sources, widest({TransfersModel::tr("peers %1 · DC %2").arg(big, big)}));
    m_table->setTextElideMode(Qt::ElideMiddle); // a cut text keeps both ends; the tooltip has all of it

    // Copy share link: for an upload that finished (its link is in the row), as in My files.
    m_copyLink = new QAction(QIcon(QStringLiteral(":/icons/link.svg")), tr("Copy share &link"), this);
    m_copyLink->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyLink->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(m_copyLink);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_copyLink, &QAction::triggered, this, [this, model] {
        const TransferInfo* t = model->transfer(selectedRow());
        if (!t)
            return;
        if (!t->link.isEmpty())
            emit linkCopyRequested(t->link);
        else if (t->kind == TransferInfo::Kind::Upload && !t->objectId.isEmpty())
            emit objectLinkRequested(t->objectId);
    });
    const auto update = [this, model] {
        const TransferInfo* t = model->transfer(selectedRow());
        m_copyLink->setEnabled(t && (!t->link.isEmpty() || (t->kind == TransferInfo::Kind::Upload && t->stage == TransferStage::Done
                                                             && !t->objectId.isEmpty())));
    };
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, update);
    connect(model, &QAbstractItemModel::dataChanged, this, update);
    update();

    auto* clear = new QPushButton(tr("C&lear finished"), this);
    connect(clear, &QPushButton::clicked, model, &TransfersModel::clearFinished);
    auto* bar = new QHBoxLayout;
    bar->addStretch(1);
    bar->addWidget(clear);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(bar);
}

int TransfersView::selectedRow() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

} // namespace as::ui
