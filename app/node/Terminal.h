#pragma once
// The terminal side of the CLI: the password prompt without echo and the progress line on stderr
// (only when stderr is a terminal: quiet when piped).

#include "core/api/Types.h"

#include <QString>

#include <optional>

namespace as::node {

// $AMAZINGSTORE_PASSWORD, else asked on the terminal without echo (a line from stdin when it is no
// terminal). nullopt when nothing could be read.
std::optional<QString> readPassword(bool confirm);

bool stderrIsTerminal();

// One progress line, rewritten in place: "name  stage  42%  12.3 MB/s  120 MB to go  ETA 0:10".
void showProgress(const TransferInfo& info);
void clearProgress();

QString humanBytes(qint64 bytes);

} // namespace as::node
