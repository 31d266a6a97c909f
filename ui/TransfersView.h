#pragma once
// The transfers table: a progress bar per row (drawn with the style, so it follows the palette), bytes to
// go, speed, ETA and sources; "Copy share link" on a finished upload.

#include <QWidget>

class QAction;
class QTableView;

namespace as::ui {

class TransfersModel;

class TransfersView : public QWidget {
    Q_OBJECT
public:
    explicit TransfersView(TransfersModel* model, QWidget* parent = nullptr);
    QTableView* table() const { return m_table; }
    QAction* copyLinkAction() const { return m_copyLink; }

signals:
    void linkCopyRequested(const QString& link);      // the row knows its link
    void objectLinkRequested(const QString& objectId); // ask the engine (`share`)

private:
    int selectedRow() const;
    QTableView* m_table;
    QAction* m_copyLink;
};

} // namespace as::ui
