#include "ui/MainWindow.h"

#include "core/api/EngineApi.h"
#include "ui/AppActions.h"
#include "ui/ContributionView.h"
#include "ui/DropZone.h"
#include "ui/EngineActions.h"
#include "ui/FilesModel.h"
#include "ui/FilesView.h"
#include "ui/Icons.h"
#include "ui/ServiceStatus.h"
#include "ui/StatusIndicator.h"
#include "ui/TransfersModel.h"
#include "ui/TransfersView.h"
#include "ui/sharing/ShareDialog.h"
#include "ui/sharing/SharedWithMeView.h"
#include "ui/sharing/SharingActions.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QFileDialog>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

namespace as::ui {

MainWindow::MainWindow(EngineActions* engine, AppActions* actions, FilesModel* files, TransfersModel* transfers,
                       ServiceStatus* status, QWidget* parent)
    : QMainWindow(parent), m_engine(engine), m_actions(actions)
{
    setWindowTitle(tr("AmazingStore"));
    setWindowIcon(appIcon());
    setAcceptDrops(true);
    m_downloadDir = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    m_chooseFolder = [this](const QString& suggestion) {
        return QFileDialog::getExistingDirectory(this, tr("Download into folder"), suggestion);
    };

    m_drop = new DropZone(this);
    m_filesView = new FilesView(files, this);
    m_transfersView = new TransfersView(transfers, this);
    m_contribution = new ContributionView(engine->engine(), this);
    m_sharing = new SharingActions(engine, this);
    m_sharedWithMe = new SharedWithMeView(m_sharing, this);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_filesView, actionIcon("link"), tr("&My files"));
    m_tabs->addTab(m_transfersView, actionIcon("download"), tr("&Transfers"));
    m_tabs->addTab(m_sharedWithMe, actionIcon("download"), tr("S&hared with me"));
    m_tabs->addTab(m_contribution, appIcon(), tr("&Contribution"));
    m_tabs->setAccessibleName(tr("Views"));

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->addWidget(m_drop);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    m_indicator = new StatusIndicator(status, this);
    statusBar()->addPermanentWidget(m_indicator);

    connect(m_drop, &DropZone::filesDropped, m_engine, &EngineActions::upload);
    connect(m_drop, &DropZone::linksDropped, this, [this](const QStringList& links) {
        for (const QString& l : links)
            openLink(l);
    });
    connect(m_drop, &DropZone::uploadRequested, this, &MainWindow::chooseAndUpload);
    connect(m_filesView, &FilesView::copyLinkRequested, m_engine, &EngineActions::copyLink);
    connect(m_filesView, &FilesView::shareRequested, this, &MainWindow::openShareDialog);
    connect(m_sharedWithMe, &SharedWithMeView::countChanged, this, [this](int n) {
        m_tabs->setTabText(m_tabs->indexOf(m_sharedWithMe), n > 0 ? tr("S&hared with me (%1)").arg(n) : tr("S&hared with me"));
    });
    connect(m_transfersView, &TransfersView::objectLinkRequested, m_engine, &EngineActions::copyLink);
    connect(m_transfersView, &TransfersView::linkCopyRequested, m_engine, &EngineActions::putLinkOnClipboard);
    connect(m_filesView, &FilesView::downloadRequested, this, &MainWindow::downloadIds);
    connect(m_filesView, &FilesView::deleteRequested, this, [this](const QStringList& ids) {
        const auto answer = QMessageBox::question(
            this, tr("Delete files"),
            tr("Delete %n file(s) from AmazingStore? Share links to them stop working.", nullptr, int(ids.size())));
        if (answer == QMessageBox::Yes)
            for (const QString& id : ids)
                m_engine->remove(id);
    });
    connect(m_engine, &EngineActions::message, this, &MainWindow::showMessage);
    connect(m_engine, &EngineActions::filesRefreshed, this, [this](int n) {
        m_tabs->setTabText(0, tr("&My files (%1)").arg(n));
    });
    connect(m_actions->upload, &QAction::triggered, this, &MainWindow::chooseAndUpload);
    connect(m_actions->openLink, &QAction::triggered, this, &MainWindow::askForLink);
    connect(m_actions->settings, &QAction::triggered, this, &MainWindow::settingsRequested);
    buildMenus();
    resize(1040, 640);
}

