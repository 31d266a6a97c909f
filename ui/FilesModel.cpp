#include "ui/FilesModel.h"

#include "ui/Format.h"

#include <QLocale>
#include <QSet>

namespace as::ui {

int FilesModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_objects.size()); }
int FilesModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

const ObjectInfo* FilesModel::object(int row) const
{
    return row >= 0 && row < m_objects.size() ? &m_objects.at(row) : nullptr;
}

QVariant FilesModel::data(const QModelIndex& index, int role) const
{
    const ObjectInfo* o = object(index.row());
    if (!o)
        return {};
    if (role == IdRole)
        return o->id;
    if (role == ObjectRole)
        return QVariant::fromValue(*o);
    const QDateTime date = o->uploaded.isValid() ? o->uploaded : o->modified;
    if (role == SortRole) {
        switch (index.column()) {
        case Name: return o->name.toCaseFolded();
        case Size: return o->size;
        case Date: return date;
        case State: return o->state;
        case Replicas: return o->targetReplicas > 0 ? double(o->replicas) / o->targetReplicas : double(o->replicas);
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name: return o->name;
        case Size: return Format::bytes(o->size);
        case Date: return QLocale().toString(date.toLocalTime(), QLocale::ShortFormat);
        case State: return Format::objectState(o->state);
        case Replicas:
            return o->targetReplicas > 0 ? tr("%1 of %2").arg(o->replicas).arg(o->targetReplicas)
                                         : QString::number(o->replicas);
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Replicas)
            return tr("%1 live replicas at the peer layer; the availability model asks for %2. "
                      "Estimated availability %3.")
                .arg(o->replicas)
                .arg(o->targetReplicas)
                .arg(Format::percent(o->availability));
        if (index.column() == Size)
            return tr("%1 bytes").arg(QLocale().toString(o->size));
        return o->name;
    }
    if (role == Qt::TextAlignmentRole && (index.column() == Size || index.column() == Replicas))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant FilesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Name");
    case Size: return tr("Size");
    case Date: return tr("Uploaded");
    case State: return tr("State");
    case Replicas: return tr("Replicas");
    }
    return {};
}

void FilesModel::rebuildIndex()
{
    m_rowById.clear();
    m_rowById.reserve(m_objects.size());
    for (int i = 0; i < m_objects.size(); ++i)
        m_rowById.insert(m_objects.at(i).id, i);
}

void FilesModel::setObjects(const QList<ObjectInfo>& objects)
{
    QSet<QString> fresh;
    fresh.reserve(objects.size());
    for (const ObjectInfo& o : objects)
        fresh.insert(o.id);

    // Remove rows that are gone, in contiguous runs from the bottom so row numbers stay valid.
    for (int i = int(m_objects.size()) - 1; i >= 0;) {
        if (fresh.contains(m_objects.at(i).id)) {
            --i;
            continue;
        }
        int first = i;
        while (first > 0 && !fresh.contains(m_objects.at(first - 1).id))
            --first;
        beginRemoveRows({}, first, i);
        m_objects.remove(first, i - first + 1);
        endRemoveRows();
        i = first - 1;
    }
    rebuildIndex();

    QList<ObjectInfo> added;
    for (const ObjectInfo& o : objects) {
        const int row = m_rowById.value(o.id, -1);
        if (row < 0) {
            added.append(o);
            continue;
        }
        m_objects[row] = o;
    }
    if (!m_objects.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_objects.size()) - 1, ColumnCount - 1));
    if (!added.isEmpty()) {
        beginInsertRows({}, int(m_objects.size()), int(m_objects.size() + added.size()) - 1);
        m_objects.append(added);
        endInsertRows();
        rebuildIndex();
    }
}

} // namespace as::ui
