#pragma once
// The terminal side of the CLI: the password prompt without echo and the progress line on stderr
// (only when stderr is a terminal: quiet when piped).

#include "core/api/Types.h"

#include <QString>

#include <optional>

namespace as::node {

// $AMAZINGSTORE_PASSWORD, else asked on the terminal without echo (a line from stdin when it is no
// terminal). `confirm` (register) asks twice on a terminal. `error` says why no password came back.
struct PasswordInput {
    QString password;
    QString error;
};
PasswordInput readPassword(bool confirm);

bool stderrIsTerminal();

// One progress line, rewritten in place: "name  stage  42%  12.3 MB/s  120 MB to go  ETA 0:10".
void showProgress(const TransferInfo& info);
void clearProgress();

// as::util::formatBytes: the one unit convention of the CLI, the tray and the share page.
QString humanBytes(qint64 bytes);

} // namespace as::node
