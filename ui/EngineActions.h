#pragma once
// Every user action that becomes an engine command, with its feedback: progress into the transfers model,
// results into the files model, one status-bar message, and a notification event for the tray. Widgets and
// the tray call these slots, and views that show an answer (ContributionView) read it with ask(); none of
// them talks to EngineApi itself. ServiceStatus, the status model these actions report into, reads `status`
// with the same typed api::ask.

#include "core/api/EngineApi.h"
#include "core/api/Types.h"

#include <QObject>
#include <QHash>
#include <QSet>
#include <QTimer>
#include <QStringList>

#include <functional>

namespace as {
class EngineApi;
class CommandReply;
} // namespace as

namespace as::ui {

class FilesModel;
class TransfersModel;
class ServiceStatus;
struct SettingsData;

class EngineActions : public QObject {
    Q_OBJECT
public:
    EngineActions(EngineApi* engine, FilesModel* files, TransfersModel* transfers, ServiceStatus* status,
                  QObject* parent = nullptr);

    EngineApi* engine() const { return m_engine; }
    // Whether the engine knows this setting (from the last loadEngineConfig; true before any).
    bool engineHasSetting(const QString& key) const { return m_engineKeys.isEmpty() || m_engineKeys.contains(key); }

    // A typed command whose answer a view shows itself: `done` gets the reply or the error, on `context`'s
    // thread, and nothing once `context` is gone.
    template <class Request>
    void ask(const Request& request, QObject* context, std::function<void(const api::Answer<Request>&)> done)
    {
        api::ask(*m_engine, request, context, std::move(done));
    }

    // True for a well-formed share link: amazingstore://HOST/s/ID#k=KEY or https://HOST/s/ID#k=KEY.
    static bool looksLikeLink(const QString& text);
    // File names for a message: "a.pdf", "a.pdf and b.png", "a.pdf, b.png, c.txt and 4 more".
    static QString nameList(const QStringList& names);

    // Not slots (moc mangles these callback types).
    // Runs the contribution loop (`run`) until it ends; `ended` gets how.
    void contribute(int heartbeatIntervalMs, std::function<void(const as::Status&)> ended);
    // Sets the engine's contributed capacity; `done` gets whether it took it.
    void setCapacity(qint64 bytes, std::function<void(const as::Status&)> done);

public slots:
    void refreshFiles();
    void upload(const QStringList& paths);
    void copyLink(const QString& objectId);
    void putLinkOnClipboard(const QString& link); // a link already known (a finished upload's row)
    void download(const QString& link, const QString& dir);
    void downloadObject(const QString& objectId, const QString& dir);
    void remove(const QString& objectId);
    void setPaused(bool paused);
    void setSlowMode(bool enabled);
    // Pushes the engine-side settings that differ between old and new (capacity, limits, port, folder).
    void applyConfig(const as::ui::SettingsData& old, const as::ui::SettingsData& now);
    // Reads the engine's settings (`config` without a key) into a copy of `base`; `done` gets the result
    // (`base` unchanged where the engine did not answer).
    void loadEngineConfig(const as::ui::SettingsData& base, std::function<void(as::ui::SettingsData)> done);
    void login(const QString& dc, const QString& user, const QString& password);
    void registerAccount(const QString& dc, const QString& user, const QString& password);
    void logout();

signals:
    void message(const QString& text);                   // one line for the status bar
    void event(const QString& kind, const QString& title, const QString& text); // as EngineApi::notify
    // A notification whose click copies `clipboard` (the share links of an upload, one a line).
    void linkEvent(const QString& kind, const QString& title, const QString& text, const QString& clipboard);
    void linkCopied(const QString& link);
    void uploadFinished(bool ok, const QStringList& links);
    void downloadFinished(const QString& path, qint64 fromPeers, qint64 fromDc);
    void downloadFailed(const QString& error);
    void accountFinished(bool ok, const QString& error); // after login / register
    void filesRefreshed(int count);

private:
    template <class Request>
    CommandReply* run(const Request& request); // api::send, the reply deleted once finished
    void trackProgress(CommandReply* reply);
    void watchAccountReply(CommandReply* reply, const QString& user); // login / register
    // Progress is coalesced: at most one model update per transfer every kProgressMs, so a fast engine
    // cannot flood the GUI thread; a transfer's last state (done/failed) goes through at once.
    void queueProgress(const TransferInfo& info);
    void flushProgress();
    static constexpr int kProgressMs = 100;

    EngineApi* m_engine;
    FilesModel* m_files;
    TransfersModel* m_transfers;
    ServiceStatus* m_status;
    QSet<QString> m_engineKeys;
    QHash<QString, TransferInfo> m_pendingProgress;
    QTimer* m_progressTimer;
    bool m_refreshing = false;
    bool m_refreshAgain = false;
};

} // namespace as::ui
