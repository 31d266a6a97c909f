#pragma once
// The transfers table: a progress bar per row (drawn with the style, so it follows the palette), bytes to
// go, speed, ETA and sources.

#include <QWidget>

class QTableView;

namespace as::ui {

class TransfersModel;

class TransfersView : public QWidget {
    Q_OBJECT
public:
    explicit TransfersView(TransfersModel* model, QWidget* parent = nullptr);
    QTableView* table() const { return m_table; }

private:
    QTableView* m_table;
};

} // namespace as::ui
