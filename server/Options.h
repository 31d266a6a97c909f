#pragma once
// Command line of amazingstore-dc (docs/design.md §8). Parsing only; app/dc/main.cpp prints and exits.

#include "core/util/Result.h"
#include "server/DcConfig.h"

#include <QStringList>

namespace as::server {

struct ParsedOptions {
    DcConfig config;
    bool help = false;
    bool version = false;
};

// InvalidArgument with one line saying what is wrong (for exit status 2).
Result<ParsedOptions> parseOptions(const QStringList& arguments);
QString usageText();

} // namespace as::server
