#pragma once
// Command-line parsing of amazingstore-node (docs/design.md §8): global options, one entry per command with its
// own --help, and the translation of arguments into an EngineApi command + JSON args.

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace as::node {

struct Invocation {
    QString profile;
    QString command;        // EngineApi command name
    QJsonObject args;
    bool json = false;      // --json output
    bool needsPassword = false;
    bool help = false;      // print `helpText` and exit 0
    bool version = false;
    QString helpText;
    QString usageError;     // non-empty: print and exit 2
};

Invocation parseCommandLine(const QStringList& arguments);
QString mainHelp();

} // namespace as::node
