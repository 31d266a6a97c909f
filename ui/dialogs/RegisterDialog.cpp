#include "ui/dialogs/RegisterDialog.h"

#include "ui/EngineActions.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace as::ui {

RegisterDialog::RegisterDialog(EngineActions* actions, QWidget* parent) : AccountDialog(actions, parent)
{
    setWindowTitle(tr("Create an AmazingStore account"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Create account"));
    m_confirm = new QLineEdit(this);
    m_confirm->setEchoMode(QLineEdit::Password);
    m_confirm->setAccessibleName(tr("Repeat password"));
    auto* label = new QLabel(tr("R&epeat password:"), this);
    label->setBuddy(m_confirm);
    m_form->addRow(label, m_confirm);
    auto* hint = new QLabel(tr("Your files are encrypted with a key only this password unlocks. "
                               "Nobody, not even the data center, can recover a forgotten password."),
                            this);
    hint->setWordWrap(true);
    m_form->addRow(hint);
    setTabOrder(m_password, m_confirm);
}

QString RegisterDialog::validate() const
{
    const QString base = AccountDialog::validate();
    if (!base.isEmpty())
        return base;
    if (password().size() < 8)
        return tr("Choose a password of at least 8 characters.");
    if (password() != m_confirm->text())
        return tr("The two passwords differ.");
    return {};
}

void RegisterDialog::submit() { m_actions->registerAccount(dcUrl(), user(), password()); }

} // namespace as::ui
