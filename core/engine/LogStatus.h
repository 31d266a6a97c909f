#pragma once
// For a Status whose failure the engine can do nothing about but must not hide: a bookkeeping write
// (counters, caches, health samples) or a best-effort torrent operation. Logs "<what>: <message>" and goes on.

#include "core/util/Result.h"

#include <QtGlobal>

namespace as::engine {

inline void logIfFailed(const Status& status, const char* what)
{
    if (!status)
        qWarning("%s: %s", what, qPrintable(status.error().message));
}

template <typename T>
void logIfFailed(const Result<T>& result, const char* what)
{
    if (!result)
        qWarning("%s: %s", what, qPrintable(result.error().message));
}

} // namespace as::engine
