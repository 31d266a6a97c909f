#pragma once
// Output of the simulator: the JSON of docs/design.md §8, the human table beside the paper's figures, and the
// hourly series as CSV (input of the plot).

#include "bench/sim/SimConfig.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace as::sim {

QJsonObject toJson(const SimResult& result);
QString toTable(const SimResult& result);
QByteArray seriesCsv(const SimResult& result);

} // namespace as::sim
