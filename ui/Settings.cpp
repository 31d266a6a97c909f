#include "ui/Settings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace as::ui {
namespace {

// One table maps every field to its JSON key, so load and save can never disagree.
template <typename F>
void forEachField(SettingsData& d, F&& f)
{
    f(QStringLiteral("dc_url"), d.dcUrl);
    f(QStringLiteral("user"), d.user);
    f(QStringLiteral("contribution_dir"), d.contributionDir);
    f(QStringLiteral("capacity_bytes"), d.capacityBytes);
    f(QStringLiteral("upload_limit"), d.uploadLimit);
    f(QStringLiteral("download_limit"), d.downloadLimit);
    f(QStringLiteral("alt_upload_limit"), d.altUploadLimit);
    f(QStringLiteral("alt_download_limit"), d.altDownloadLimit);
    f(QStringLiteral("listen_port"), d.listenPort);
    f(QStringLiteral("contribution_asked"), d.contributionAsked);
    f(QStringLiteral("start_at_login"), d.startAtLogin);
    f(QStringLiteral("start_minimized"), d.startMinimized);
    f(QStringLiteral("notify_upload_done"), d.notifyUploadDone);
    f(QStringLiteral("notify_download_done"), d.notifyDownloadDone);
    f(QStringLiteral("notify_failed"), d.notifyFailed);
    f(QStringLiteral("notify_mode_changed"), d.notifyModeChanged);
    f(QStringLiteral("language"), d.language);
    f(QStringLiteral("download_dir"), d.downloadDir);
}

void readValue(const QJsonValue& v, QString& out) { if (v.isString()) out = v.toString(); }
void readValue(const QJsonValue& v, bool& out) { if (v.isBool()) out = v.toBool(); }
void readValue(const QJsonValue& v, int& out) { if (v.isDouble()) out = v.toInt(); }
void readValue(const QJsonValue& v, qint64& out) { if (v.isDouble()) out = v.toInteger(); }

} // namespace

Settings::Settings(QString filePath, QObject* parent) : QObject(parent), m_path(std::move(filePath))
{
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(300);
    connect(&m_saveTimer, &QTimer::timeout, this, [this] { saveNow(); });
    load();
}

Settings::~Settings()
{
    if (m_saveTimer.isActive())
        saveNow();
}

void Settings::load()
{
    QFile f(m_path);
    if (!f.exists())
        return;
    if (!f.open(QIODevice::ReadOnly)) {
        m_loadError = f.errorString();
        return;
    }
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (!doc.isObject()) {
        m_loadError = err.errorString();
        return;
    }
    const QJsonObject o = doc.object();
    // Version 1 is the first; a later version adds its migration steps here, oldest first.
    forEachField(m_data, [&](const QString& key, auto& field) { readValue(o.value(key), field); });
}

void Settings::setData(const SettingsData& data)
{
    if (data == m_data)
        return;
    m_data = data;
    m_saveTimer.start();
    emit changed(m_data);
}

bool Settings::saveNow()
{
    m_saveTimer.stop();
    QJsonObject o{{QStringLiteral("version"), SettingsData::kVersion}};
    forEachField(m_data, [&](const QString& key, auto& field) { o.insert(key, field); });
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile f(m_path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write(QJsonDocument(o).toJson(QJsonDocument::Indented));
    return f.commit();
}

} // namespace as::ui
