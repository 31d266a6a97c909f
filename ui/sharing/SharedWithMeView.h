#pragma once
// The "Shared with me" tab (docs/sharing.md, docs/app.md "Sharing"): the files other users shared with me,
// with who shared them, their name and size (opened with the unsealed key), and a Download button.

#include "core/api/ShareCommands.h"

#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace as::ui {

class SharingActions;

class SharedWithMeView : public QWidget {
    Q_OBJECT
public:
    using FolderChooser = std::function<QString()>;
    SharedWithMeView(SharingActions* sharing, QWidget* parent = nullptr);

    void setFolderChooser(FolderChooser chooser) { m_chooseFolder = std::move(chooser); }
    QTreeWidget* list() const { return m_list; }
    QPushButton* downloadButton() const { return m_download; }
    QString statusText() const;

signals:
    void countChanged(int count);

private:
    void showItems(const QList<api::SharedItem>& items);
    void downloadSelected();

    SharingActions* m_sharing;
    QTreeWidget* m_list;
    QPushButton* m_download;
    QPushButton* m_refresh;
    QLabel* m_status;
    FolderChooser m_chooseFolder;
};

} // namespace as::ui
