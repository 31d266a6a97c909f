#pragma once
// Human-readable figures for the UI: sizes, rates, time left and the names of transfer stages.

#include "core/api/Types.h"

#include <QCoreApplication>
#include <QString>

namespace as::ui {

class Format {
    Q_DECLARE_TR_FUNCTIONS(Format)
public:
    static QString bytes(qint64 bytes);            // "1.5 MB"
    static QString rate(double bytesPerSecond);    // "2.1 MB/s"
    static QString eta(qint64 seconds);            // "3 min 20 s"; "—" when unknown (< 0)
    static QString stage(TransferStage stage);    // translated stage name
    static QString objectState(const QString& state);
    static QString percent(double fraction);       // 0.932 -> "93.2 %"
};

} // namespace as::ui
