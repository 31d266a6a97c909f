#include "core/policy/PolicyTypes.h"

#include <algorithm>

namespace as::policy {

std::optional<Key> toKey(const QByteArray& raw)
{
    Key key {};
    if (raw.size() != qsizetype(key.size()))
        return std::nullopt;
    std::copy(raw.begin(), raw.end(), key.begin());
    return key;
}

QByteArray toBytes(const Key& key)
{
    return QByteArray(reinterpret_cast<const char*>(key.data()), qsizetype(key.size()));
}

bool closerTo(const Key& target, const Key& a, const Key& b)
{
    for (std::size_t i = 0; i < target.size(); ++i) {
        const std::uint8_t da = target[i] ^ a[i];
        const std::uint8_t db = target[i] ^ b[i];
        if (da != db)
            return da < db;
    }
    return false;
}

} // namespace as::policy
