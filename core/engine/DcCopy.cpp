#include "core/engine/DcCopy.h"

#include "core/dcclient/DcClient.h"
#include "core/engine/EngineContext.h"

#include <QFile>
#include <QPointer>

namespace as::engine {

DcCopy::DcCopy(EngineContext& ctx, QObject* parent)
    : QObject(parent)
    , m_ctx(ctx)
{ }

void DcCopy::want(const QStringList& ids)
{
    for (const QString& id : ids) {
        if (id == m_current || m_queue.contains(id) || m_done.contains(id))
            continue;
        const auto replica = m_ctx.store().replica(id);
        if (replica && replica->state == state::ReplicaState::Held)
            m_queue.append(id);
    }
    if (!busy())
        next();
}

void DcCopy::next()
{
    if (m_queue.isEmpty())
        return;
    m_current = m_queue.takeFirst();
    const auto replica = m_ctx.store().replica(m_current);
    if (!replica || replica->state != state::ReplicaState::Held)
        return finish(false, QStringLiteral("the replica is no longer held here"));
    m_path = replica->path;
    m_size = QFile(m_path).size();
    if (m_size <= 0 || m_size != replica->size)
        return finish(false, QStringLiteral("the replica file is missing or of the wrong size"));
    qInfo("sending my copy of %s to the data center (an outage upload it has no copy of)",
        qPrintable(m_current.left(12)));
    sendPart(0);
}

void DcCopy::sendPart(qint64 offset)
{
    auto* dc = m_ctx.dc();
    if (!dc || dc->inOutage())
        return finish(false, QStringLiteral("the data center is away again"));
    QFile f(m_path);
    if (!f.open(QIODevice::ReadOnly) || !f.seek(offset))
        return finish(false, f.errorString());
    const QByteArray part = f.read(std::min(kPartBytes, m_size - offset));
    if (part.isEmpty())
        return finish(false, QStringLiteral("cannot read the replica: %1").arg(f.errorString()));
    QPointer<DcCopy> self(this);
    const qint64 end = offset + part.size();
    dc->copyPartToDc(m_current, offset, part, m_size, [self, end](Result<protocol::ObjectInfo> info) {
        if (!self)
            return;
        if (!info)
            return self->finish(false, info.error().message);
        if (end < self->m_size && info->state != protocol::kStateAvailable)
            return self->sendPart(end);
        self->finish(info->state == protocol::kStateAvailable,
            QStringLiteral("the data center did not publish it (state %1)").arg(info->state));
    });
}

void DcCopy::finish(bool ok, const QString& why)
{
    if (ok) {
        qInfo("the data center verified and published my copy of %s", qPrintable(m_current.left(12)));
        m_done.insert(m_current);
    } else {
        qWarning("could not send my copy of %s to the data center: %s", qPrintable(m_current.left(12)),
            qPrintable(why));
    }
    m_current.clear();
    next();
}

} // namespace as::engine
