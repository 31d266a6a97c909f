#pragma once
// What each command prints on stdout when it succeeded (human form or --json).

#include <QJsonObject>
#include <QString>

namespace as::node {

void printResult(const QString& command, const QJsonObject& result, bool json);
// ShareOutput.cpp: share with a revocable link, unshare, shares, rekey; false for any other command.
bool printShareResult(const QString& command, const QJsonObject& result, bool json);

} // namespace as::node
