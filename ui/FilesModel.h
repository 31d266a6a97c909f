#pragma once
// My objects as a table (name, size, date, state, replicas against the target c). Rows are keyed by object
// id; setObjects() merges a fresh `ls` answer in place so selection and scroll position survive a refresh.

#include "core/api/Types.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace as::ui {

class FilesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Size, Date, State, Replicas, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, SortRole, ObjectRole };

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setObjects(const QList<ObjectInfo>& objects);
    const ObjectInfo* object(int row) const;
    int rowOf(const QString& id) const { return m_rowById.value(id, -1); }

private:
    void rebuildIndex();

    QList<ObjectInfo> m_objects;
    QHash<QString, int> m_rowById;
};

} // namespace as::ui
