#include "ui/dialogs/SettingsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace as::ui {
namespace {
constexpr double kGB = 1000.0 * 1000.0 * 1000.0;
} // namespace

SettingsDialog::SettingsDialog(const SettingsData& data, QWidget* parent)
    : QDialog(parent)
    , m_initial(data)
{
    setWindowTitle(tr("AmazingStore settings"));
    auto* tabs = new QTabWidget(this);
    tabs->addTab(generalPage(), tr("&General"));
    tabs->addTab(contributionPage(), tr("&Contribution"));
    tabs->addTab(networkPage(), tr("&Network"));
    tabs->addTab(notificationsPage(), tr("N&otifications"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(buttons);
}

QWidget* SettingsDialog::generalPage()
{
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    m_dc = new QLineEdit(m_initial.dcUrl, page);
    m_dc->setAccessibleName(tr("Data center address"));
    form->addRow(tr("&Data center:"), m_dc);
    m_startAtLogin = new QCheckBox(tr("Start AmazingStore when I &log in"), page);
    m_startAtLogin->setChecked(m_initial.startAtLogin);
    m_startMinimized = new QCheckBox(tr("Start &minimised to the tray"), page);
    m_startMinimized->setChecked(m_initial.startMinimized);
    m_startMinimized->setToolTip(tr("Where the desktop has no system tray, the window opens anyway."));
    form->addRow(m_startAtLogin);
    form->addRow(m_startMinimized);
    m_language = new QComboBox(page);
    m_language->setAccessibleName(tr("Language"));
    m_language->addItem(tr("System default"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(m_initial.language)));
    form->addRow(tr("&Language:"), m_language);
    form->addRow(new QLabel(tr("A new language takes effect when the app starts again."), page));
    return page;
}

QWidget* SettingsDialog::contributionPage()
{
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    m_folder = new QLineEdit(m_initial.contributionDir, page);
    m_folder->setPlaceholderText(tr("Inside the profile"));
    m_folder->setAccessibleName(tr("Contribution folder"));
    m_folder->setObjectName(QStringLiteral("contributionDir"));
    auto* browse = new QPushButton(tr("&Browse…"), page);
    m_browse = browse;
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir
            = QFileDialog::getExistingDirectory(this, tr("Folder for other users' replicas"), m_folder->text());
        if (!dir.isEmpty())
            m_folder->setText(dir);
    });
    auto* row = new QHBoxLayout;
    row->addWidget(m_folder, 1);
    row->addWidget(browse);
    form->addRow(tr("&Folder:"), row);
    m_capacity = new QDoubleSpinBox(page);
    m_capacity->setRange(0, 100000);
    m_capacity->setDecimals(1);
    m_capacity->setSuffix(tr(" GB"));
    m_capacity->setValue(double(m_initial.capacityBytes) / kGB);
    m_capacity->setAccessibleName(tr("Contributed capacity"));
    form->addRow(tr("&Capacity given to others:"), m_capacity);
    auto* note = new QLabel(tr("Other users' encrypted replicas are kept in this folder, up to this size. "
                               "You can never read them, and they earn your files their place among peers."),
        page);
    note->setWordWrap(true);
    form->addRow(note);
    return page;
}

QSpinBox* SettingsDialog::rateBox(qint64 bytesPerSecond, const QString& accessibleName)
{
    auto* box = new QSpinBox(this);
    box->setRange(0, 10000000);
    box->setSuffix(tr(" kB/s"));
    box->setSpecialValueText(tr("Unlimited"));
    box->setValue(int(bytesPerSecond / 1000));
    box->setAccessibleName(accessibleName);
    return box;
}

QWidget* SettingsDialog::networkPage()
{
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    m_up = rateBox(m_initial.uploadLimit, tr("Upload limit"));
    m_down = rateBox(m_initial.downloadLimit, tr("Download limit"));
    m_altUp = rateBox(m_initial.altUploadLimit, tr("Alternative upload limit"));
    m_altDown = rateBox(m_initial.altDownloadLimit, tr("Alternative download limit"));
    form->addRow(tr("&Upload limit:"), m_up);
    form->addRow(tr("&Download limit:"), m_down);
    form->addRow(new QLabel(tr("Alternative limits (slow mode, one click in the tray menu):"), page));
    form->addRow(tr("Upload limit (slo&w):"), m_altUp);
    form->addRow(tr("Download limit (sl&ow):"), m_altDown);
    m_port = new QSpinBox(page);
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("Automatic"));
    m_port->setValue(m_initial.listenPort);
    m_port->setAccessibleName(tr("Listen port"));
    form->addRow(tr("Listen &port:"), m_port);
    return page;
}

QWidget* SettingsDialog::notificationsPage()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(new QLabel(tr("Tell me when:"), page));
    auto box = [&](const QString& text, bool on) {
        auto* c = new QCheckBox(text, page);
        c->setChecked(on);
        layout->addWidget(c);
        return c;
    };
    m_notifyUpload = box(tr("an &upload has finished"), m_initial.notifyUploadDone);
    m_notifyDownload = box(tr("a &download has finished"), m_initial.notifyDownloadDone);
    m_notifyFailed = box(tr("a transfer has &failed"), m_initial.notifyFailed);
    m_notifyMode = box(tr("the data center goes away or comes back (&peer-only mode)"), m_initial.notifyModeChanged);
    layout->addStretch(1);
    return page;
}

void SettingsDialog::setContributionDirEditable(bool editable)
{
    m_folder->setEnabled(editable);
    m_browse->setEnabled(editable);
    m_folder->setToolTip(editable ? tr("New replicas are stored in this folder (an absolute path; empty: inside the "
                                       "profile). Replicas already held stay where they are and go on being "
                                       "seeded from there.")
                                  : tr("This engine keeps replicas inside the profile folder."));
}

SettingsData SettingsDialog::data() const
{
    SettingsData d = m_initial;
    d.dcUrl = m_dc->text().trimmed();
    d.startAtLogin = m_startAtLogin->isChecked();
    d.startMinimized = m_startMinimized->isChecked();
    d.language = m_language->currentData().toString();
    d.contributionDir = m_folder->text().trimmed();
    d.capacityBytes = qint64(m_capacity->value() * kGB);
    d.uploadLimit = qint64(m_up->value()) * 1000;
    d.downloadLimit = qint64(m_down->value()) * 1000;
    d.altUploadLimit = qint64(m_altUp->value()) * 1000;
    d.altDownloadLimit = qint64(m_altDown->value()) * 1000;
    d.listenPort = m_port->value();
    d.notifyUploadDone = m_notifyUpload->isChecked();
    d.notifyDownloadDone = m_notifyDownload->isChecked();
    d.notifyFailed = m_notifyFailed->isChecked();
    d.notifyModeChanged = m_notifyMode->isChecked();
    return d;
}

} // namespace as::ui
