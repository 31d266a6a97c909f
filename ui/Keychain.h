#pragma once
// Secrets the GUI handles (the account password, when the user asks to remember it) go to the OS keychain
// through QtKeychain (Secret Service / KWallet). Where none is reachable, the secret goes to a file in the
// profile with mode 0600 instead, and usingFallback() says so, so the UI can tell the user plainly.
// The engine keeps its own token and wrapped master key in 0600 files in the profile (see docs/app.md).

#include <QObject>
#include <QString>

#include <functional>

namespace as::ui {

class Keychain : public QObject {
    Q_OBJECT
public:
    enum class Backend { Auto, FileOnly };
    Keychain(QString profileDir, Backend backend = Backend::Auto, QObject* parent = nullptr);

    using WriteDone = std::function<void(bool ok, QString error)>;
    using ReadDone = std::function<void(bool found, QString secret)>;

    void write(const QString& key, const QString& secret, WriteDone done = {});
    void read(const QString& key, ReadDone done);
    void remove(const QString& key);

    bool usingFallback() const { return m_fallback; }
    QString fallbackPath() const;
    QString fallbackReason() const { return m_fallbackReason; }

signals:
    void fallbackActivated(const QString& reason);

private:
    void useFallback(const QString& reason);
    bool fileWrite(const QString& key, const QString& secret, QString* error);
    QString fileRead(const QString& key, bool* found) const;
    void fileRemove(const QString& key);

    QString m_profileDir;
    bool m_fallback = false;
    QString m_fallbackReason;
};

} // namespace as::ui
