#pragma once
// The area files are dropped on. It says what will happen ("Drop to encrypt and upload 3 files"), accepts
// local files (many at once; folders are refused with a reason) and share links dropped as text or URLs,
// and has an Upload button for the keyboard and for those who prefer a file dialog.

#include <QFrame>
#include <QStringList>

class QLabel;
class QMimeData;
class QPushButton;

namespace as::ui {

class DropZone : public QFrame {
    Q_OBJECT
public:
    explicit DropZone(QWidget* parent = nullptr);

    // What a drop of this data would do: local files to upload and links to open.
    struct Plan {
        QStringList files;
        QStringList links;
        int skippedFolders = 0;
        bool empty() const { return files.isEmpty() && links.isEmpty(); }
    };
    static Plan planFor(const QMimeData* mime);

signals:
    void filesDropped(const QStringList& paths);
    void linksDropped(const QStringList& links);
    void uploadRequested(); // the Upload… button

protected:
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dragMoveEvent(QDragMoveEvent* e) override;
    void dragLeaveEvent(QDragLeaveEvent* e) override;
    void dropEvent(QDropEvent* e) override;
    void changeEvent(QEvent* e) override;

private:
    void showIdle();
    void setHighlighted(bool on);

    QLabel* m_text;
    QPushButton* m_button;
};

} // namespace as::ui
