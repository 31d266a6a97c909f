#pragma once
// What each command prints on stdout when it succeeded (human form or --json).

#include <QJsonObject>
#include <QString>

namespace as::node {

void printResult(const QString& command, const QJsonObject& result, bool json);

} // namespace as::node
