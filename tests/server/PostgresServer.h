#pragma once
// A throwaway PostgreSQL cluster for tests that run the DC on PostgreSQL (docs/dc-server.md "PostgreSQL"):
// initdb into a temporary folder, listening only on 127.0.0.1 at a free port and on a Unix socket in that
// folder, trust authentication (nothing else can reach it), fsync off. Started on first use by a test process
// as its child (killed with it if the test dies), stopped and removed when the process exits. As root, initdb
// and the server run as the `postgres` user, because PostgreSQL refuses root.

#include <QProcess>
#include <QString>
#include <memory>

class QTemporaryDir;

namespace as::test {

class PostgresServer {
public:
    // The process's cluster, started on first call; nullptr with `error` set when it cannot start.
    static PostgresServer* shared(QString* error);
    ~PostgresServer();
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    // A new empty database; returns its URL for the DC's --db (postgresql://as@127.0.0.1:PORT/NAME).
    QString createDatabase(QString* error);
    int port() const { return m_port; }

private:
    PostgresServer() = default;
    bool start(QString* error);
    void prepareChild(QProcess& process) const; // drop to the postgres user, die with the test
    bool runTool(const QString& tool, const QStringList& args, QString* error);
    bool waitUntilAccepting(QString* error);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_binDir;
    int m_port = 0;
    int m_databases = 0;
    QProcess m_server;
    int m_uid = -1; // the postgres user when running as root, else -1
    int m_gid = -1;
};

} // namespace as::test
