#include "ui/TransfersModel.h"

#include "ui/Format.h"

#include <QDateTime>

namespace as::ui {
namespace {
// A download's real name is sealed inside the object until it is decrypted; until then the engine names it
// by the first 12 hex of its id, which reads like a bug. Say what it is instead.
QString displayName(const TransferInfo& t)
{
    if (t.kind != TransferInfo::Kind::Upload && !t.objectId.isEmpty() && t.name == t.objectId.left(12))
        return t.kind == TransferInfo::Kind::Replica ? TransfersModel::tr("Encrypted copy for another user (%1…)").arg(t.name.left(8))
                                                     : TransfersModel::tr("Shared file %1… (name known once decrypted)").arg(t.name.left(8));
    return t.name;
}

int percentOf(const TransferInfo& t)
{
    if (t.stage == TransferStage::Done)
        return 100;
    return t.bytesTotal > 0 ? int(100.0 * double(t.bytesDone) / double(t.bytesTotal)) : 0;
}
} // namespace

TransfersModel::TransfersModel(QObject* parent)
    : QAbstractTableModel(parent), m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{
}

QString TransfersModel::etaText(int row) const
{
    const TransferInfo* t = transfer(row);
    if (!t || t->finished())
        return {};
    if (t->bytesToGo() == 0 && t->bytesTotal > 0)
        return {}; // nothing left in this stage: the next one says
    // No rate yet, or not long enough in this stage for the rate to mean anything.
    if (t->etaSeconds() < 0 || m_now() - m_stageSince.value(row) < kEtaWarmUpMs)
        return tr("calculating…");
    const qint64 seconds = t->etaSeconds();
    return seconds == 0 ? tr("< 1 s") : Format::eta(seconds);
}

int TransfersModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int TransfersModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

const TransferInfo* TransfersModel::transfer(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

const TransferInfo* TransfersModel::transfer(const QString& id) const { return transfer(m_rowById.value(id, -1)); }

QVariant TransfersModel::data(const QModelIndex& index, int role) const
{
    const TransferInfo* t = transfer(index.row());
    if (!t)
        return {};
    const bool running = !t->finished();
    switch (role) {
    case IdRole: return t->id;
    case FinishedRole: return !running;
    case ProgressRole: return percentOf(*t);
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name: return displayName(*t);
        case Kind:
            switch (t->kind) {
            case TransferInfo::Kind::Upload: return tr("Upload");
            case TransferInfo::Kind::Download: return tr("Download");
            case TransferInfo::Kind::Replica: return tr("Replica");
            }
            return {};
        case Stage: return t->stage == TransferStage::Failed && !t->error.isEmpty()
                               ? tr("Failed: %1").arg(t->error)
                               : Format::stage(t->stage);
        case Progress: return tr("%1 %").arg(percentOf(*t));
        case ToGo: return running ? tr("%1 to go").arg(Format::bytes(t->bytesToGo())) : QString();
        case Speed: return running && t->rate > 0 ? Format::rate(t->rate) : QString();
        case Eta: return etaText(index.row());
        case Sources:
            if (t->kind != TransferInfo::Kind::Upload && (t->fromPeers > 0 || t->fromDc > 0))
                return tr("peers %1 · DC %2").arg(Format::bytes(t->fromPeers), Format::bytes(t->fromDc));
            return {};
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Sources)
            return tr("Bytes received from other peers and from the data center");
        if (index.column() == Stage || index.column() == Name || !t->error.isEmpty())
            return t->error.isEmpty() ? data(index, Qt::DisplayRole) : QVariant(t->error); // the whole text, even when cut
        return {};
    case Qt::AccessibleTextRole:
        return tr("%1, %2, %3 percent").arg(displayName(*t), Format::stage(t->stage)).arg(percentOf(*t));
    }
    return {};
}

QVariant TransfersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Name");
    case Kind: return tr("Kind");
    case Stage: return tr("Stage");
    case Progress: return tr("Progress");
    case ToGo: return tr("Remaining");
    case Speed: return tr("Speed");
    case Eta: return tr("Time left");
    case Sources: return tr("Sources");
    }
    return {};
}

void TransfersModel::update(const TransferInfo& info)
{
    if (info.id.isEmpty())
        return;
    const int before = activeCount();
    const int row = m_rowById.value(info.id, -1);
    if (row >= 0) {
        TransferInfo merged = info;
        const TransferInfo& old = m_rows.at(row);
        if (merged.name.isEmpty())
            merged.name = old.name;
        if (merged.link.isEmpty())
            merged.link = old.link;
        if (merged.objectId.isEmpty())
            merged.objectId = old.objectId;
        if (merged.stage != old.stage)
            m_stageSince[row] = m_now();
        m_rows[row] = merged;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    } else {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
        m_rowById.insert(info.id, int(m_rows.size()));
        m_rows.append(info);
        m_stageSince.append(m_now());
        endInsertRows();
    }
    const int after = activeCount();
    if (after != before)
        emit activeCountChanged(after);
}

void TransfersModel::setName(const QString& id, const QString& name)
{
    const int row = m_rowById.value(id, -1);
    if (row < 0 || name.isEmpty())
        return;
    m_rows[row].name = name;
    emit dataChanged(index(row, Name), index(row, Name));
}

void TransfersModel::clearFinished()
{
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (m_rows.at(i).finished()) {
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            m_stageSince.removeAt(i);
            endRemoveRows();
        }
    }
    m_rowById.clear();
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowById.insert(m_rows.at(i).id, i);
}

int TransfersModel::activeCount() const
{
    int n = 0;
    for (const TransferInfo& t : m_rows)
        n += t.finished() ? 0 : 1;
    return n;
}

QList<TransferInfo> TransfersModel::active() const
{
    QList<TransferInfo> out;
    for (const TransferInfo& t : m_rows)
        if (!t.finished())
            out.append(t);
    return out;
}

} // namespace as::ui
