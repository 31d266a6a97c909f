#pragma once
// What each command prints on stdout when it succeeded (human form or --json).

#include "core/api/Commands.h"

#include <QJsonObject>

namespace as::node {

void printResult(const api::AnyRequest& request, const QJsonObject& result, bool json);

} // namespace as::node
