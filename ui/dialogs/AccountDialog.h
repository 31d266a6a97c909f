#pragma once
// Shared form of the log-in and register dialogs: data center address, user name, password, "remember
// password" (to the OS keychain), an error line, and a busy state while the engine answers.

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace as::ui {

class EngineActions;

class AccountDialog : public QDialog {
    Q_OBJECT
public:
    QString dcUrl() const;
    QString user() const;
    QString password() const;
    bool rememberPassword() const;
    QString errorText() const;

    void setDcUrl(const QString& url);
    void setUser(const QString& user);

    QLineEdit* passwordEdit() const { return m_password; }

public slots:
    void accept() override; // validates, then runs the command; closes only when the engine says yes

protected:
    AccountDialog(EngineActions* actions, QWidget* parent);
    // The subclass checks its own fields; returns an error message or an empty string.
    virtual QString validate() const;
    virtual void submit() = 0;
    void setError(const QString& text);

    EngineActions* m_actions;
    QFormLayout* m_form;
    QLineEdit* m_dc;
    QLineEdit* m_user;
    QLineEdit* m_password;
    QCheckBox* m_remember;
    QLabel* m_error;
    QDialogButtonBox* m_buttons;
};

} // namespace as::ui
