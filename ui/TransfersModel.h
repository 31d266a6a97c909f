#pragma once
// Running and finished transfers (uploads, downloads, replica fetches), fed by EngineApi::transferChanged and
// command progress. One row per transfer id; shows stage, progress, "X MB to go", speed, ETA and, for
// downloads, how much came from peers and how much from the data center.

#include "core/api/Types.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <functional>

namespace as::ui {

class TransfersModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Kind, Stage, Progress, ToGo, Speed, Eta, Sources, ColumnCount };
    enum Role { ProgressRole = Qt::UserRole + 1, IdRole, FinishedRole };

    explicit TransfersModel(QObject* parent = nullptr);

    // A rate needs this long in a stage before "Time left" gives a figure ("calculating…" until then): the
    // engine's first rate sample of a stage is one burst (16 MiB landing at once) and promised "0 s" with
    // 98.7 MB to go.
    static constexpr qint64 kEtaWarmUpMs = 3000;
    void setClock(std::function<qint64()> nowMs) { m_now = std::move(nowMs); } // tests
    QString etaText(int row) const;

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
    QList<qint64> m_stageSince; // per row: when its current stage was first seen
    std::function<qint64()> m_now;
    QHash<QString, int> m_rowById;
};

} // namespace as::ui
