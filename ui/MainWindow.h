#pragma once
// The main window: drop zone, "My files", transfers and contribution tabs, menus, toolbar and a status bar
// with the service indicator. It asks the user for files and folders (dialogs) and hands the answers to
// EngineActions. Closing it hides it to the tray when a tray exists.

#include <QMainWindow>
#include <QStringList>

#include <functional>

class QLabel;
class QTabWidget;

namespace as::ui {

class AppActions;
class ContributionView;
class DropZone;
class EngineActions;
class FilesModel;
class FilesView;
class ServiceStatus;
class ShareDialog;
class SharedWithMeView;
class SharingActions;
class StatusIndicator;
class TransfersModel;
class TransfersView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(EngineActions* engine, AppActions* actions, FilesModel* files, TransfersModel* transfers,
               ServiceStatus* status, QWidget* parent = nullptr);

    // How the window asks for a download folder; tests replace the file dialog. Empty answer = cancel.
    using FolderChooser = std::function<QString(const QString& suggestion)>;
    void setFolderChooser(FolderChooser chooser) { m_chooseFolder = std::move(chooser); }
    void setDownloadDir(const QString& dir) { m_downloadDir = dir; }
    QString downloadDir() const { return m_downloadDir; }
    void setHideOnClose(bool hide) { m_hideOnClose = hide; }

    DropZone* dropZone() const { return m_drop; }
    FilesView* filesView() const { return m_filesView; }
    TransfersView* transfersView() const { return m_transfersView; }
    ContributionView* contributionView() const { return m_contribution; }
    SharingActions* sharing() const { return m_sharing; }
    SharedWithMeView* sharedWithMeView() const { return m_sharedWithMe; }
    // The share dialog of one of my files (non-modal, deleted on close).
    ShareDialog* openShareDialog(const QString& objectId, const QString& name);
    StatusIndicator* statusIndicator() const { return m_indicator; }
    QTabWidget* tabs() const { return m_tabs; }
    QString lastMessage() const { return m_lastMessage; }

public slots:
    void showMessage(const QString& text);
    void chooseAndUpload();
    void askForLink();
    void openLink(const QString& link); // asks for the folder, then downloads
    void restore();                     // show, raise, activate
    void showTransfers();

signals:
    void downloadDirChosen(const QString& dir);
    void settingsRequested();
    void aboutRequested();

protected:
    void closeEvent(QCloseEvent* e) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

private:
    void buildMenus();
    void downloadIds(const QStringList& ids);

    EngineActions* m_engine;
    AppActions* m_actions;
    DropZone* m_drop;
    FilesView* m_filesView;
    TransfersView* m_transfersView;
    ContributionView* m_contribution;
    SharingActions* m_sharing;
    SharedWithMeView* m_sharedWithMe;
    StatusIndicator* m_indicator;
    QTabWidget* m_tabs;
    FolderChooser m_chooseFolder;
    QString m_downloadDir;
    QString m_lastMessage;
    bool m_hideOnClose = false;
};

} // namespace as::ui
