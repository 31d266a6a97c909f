#pragma once
// Create an account. The password never leaves this machine as such: the engine derives the key that wraps
// the master key and, separately, the secret the DC checks (docs/design.md §3).

#include "ui/dialogs/AccountDialog.h"

namespace as::ui {

class RegisterDialog : public AccountDialog {
    Q_OBJECT
public:
    explicit RegisterDialog(EngineActions* actions, QWidget* parent = nullptr);
    QLineEdit* confirmEdit() const { return m_confirm; }

protected:
    QString validate() const override;
    void submit() override;

private:
    QLineEdit* m_confirm;
};

} // namespace as::ui
