#pragma once
// "My files": a filterable, sortable table over FilesModel (QSortFilterProxyModel, uniform row heights so
// thousands of rows scroll smoothly) with the per-file actions: copy share link, download, delete.

#include <QStringList>
#include <QWidget>

class QAction;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace as::ui {

class FilesModel;

class FilesView : public QWidget {
    Q_OBJECT
public:
    explicit FilesView(FilesModel* model, QWidget* parent = nullptr);

    QStringList selectedIds() const;
    QTableView* table() const { return m_table; }
    QLineEdit* filterEdit() const { return m_filter; }
    QAction* copyLinkAction() const { return m_copyLink; }
    QAction* downloadAction() const { return m_download; }
    QAction* deleteAction() const { return m_delete; }
    int visibleRows() const;

signals:
    void copyLinkRequested(const QString& id);
    void shareRequested(const QString& id, const QString& name); // the share dialog (docs/sharing.md)
    void downloadRequested(const QStringList& ids);
    void deleteRequested(const QStringList& ids);

private:
    void updateActions();

    FilesModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_filter;
    QTableView* m_table;
    QAction* m_copyLink;
    QAction* m_share;
    QAction* m_download;
    QAction* m_delete;
};

} // namespace as::ui
