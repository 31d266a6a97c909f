#pragma once
// Edits SettingsData: account and data center, contribution, bandwidth (normal and alternative limits),
// listen port, desktop behaviour (start at login, start minimised, language) and per-event notifications.

#include "ui/Settings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;
class QDoubleSpinBox;

namespace as::ui {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(const SettingsData& data, QWidget* parent = nullptr);
    SettingsData data() const;
    // Off when the engine keeps replicas in a folder of its own choosing (no `contribution-dir` setting).
    void setContributionDirEditable(bool editable);

private:
    QWidget* generalPage();
    QWidget* contributionPage();
    QWidget* networkPage();
    QWidget* notificationsPage();
    QSpinBox* rateBox(qint64 bytesPerSecond, const QString& accessibleName);

    SettingsData m_initial;
    QLineEdit* m_dc;
    QCheckBox* m_startAtLogin;
    QCheckBox* m_startMinimized;
    QComboBox* m_language;
    QLineEdit* m_folder;
    QWidget* m_browse;
    QDoubleSpinBox* m_capacity;
    QSpinBox* m_up;
    QSpinBox* m_down;
    QSpinBox* m_altUp;
    QSpinBox* m_altDown;
    QSpinBox* m_port;
    QCheckBox* m_notifyUpload;
    QCheckBox* m_notifyDownload;
    QCheckBox* m_notifyFailed;
    QCheckBox* m_notifyMode;
};

} // namespace as::ui
