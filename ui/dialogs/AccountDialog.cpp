#include "ui/dialogs/AccountDialog.h"

#include "ui/EngineActions.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace as::ui {

AccountDialog::AccountDialog(EngineActions* actions, QWidget* parent) : QDialog(parent), m_actions(actions)
{
    m_dc = new QLineEdit(this);
    m_dc->setPlaceholderText(QStringLiteral("https://dc.example.org"));
    m_dc->setAccessibleName(tr("Data center address"));
    m_user = new QLineEdit(this);
    m_user->setAccessibleName(tr("User name"));
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setAccessibleName(tr("Password"));
    m_remember = new QCheckBox(tr("&Remember password in the system keychain"), this);
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setAccessibleName(tr("Error"));
    m_error->hide();
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AccountDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_form = new QFormLayout;
    auto* dcLabel = new QLabel(tr("&Data center:"), this);
    dcLabel->setBuddy(m_dc);
    auto* userLabel = new QLabel(tr("&User name:"), this);
    userLabel->setBuddy(m_user);
    auto* pwLabel = new QLabel(tr("&Password:"), this);
    pwLabel->setBuddy(m_password);
    m_form->addRow(dcLabel, m_dc);
    m_form->addRow(userLabel, m_user);
    m_form->addRow(pwLabel, m_password);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_remember);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    connect(m_actions, &EngineActions::accountFinished, this, [this](bool ok, const QString& error) {
        if (!m_buttons->isEnabled()) { // only answers to our own submit
            m_buttons->setEnabled(true);
            if (ok)
                QDialog::accept();
            else
                setError(error);
        }
    });
}

QString AccountDialog::dcUrl() const { return m_dc->text().trimmed(); }
QString AccountDialog::user() const { return m_user->text().trimmed(); }
QString AccountDialog::password() const { return m_password->text(); }
bool AccountDialog::rememberPassword() const { return m_remember->isChecked(); }
QString AccountDialog::errorText() const { return m_error->isVisible() || !m_error->text().isEmpty() ? m_error->text() : QString(); }
void AccountDialog::setDcUrl(const QString& url) { m_dc->setText(url); }
void AccountDialog::setUser(const QString& user) { m_user->setText(user); }

void AccountDialog::setError(const QString& text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

QString AccountDialog::validate() const
{
    const QUrl url(dcUrl(), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return tr("Enter the data center's address, for example https://dc.example.org.");
    if (user().isEmpty())
        return tr("Enter a user name.");
    if (password().isEmpty())
        return tr("Enter the password.");
    return {};
}

void AccountDialog::accept()
{
    const QString problem = validate();
    if (!problem.isEmpty()) {
        setError(problem);
        return;
    }
    setError({});
    m_buttons->setEnabled(false);
    submit();
}

} // namespace as::ui
