#pragma once
// Command-line parsing of amazingstore-node (docs/design.md §8): global options, one entry per command with its
// own --help, and the translation of arguments into a typed command (core/api/Commands.h).

#include "core/api/Commands.h"

#include <QString>
#include <QStringList>

namespace as::node {

struct Invocation {
    QString profile;
    QString command;        // the command's name (api::*Request::kName)
    api::AnyRequest request;
    bool json = false;      // --json output
    bool needsPassword = false; // register / login: main asks for the password
    bool help = false;      // print `helpText` and exit 0
    bool version = false;
    QString helpText;
    QString usageError;     // non-empty: print and exit 2
};

Invocation parseCommandLine(const QStringList& arguments);
QString mainHelp();

} // namespace as::node
