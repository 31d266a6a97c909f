#include "ui/Keychain.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <qt6keychain/keychain.h>

namespace as::ui {
namespace {
const QString kService = QStringLiteral("AmazingStore");

bool backendMissing(QKeychain::Error e)
{
    return e == QKeychain::NoBackendAvailable || e == QKeychain::NotImplemented || e == QKeychain::OtherError
           || e == QKeychain::AccessDeniedByUser || e == QKeychain::AccessDenied;
}
} // namespace

Keychain::Keychain(QString profileDir, Backend backend, QObject* parent)
    : QObject(parent), m_profileDir(std::move(profileDir))
{
    if (backend == Backend::FileOnly) {
        m_fallback = true;
        m_fallbackReason = tr("The system keychain is not used for this profile.");
    }
}

QString Keychain::fallbackPath() const { return QDir(m_profileDir).filePath(QStringLiteral("ui-secrets.json")); }

void Keychain::useFallback(const QString& reason)
{
    if (m_fallback)
        return;
    m_fallback = true;
    m_fallbackReason = tr("No system keychain is available (%1); secrets are kept in %2, readable only by you.")
                           .arg(reason, fallbackPath());
    emit fallbackActivated(m_fallbackReason);
}

void Keychain::write(const QString& key, const QString& secret, WriteDone done)
{
    if (m_fallback) {
        QString error;
        const bool ok = fileWrite(key, secret, &error);
        if (done)
            done(ok, error);
        return;
    }
    auto* job = new QKeychain::WritePasswordJob(kService, this);
    job->setKey(key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [this, key, secret, done](QKeychain::Job* j) {
        if (j->error() == QKeychain::NoError) {
            if (done)
                done(true, {});
            return;
        }
        if (backendMissing(j->error())) {
            useFallback(j->errorString());
            write(key, secret, done);
        } else if (done) {
            done(false, j->errorString());
        }
    });
    job->start();
}

void Keychain::read(const QString& key, ReadDone done)
{
    if (m_fallback) {
        bool found = false;
        const QString s = fileRead(key, &found);
        done(found, s);
        return;
    }
    auto* job = new QKeychain::ReadPasswordJob(kService, this);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, key, done](QKeychain::Job* j) {
        auto* rj = static_cast<QKeychain::ReadPasswordJob*>(j);
        if (j->error() == QKeychain::NoError)
            done(true, rj->textData());
        else if (j->error() == QKeychain::EntryNotFound)
            done(false, {});
        else if (backendMissing(j->error())) {
            useFallback(j->errorString());
            read(key, done);
        } else
            done(false, {});
    });
    job->start();
}

void Keychain::remove(const QString& key)
{
    fileRemove(key); // a secret may be in the file from a time without a keychain
    if (m_fallback)
        return;
    auto* job = new QKeychain::DeletePasswordJob(kService, this);
    job->setKey(key);
    job->start();
}

bool Keychain::fileWrite(const QString& key, const QString& secret, QString* error)
{
    QFile in(fallbackPath());
    QJsonObject o;
    if (in.open(QIODevice::ReadOnly))
        o = QJsonDocument::fromJson(in.readAll()).object();
    in.close();
    o.insert(key, secret);
    QDir().mkpath(m_profileDir);
    QSaveFile f(fallbackPath());
    if (!f.open(QIODevice::WriteOnly)) {
        *error = f.errorString();
        return false;
    }
    // QSaveFile writes a temporary file next to the target: restrict it before any secret goes in.
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(QJsonDocument(o).toJson(QJsonDocument::Compact));
    if (!f.commit()) {
        *error = f.errorString();
        return false;
    }
    QFile::setPermissions(fallbackPath(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

QString Keychain::fileRead(const QString& key, bool* found) const
{
    QFile in(fallbackPath());
    if (!in.open(QIODevice::ReadOnly)) {
        *found = false;
        return {};
    }
    const QJsonObject o = QJsonDocument::fromJson(in.readAll()).object();
    *found = o.contains(key);
    return o.value(key).toString();
}

void Keychain::fileRemove(const QString& key)
{
    QFile in(fallbackPath());
    if (!in.open(QIODevice::ReadOnly))
        return;
    QJsonObject o = QJsonDocument::fromJson(in.readAll()).object();
    in.close();
    if (!o.contains(key))
        return;
    o.remove(key);
    QSaveFile f(fallbackPath());
    if (f.open(QIODevice::WriteOnly)) {
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        f.write(QJsonDocument(o).toJson(QJsonDocument::Compact));
        f.commit();
    }
}

} // namespace as::ui
