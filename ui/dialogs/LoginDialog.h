#pragma once
// Log in to an existing account (possibly on a new machine: the wrapped master key comes from the DC).

#include "ui/dialogs/AccountDialog.h"

namespace as::ui {

class LoginDialog : public AccountDialog {
    Q_OBJECT
public:
    explicit LoginDialog(EngineActions* actions, QWidget* parent = nullptr);

signals:
    void registerInstead();

protected:
    void submit() override;
};

} // namespace as::ui
