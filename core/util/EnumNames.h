#pragma once
// An enum's stable text names as one table, read both ways: the names are what the SQL, the JSON and the
// control socket carry (core/state/States.cpp, core/api/Types.cpp, core/api/EngineApi.cpp).

#include <QLatin1String>
#include <QString>

#include <array>
#include <optional>
#include <utility>

namespace as::util {

template <class E, size_t N>
using EnumNames = std::array<std::pair<E, const char*>, N>;

// The name of `value` (empty for a value the table lacks).
template <class E, size_t N>
QString nameOf(const EnumNames<E, N>& names, E value)
{
    for (const auto& [v, n] : names)
        if (v == value)
            return QString::fromLatin1(n);
    return {};
}

// The value named `text`; nullopt for text no table entry has.
template <class E, size_t N>
std::optional<E> valueOf(const EnumNames<E, N>& names, const QString& text)
{
    for (const auto& [v, n] : names)
        if (text == QLatin1String(n))
            return v;
    return std::nullopt;
}

} // namespace as::util
