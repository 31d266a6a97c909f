#pragma once
// Running and finished transfers (uploads, downloads, replica fetches), fed by EngineApi::transferChanged and
// command progress. One row per transfer id; shows stage, progress, "X MB to go", speed, ETA and, for
// downloads, how much came from peers and how much from the data center.

#include "core/api/Types.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace as::ui {

class TransfersModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Kind, Stage, Progress, ToGo, Speed, Eta, Sources, ColumnCount };
    enum Role { ProgressRole = Qt::UserRole + 1, IdRole, FinishedRole };

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void update(const TransferInfo& info);
    void clearFinished();
    void setName(const QString& id, const QString& name); // e.g. a download's real name once decrypted
    const TransferInfo* transfer(int row) const;
    const TransferInfo* transfer(const QString& id) const;
    int activeCount() const;
    QList<TransferInfo> active() const;

signals:
    void activeCountChanged(int count);

private:
    QList<TransferInfo> m_rows;
    QHash<QString, int> m_rowById;
};

} // namespace as::ui
