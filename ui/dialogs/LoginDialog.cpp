#include "ui/dialogs/LoginDialog.h"

#include "ui/EngineActions.h"

#include <QDialogButtonBox>
#include <QPushButton>

namespace as::ui {

LoginDialog::LoginDialog(EngineActions* actions, QWidget* parent) : AccountDialog(actions, parent)
{
    setWindowTitle(tr("Log in to AmazingStore"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Log in"));
    auto* reg = m_buttons->addButton(tr("Create an &account…"), QDialogButtonBox::ActionRole);
    connect(reg, &QPushButton::clicked, this, [this] {
        emit registerInstead();
        reject();
    });
}

void LoginDialog::submit() { m_actions->login(dcUrl(), user(), password()); }

} // namespace as::ui
