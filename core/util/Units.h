#pragma once
// Byte counts for people: one convention everywhere (CLI, tray, share page, docs): decimal SI units as Linux
// file managers show them ("1 B", "20.0 kB", "1.5 GB"). Parsing accepts both SI and binary suffixes so that a
// user may type "10GB", "10 GiB", "500M" or a plain byte count. See docs/node.md "Units".

#include <QString>
#include <optional>

namespace as::util {

// "0 B", "1 B", "999 B", "1.0 kB", "20.0 kB", "98.7 MB", "1.5 GB" (always '.' and one decimal; for a
// locale-aware form use the ui's Format::bytes, which follows this rule with the locale's digits).
QString formatBytes(qint64 bytes);

// "12.3 MB/s".
QString formatRate(double bytesPerSecond);

// "1234", "10GB", "10 GB", "10GiB", "1.5G" (G = GB), "500 MiB", "0". nullopt for anything else, negative
// numbers and overflows.
std::optional<qint64> parseBytes(const QString& text);

} // namespace as::util
