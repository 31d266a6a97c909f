#include "ui/EngineActions.h"

#include "core/api/EngineApi.h"
#include "core/link/ShareLink.h"
#include "ui/FilesModel.h"
#include "ui/Format.h"
#include "ui/ServiceStatus.h"
#include "ui/Settings.h"
#include "ui/TransfersModel.h"

#include <QClipboard>
#include <QFileInfo>
#include <QGuiApplication>

#include <memory>
#include <utility>

namespace as::ui {

EngineActions::EngineActions(EngineApi* engine, FilesModel* files, TransfersModel* transfers,
                             ServiceStatus* status, QObject* parent)
    : QObject(parent), m_engine(engine), m_files(files), m_transfers(transfers), m_status(status)
{
    m_progressTimer = new QTimer(this);
    m_progressTimer->setSingleShot(true);
    m_progressTimer->setInterval(kProgressMs);
    connect(m_progressTimer, &QTimer::timeout, this, &EngineActions::flushProgress);
    connect(m_engine, &EngineApi::transferChanged, this, &EngineActions::queueProgress);
    connect(m_engine, &EngineApi::objectsChanged, this, &EngineActions::refreshFiles);
    // Every download of the app goes through download(), which announces it with where its bytes came from;
    // the engine's own "download-done" would be a second notification for the same file.
    connect(m_engine, &EngineApi::notify, this, [this](const QString& kind, const QString& title, const QString& text) {
        if (kind != QLatin1String("download-done"))
            emit event(kind, title, text);
    });
}

bool EngineActions::looksLikeLink(const QString& text)
{
    // The same strict parser the engine uses, so the UI never offers to open what the engine refuses.
    return link::parseShareLink(text.trimmed()).ok();
}

template <class Request>
CommandReply* EngineActions::run(const Request& request)
{
    CommandReply* r = api::send(*m_engine, request);
    connect(r, &CommandReply::finished, r, &QObject::deleteLater);
    return r;
}

void EngineActions::trackProgress(CommandReply* reply)
{
    connect(reply, &CommandReply::progress, this, &EngineActions::queueProgress);
}

void EngineActions::queueProgress(const TransferInfo& info)
{
    if (info.finished()) {
        m_pendingProgress.remove(info.id);
        m_transfers->update(info);
        return;
    }
    m_pendingProgress.insert(info.id, info);
    if (!m_progressTimer->isActive())
        m_progressTimer->start();
}

void EngineActions::flushProgress()
{
    const QHash<QString, TransferInfo> pending = std::exchange(m_pendingProgress, {});
    for (const TransferInfo& t : pending)
        m_transfers->update(t);
}

void EngineActions::refreshFiles()
{
    if (m_refreshing) { // coalesce bursts of objectsChanged into one more `ls`
        m_refreshAgain = true;
        return;
    }
    m_refreshing = true;
    CommandReply* r = run(api::ListRequest{});
    connect(r, &CommandReply::finished, this, [this, r] {
        m_refreshing = false;
        if (r->ok()) {
            const QList<ObjectInfo> list = api::replyOf<api::ListRequest>(*r).objects;
            m_files->setObjects(list);
            emit filesRefreshed(int(list.size()));
        } else if (m_status->loggedIn()) {
            emit message(tr("Could not list your files: %1").arg(r->errorMessage()));
        }
        if (m_refreshAgain) {
            m_refreshAgain = false;
            refreshFiles();
        }
    });
}

QString EngineActions::nameList(const QStringList& names)
{
    // "a.pdf", "a.pdf and b.png", "a.pdf, b.png, c.txt and 4 more"
    if (names.size() == 1)
        return names.first();
    if (names.size() <= 3)
        return tr("%1 and %2").arg(QStringList(names.mid(0, names.size() - 1)).join(tr(", ")), names.last());
    return tr("%1 and %n more", nullptr, int(names.size() - 3)).arg(QStringList(names.mid(0, 3)).join(tr(", ")));
}

void EngineActions::upload(const QStringList& paths)
{
    api::UploadRequest request;
    QStringList names;
    for (const QString& p : paths) {
        request.paths.append(QFileInfo(p).absoluteFilePath());
        names << QFileInfo(p).fileName();
    }
    if (request.paths.isEmpty())
        return;
    CommandReply* r = run(request);
    trackProgress(r);
    emit message(tr("Uploading %1…").arg(nameList(names)));
    connect(r, &CommandReply::finished, this, [this, r, names] {
        flushProgress();
        if (r->ok()) {
            QStringList links;
            for (const QString& link : api::replyOf<api::UploadRequest>(*r).links)
                if (!link.isEmpty())
                    links << link;
            const int n = int(names.size());
            emit message(tr("Uploaded %1.").arg(nameList(names)));
            // The notification names the files, and a click on it copies the link(s) (TrayController).
            const QString title = n == 1 ? tr("Upload finished: %1").arg(names.first()) : tr("Upload finished");
            const QString text = tr("%1 encrypted and stored.").arg(nameList(names));
            emit linkEvent(QStringLiteral("upload-done"), title, text, links.join(QLatin1Char('\n')));
            emit uploadFinished(true, links);
        } else {
            emit message(tr("Upload of %1 failed: %2").arg(nameList(names), r->errorMessage()));
            emit event(QStringLiteral("failed"), tr("Upload failed"),
                       tr("%1: %2").arg(nameList(names), r->errorMessage()));
            emit uploadFinished(false, {});
        }
        refreshFiles();
    });
}

void EngineActions::copyLink(const QString& objectId)
{
    CommandReply* r = run(api::ShareRequest{objectId});
    connect(r, &CommandReply::finished, this, [this, r] {
        if (!r->ok()) {
            emit message(tr("Could not make a share link: %1").arg(r->errorMessage()));
            return;
        }
        putLinkOnClipboard(api::replyOf<api::ShareRequest>(*r).link);
    });
}

void EngineActions::putLinkOnClipboard(const QString& link)
{
    QGuiApplication::clipboard()->setText(link);
    emit message(tr("Share link copied to the clipboard. Anyone with the link can download and decrypt the file."));
    emit linkCopied(link);
}

void EngineActions::download(const QString& link, const QString& dir)
{
    CommandReply* r = run(api::GetRequest{link.trimmed(), dir});
    trackProgress(r);
    emit message(tr("Downloading into %1…").arg(dir));
    // The name is sealed until the file is decrypted: name the row after the written file at the end.
    auto transferId = std::make_shared<QString>();
    connect(r, &CommandReply::progress, this, [transferId](const TransferInfo& t) { *transferId = t.id; });
    connect(r, &CommandReply::finished, this, [this, r, transferId] {
        flushProgress();
        if (!r->ok()) {
            emit message(tr("Download failed: %1").arg(r->errorMessage()));
            emit event(QStringLiteral("failed"), tr("Download failed"), r->errorMessage());
            emit downloadFailed(r->errorMessage());
            return;
        }
        const api::GetReply got = api::replyOf<api::GetRequest>(*r);
        const QString& path = got.path;
        m_transfers->setName(*transferId, QFileInfo(path).fileName());
        const qint64 peers = got.fromPeers;
        const qint64 dc = got.fromDc;
        const QString text = tr("Saved %1 (%2 from peers, %3 from the data center).")
                                 .arg(path, Format::bytes(peers), Format::bytes(dc));
        emit message(text);
        emit event(QStringLiteral("download-done"), tr("Download finished"), text);
        emit downloadFinished(path, peers, dc);
    });
}

void EngineActions::downloadObject(const QString& objectId, const QString& dir)
{
    CommandReply* r = run(api::ShareRequest{objectId});
    connect(r, &CommandReply::finished, this, [this, r, dir] {
        if (r->ok())
            download(api::replyOf<api::ShareRequest>(*r).link, dir);
        else
            emit message(tr("Download failed: %1").arg(r->errorMessage()));
    });
}

void EngineActions::remove(const QString& objectId)
{
    CommandReply* r = run(api::DeleteRequest{objectId});
    connect(r, &CommandReply::finished, this, [this, r] {
        emit message(r->ok() ? tr("File deleted.") : tr("Could not delete: %1").arg(r->errorMessage()));
        refreshFiles();
    });
}

void EngineActions::setPaused(bool paused)
{
    CommandReply* r = paused ? run(api::PauseRequest{}) : run(api::ResumeRequest{});
    connect(r, &CommandReply::finished, this, [this, r, paused] {
        if (r->ok())
            emit message(paused ? tr("Transfers paused.") : tr("Transfers resumed."));
        else
            emit message(tr("Could not change the pause state: %1").arg(r->errorMessage()));
        m_status->refresh();
    });
}

void EngineActions::setSlowMode(bool enabled)
{
    CommandReply* r = run(api::SlowModeRequest{enabled});
    connect(r, &CommandReply::finished, this, [this, r, enabled] {
        if (r->ok())
            emit message(enabled ? tr("Alternative (slow) bandwidth limits in force.")
                                 : tr("Normal bandwidth limits in force."));
        else
            emit message(tr("Could not switch the bandwidth limits: %1").arg(r->errorMessage()));
        m_status->refresh();
    });
}

void EngineActions::applyConfig(const SettingsData& old, const SettingsData& now)
{
    // Engine config keys (CLI `config KEY VALUE`); values are strings as the CLI passes them.
    QList<QPair<QString, QString>> changes;
    auto add = [&](const char* key, auto a, auto b, const QString& value) {
        if (a != b && engineHasSetting(QString::fromLatin1(key)))
            changes.append({QString::fromLatin1(key), value});
    };
    add("capacity", old.capacityBytes, now.capacityBytes, QString::number(now.capacityBytes));
    add("upload-limit", old.uploadLimit, now.uploadLimit, QString::number(now.uploadLimit));
    add("download-limit", old.downloadLimit, now.downloadLimit, QString::number(now.downloadLimit));
    add("alt-upload-limit", old.altUploadLimit, now.altUploadLimit, QString::number(now.altUploadLimit));
    add("alt-download-limit", old.altDownloadLimit, now.altDownloadLimit, QString::number(now.altDownloadLimit));
    add("listen-port", old.listenPort, now.listenPort, QString::number(now.listenPort));
    add("contribution-dir", old.contributionDir, now.contributionDir, now.contributionDir);
    for (const auto& [key, value] : changes) {
        CommandReply* r = run(api::ConfigRequest{key, value});
        // `key = key`: a copy, as clang 14 (clang-tidy) cannot capture a structured binding.
        connect(r, &CommandReply::finished, this, [this, r, key = key] {
            if (!r->ok())
                emit message(tr("The engine did not take the setting %1: %2").arg(key, r->errorMessage()));
        });
    }
    if (!changes.isEmpty())
        m_status->refresh();
}

void EngineActions::loadEngineConfig(const SettingsData& base, std::function<void(SettingsData)> done)
{
    CommandReply* r = run(api::ConfigRequest{});
    connect(r, &CommandReply::finished, this, [this, r, base, done] {
        SettingsData d = base;
        const QMap<QString, QString> all = api::replyOf<api::ConfigRequest>(*r).settings;
        if (r->ok() && !all.isEmpty()) {
            const QStringList keys = all.keys();
            m_engineKeys = QSet<QString>(keys.begin(), keys.end());
        }
        auto num = [&](const char* key, qint64& field) {
            bool ok = false;
            const qint64 v = all.value(QLatin1String(key)).toLongLong(&ok);
            if (ok)
                field = v;
        };
        if (r->ok()) {
            num("capacity", d.capacityBytes);
            num("upload-limit", d.uploadLimit);
            num("download-limit", d.downloadLimit);
            num("alt-upload-limit", d.altUploadLimit);
            num("alt-download-limit", d.altDownloadLimit);
            qint64 port = d.listenPort;
            num("listen-port", port);
            d.listenPort = int(port);
            if (all.contains(QStringLiteral("contribution-dir")))
                d.contributionDir = all.value(QStringLiteral("contribution-dir"));
        }
        done(d);
    });
}

void EngineActions::watchAccountReply(CommandReply* r, const QString& user)
{
    connect(r, &CommandReply::finished, this, [this, r, user] {
        if (r->ok()) {
            emit message(tr("Logged in as %1.").arg(user));
            m_status->refresh();
            refreshFiles();
        }
        emit accountFinished(r->ok(), r->errorMessage());
    });
}

void EngineActions::login(const QString& dc, const QString& user, const QString& password)
{
    watchAccountReply(run(api::LoginRequest{{dc, user, password}}), user);
}

void EngineActions::registerAccount(const QString& dc, const QString& user, const QString& password)
{
    watchAccountReply(run(api::RegisterRequest{{dc, user, password}}), user);
}

void EngineActions::contribute(int heartbeatIntervalMs, std::function<void(const Status&)> ended)
{
    ask(api::RunRequest{heartbeatIntervalMs}, this, [ended](const api::Answer<api::RunRequest>& a) {
        ended(a ? Status() : Status(a.error()));
    });
}

void EngineActions::setCapacity(qint64 bytes, std::function<void(const Status&)> done)
{
    const api::ConfigRequest request{QStringLiteral("capacity"), QString::number(bytes)};
    ask(request, this, [done](const api::Answer<api::ConfigRequest>& a) { done(a ? Status() : Status(a.error())); });
}

void EngineActions::logout()
{
    CommandReply* r = run(api::LogoutRequest{});
    connect(r, &CommandReply::finished, this, [this] {
        m_files->setObjects({});
        m_status->refresh();
        emit message(tr("Logged out."));
    });
}

} // namespace as::ui
