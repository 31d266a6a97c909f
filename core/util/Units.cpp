#include "core/util/Units.h"

#include <QRegularExpression>
#include <cmath>
#include <limits>

namespace as::util {

QString formatBytes(qint64 bytes)
{
    if (bytes < 0)
        return QStringLiteral("-") + formatBytes(bytes == std::numeric_limits<qint64>::min() ? std::numeric_limits<qint64>::max() : -bytes);
    if (bytes < 1000)
        return QStringLiteral("%1 B").arg(bytes);
    static const char* const kUnits[] = { "kB", "MB", "GB", "TB", "PB", "EB" };
    double value = double(bytes);
    int unit = -1;
    while (value >= 999.95 && unit < 5) {
        value /= 1000.0;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(value, 0, 'f', 1).arg(QLatin1String(kUnits[unit]));
}

QString formatRate(double bytesPerSecond)
{
    return formatBytes(qint64(std::max(0.0, bytesPerSecond))) + QStringLiteral("/s");
}

std::optional<qint64> parseBytes(const QString& text)
{
    static const QRegularExpression re(
        QStringLiteral(R"(^\s*([0-9]+(?:\.[0-9]+)?)\s*([kKmMgGtT]?)(i?)([bB]?)\s*$)"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const QString unit = m.captured(2).toLower();
    const bool binary = !m.captured(3).isEmpty();
    if (binary && unit.isEmpty())
        return std::nullopt; // "5iB"
    const double base = binary ? 1024.0 : 1000.0;
    int power = 0;
    if (unit == QLatin1String("k")) power = 1;
    else if (unit == QLatin1String("m")) power = 2;
    else if (unit == QLatin1String("g")) power = 3;
    else if (unit == QLatin1String("t")) power = 4;
    bool ok = false;
    const double number = m.captured(1).toDouble(&ok);
    if (!ok)
        return std::nullopt;
    const double value = number * std::pow(base, power);
    if (!std::isfinite(value) || value >= 9.2e18)
        return std::nullopt;
    if (power == 0 && m.captured(1).contains(QLatin1Char('.')))
        return std::nullopt; // fractional bytes
    return qint64(std::llround(value));
}

} // namespace as::util
