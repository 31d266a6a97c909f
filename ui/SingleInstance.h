#pragma once
// One tray app per profile. The first instance listens on a local socket named
// "amazingstore-ui-<hash of the profile path>" (distinct from core/control's engine socket); a second
// start connects, hands over its arguments (links and files) and exits.

#include <QObject>
#include <QStringList>

class QLocalServer;

namespace as::ui {

class SingleInstance : public QObject {
    Q_OBJECT
public:
    explicit SingleInstance(const QString& profileDir, QObject* parent = nullptr);
    ~SingleInstance() override;

    static QString socketName(const QString& profileDir);

    // True when another instance took the arguments (this process should exit 0).
    bool handOver(const QStringList& args, int timeoutMs = 2000);
    // Becomes the primary instance. False if the name could not be claimed.
    bool listen();
    QString name() const { return m_name; }

signals:
    void argumentsReceived(const QStringList& args);

private:
    void onNewConnection();

    QString m_name;
    QLocalServer* m_server = nullptr;
};

} // namespace as::ui
