#include "ui/TransfersView.h"

#include "ui/TransfersModel.h"

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
    m_table->horizontalHeader()->resizeSection(TransfersModel::Kind, fm.horizontalAdvance(QStringLiteral("Download")) + 24);
    m_table->horizontalHeader()->resizeSection(TransfersModel::Stage, fm.horizontalAdvance(QStringLiteral("Replicating to peers")) + 16);
    for (int c : {int(TransfersModel::ToGo), int(TransfersModel::Speed), int(TransfersModel::Eta)})
        m_table->horizontalHeader()->resizeSection(c, fm.horizontalAdvance(QStringLiteral("999.9 MB to go")) + 12);
    m_table->horizontalHeader()->resizeSection(TransfersModel::Sources,
                                               fm.horizontalAdvance(QStringLiteral("peers %1 · DC %2").arg(QStringLiteral("999.9 MB"), QStringLiteral("999.9 MB"))) + 16);

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

} // namespace as::ui
