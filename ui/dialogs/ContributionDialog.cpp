#include "ui/dialogs/ContributionDialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace as::ui {
namespace {
constexpr double kGB = 1000.0 * 1000.0 * 1000.0;
}

ContributionDialog::ContributionDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Contribute storage?"));
    auto* text = new QLabel(
        tr("<p>AmazingStore keeps your files available by storing encrypted copies on the computers of other "
           "users, and theirs on yours. Nobody can read what is stored for them: every copy is encrypted "
           "before it leaves its owner.</p>"
           "<p>May this computer hold other users' encrypted copies? You choose how much disk space they may "
           "take, and can change it at any time in the Contribution tab.</p>"),
        this);
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);

    m_capacity = new QDoubleSpinBox(this);
    m_capacity->setRange(0.1, 100000);
    m_capacity->setDecimals(1);
    m_capacity->setSuffix(tr(" GB"));
    m_capacity->setValue(double(kDefaultBytes) / kGB);
    m_capacity->setAccessibleName(tr("Disk space to contribute"));
    auto* label = new QLabel(tr("&Disk space to give:"), this);
    label->setBuddy(m_capacity);
    auto* form = new QFormLayout;
    form->addRow(label, m_capacity);

    auto* buttons = new QDialogButtonBox(this);
    m_contribute = buttons->addButton(tr("&Contribute"), QDialogButtonBox::AcceptRole);
    m_notNow = buttons->addButton(tr("&Not now"), QDialogButtonBox::RejectRole);
    m_contribute->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addLayout(form);
    layout->addWidget(buttons);
    setMinimumWidth(440);
}

qint64 ContributionDialog::capacityBytes() const
{
    return result() == QDialog::Accepted ? qint64(m_capacity->value() * kGB) : 0;
}

void ContributionDialog::setCapacityBytes(qint64 bytes)
{
    if (bytes > 0)
        m_capacity->setValue(double(bytes) / kGB);
}

} // namespace as::ui
