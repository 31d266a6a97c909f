#pragma once
// Runs amazingstore-node from tests: one-shot commands with a time bound, and `run` daemons stopped with
// SIGTERM (SIGKILL after a timeout).

#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

namespace as::test {

struct NodeResult {
    int code = -1; // -1: did not finish in time (killed), -2: crashed (err then says which signal)
    QByteArray out;
    QByteArray err;
    QString outText() const { return QString::fromUtf8(out).trimmed(); }
};

QString nodeBinary();
int freePort();

// Files of the node suites: whole reads and writes (a failed write fails the calling test).
void writeFile(const QString& path, const QByteArray& data);
QByteArray readFile(const QString& path); // empty if it cannot be read

class Node {
public:
    explicit Node(QString profile, QString password = QStringLiteral("correct horse battery"))
        : m_profile(std::move(profile)), m_password(std::move(password)) {}
    ~Node();

    const QString& profile() const { return m_profile; }
    NodeResult run(const QStringList& args, int timeoutMs = 60000) const;
    QJsonObject status() const; // `status --json` (empty object if it did not answer within 15 s)

    // `run --heartbeat 0.5` in the background; waits until its control socket answers `status`.
    bool startDaemon();
    // SIGTERM, ≤ 10 s, then SIGKILL; returns the exit code (-1 if killed).
    int stopDaemon();
    // SIGKILL at once, as a crash at any moment would.
    void killDaemon();
    bool daemonRunning() const { return m_daemon && m_daemon->state() != QProcess::NotRunning; }
    QByteArray daemonStderr();

private:
    QString m_profile;
    QString m_password;
    std::unique_ptr<QProcess> m_daemon;
    QByteArray m_daemonErr;
};

// How many of `nodes` are running a daemon whose `status --json` satisfies `pred` (the cluster suites).
int countStatuses(const std::vector<std::unique_ptr<Node>>& nodes, const std::function<bool(const QJsonObject&)>& pred);

} // namespace as::test
