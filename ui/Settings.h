#pragma once
// The tray app's settings: typed, with every default in one place (SettingsData's initialisers), stored as
// JSON in the profile (settings-ui.json), written atomically (QSaveFile) and debounced. Engine-side keys
// (capacity, limits, port, contribution folder) live in the engine; the GUI reads them with `config` and
// pushes changes back (EngineActions); this file keeps the rest and a copy of those. Versioned so later releases can migrate.

#include <QObject>
#include <QString>
#include <QTimer>

namespace as::ui {

struct SettingsData {
    static constexpr int kVersion = 1;

    // Account and data center
    QString dcUrl = QStringLiteral("http://127.0.0.1:8470");
    QString user;

    // Contribution and network (pushed to the engine)
    QString contributionDir;                 // empty: the engine's default inside the profile
    // The engine's own defaults (core/state/Settings.cpp); the engine's values win: they are read back
    // with `config` before the settings dialog opens (EngineActions::loadEngineConfig).
    qint64 capacityBytes = 10LL * 1024 * 1024 * 1024;
    qint64 uploadLimit = 0;                  // bytes/s, 0 = unlimited
    qint64 downloadLimit = 0;
    qint64 altUploadLimit = 256 * 1024;      // "slow mode"
    qint64 altDownloadLimit = 1024 * 1024;
    int listenPort = 0;                      // 0: the engine picks
    // Whether the user answered the first-run question "contribute storage?" (TrayApp): until then the app
    // does not start contributing (`run`), so a new account holds nobody's data before the user agreed.
    bool contributionAsked = false;

    // Desktop
    bool startAtLogin = false;
    bool startMinimized = false;
    bool notifyUploadDone = true;
    bool notifyDownloadDone = true;
    bool notifyFailed = true;
    bool notifyModeChanged = true;
    QString language;                        // empty: follow the system; "en", "zh_CN"
    QString downloadDir;                     // last folder chosen for downloads

    bool operator==(const SettingsData&) const = default;
};

class Settings : public QObject {
    Q_OBJECT
public:
    // filePath: where the JSON lives (normally <profile>/settings-ui.json). Loads it at once.
    explicit Settings(QString filePath, QObject* parent = nullptr);
    ~Settings() override; // flushes a pending save

    const SettingsData& data() const { return m_data; }
    void setData(const SettingsData& data); // emits changed() and schedules a save
    QString filePath() const { return m_path; }
    QString loadError() const { return m_loadError; } // non-empty when the file existed but was unreadable

    bool saveNow(); // atomic write; false on I/O error

signals:
    void changed(const as::ui::SettingsData& data);

private:
    void load();

    QString m_path;
    QString m_loadError;
    SettingsData m_data;
    QTimer m_saveTimer;
};

} // namespace as::ui
