#include "core/util/Ids.h"

namespace as {

bool isValidId(QStringView id)
{
    if (id.size() != kIdHexLength)
        return false;
    for (QChar c : id) {
        const char16_t u = c.unicode();
        if (!((u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f')))
            return false;
    }
    return true;
}

QByteArray xorDistance(const QByteArray& a, const QByteArray& b)
{
    const qsizetype n = std::min(a.size(), b.size());
    QByteArray out(n, '\0');
    for (qsizetype i = 0; i < n; ++i)
        out[i] = char(quint8(a[i]) ^ quint8(b[i]));
    return out;
}

bool closerTo(const QByteArray& target, const QByteArray& a, const QByteArray& b)
{
    return xorDistance(target, a) < xorDistance(target, b);
}

} // namespace as