ShareDialog* MainWindow::openShareDialog(const QString& objectId, const QString& name)
{
    auto* dialog = new ShareDialog(m_sharing, objectId, name, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_actions->upload);
    file->addAction(m_actions->openLink);
    file->addSeparator();
    file->addAction(m_actions->settings);
    file->addSeparator();
    file->addAction(m_actions->quit);

    QMenu* transfers = menuBar()->addMenu(tr("&Transfers"));
    transfers->addAction(m_actions->pause);
    transfers->addAction(m_actions->slowMode);

    QMenu* account = menuBar()->addMenu(tr("&Account"));
    account->addAction(m_actions->login);
    account->addAction(m_actions->logout);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About AmazingStore"), this, &MainWindow::aboutRequested);

    auto* find = new QAction(tr("Find"), this);
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        m_tabs->setCurrentWidget(m_filesView);
        m_filesView->filterEdit()->setFocus();
    });
    addAction(find);

    QToolBar* bar = addToolBar(tr("Main toolbar"));
    bar->setObjectName(QStringLiteral("mainToolbar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setMovable(false);
    bar->addAction(m_actions->upload);
    bar->addAction(m_actions->openLink);
    bar->addSeparator();
    bar->addAction(m_actions->pause);
    bar->addAction(m_actions->slowMode);
}

void MainWindow::showMessage(const QString& text)
{
    m_lastMessage = text;
    statusBar()->showMessage(text, 10000);
}

void MainWindow::chooseAndUpload()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Choose files to encrypt and upload"));
    if (!paths.isEmpty())
        m_engine->upload(paths);
}

void MainWindow::askForLink()
{
    // Offer the clipboard's content when it is a link: the common case after "copy link" elsewhere.
    const QString clip = QApplication::clipboard()->text().trimmed();
    bool ok = false;
    const QString link = QInputDialog::getText(this, tr("Open share link"),
                                               tr("Share link (amazingstore://… or https://…/s/…):"),
                                               QLineEdit::Normal,
                                               EngineActions::looksLikeLink(clip) ? clip : QString(), &ok);
    if (ok && !link.trimmed().isEmpty())
        openLink(link.trimmed());
}

void MainWindow::openLink(const QString& link)
{
    if (!EngineActions::looksLikeLink(link)) {
        showMessage(tr("This is not an AmazingStore share link: %1").arg(link));
        return;
    }
    const QString dir = m_chooseFolder(m_downloadDir);
    if (dir.isEmpty())
        return;
    m_downloadDir = dir;
    emit downloadDirChosen(dir);
    m_engine->download(link, dir);
    showTransfers();
}

void MainWindow::downloadIds(const QStringList& ids)
{
    const QString dir = m_chooseFolder(m_downloadDir);
    if (dir.isEmpty())
        return;
    m_downloadDir = dir;
    emit downloadDirChosen(dir);
    for (const QString& id : ids)
        m_engine->downloadObject(id, dir);
    showTransfers();
}

void MainWindow::showTransfers() { m_tabs->setCurrentWidget(m_transfersView); }

void MainWindow::restore()
{
    if (isMinimized())
        setWindowState(windowState() & ~Qt::WindowMinimized);
    show();
    raise();
    activateWindow();
}

void MainWindow::closeEvent(QCloseEvent* e)
{
    if (m_hideOnClose) {
        hide();
        e->ignore();
        return;
    }
    QMainWindow::closeEvent(e);
}

// Drops anywhere on the window behave as drops on the drop zone.
void MainWindow::dragEnterEvent(QDragEnterEvent* e)
{
    if (!DropZone::planFor(e->mimeData()).empty())
        e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e)
{
    const DropZone::Plan plan = DropZone::planFor(e->mimeData());
    if (plan.empty())
        return;
    e->acceptProposedAction();
    if (!plan.files.isEmpty())
        m_engine->upload(plan.files);
    for (const QString& l : plan.links)
        openLink(l);
}

} // namespace as::ui
