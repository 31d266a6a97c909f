#include "core/state/Settings.h"

#include "core/state/Store.h"
#include "core/util/Units.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryFile>
#include <QUrl>

namespace as::state {

const QList<SettingSpec>& settingSpecs()
{
    static const QList<SettingSpec> specs = {
        {QStringLiteral("capacity"), QStringLiteral("10000000000"), QStringLiteral("disk given to other users' replicas (e.g. 10GB, 500MB, 0)")},
        {QStringLiteral("listen-port"), QStringLiteral("0"), QStringLiteral("BitTorrent/DHT port, 0 = any free port")},
        {QStringLiteral("upload-limit"), QStringLiteral("0"), QStringLiteral("upload bytes per second, 0 = unlimited (e.g. 2MB)")},
        {QStringLiteral("download-limit"), QStringLiteral("0"), QStringLiteral("download bytes per second, 0 = unlimited")},
        {QStringLiteral("alt-upload-limit"), QStringLiteral("262144"), QStringLiteral("upload limit in slow mode")},
        {QStringLiteral("alt-download-limit"), QStringLiteral("1048576"), QStringLiteral("download limit in slow mode")},
        {QStringLiteral("dht-bootstrap"), QString(), QStringLiteral("comma-separated host:port DHT bootstrap nodes")},
        {QStringLiteral("dc"), QString(), QStringLiteral("data center URL for the next register/login (a logged-in profile keeps its own)")},
        {QStringLiteral("slow-mode"), QStringLiteral("false"), QStringLiteral("use the alternative limits (true/false)")},
        {QStringLiteral("dc-wait"), QStringLiteral("60"),
         QStringLiteral("seconds an upload waits for a data center that stopped answering (0..3600) before it stops; it resumes later")},
        {QStringLiteral("contribution-dir"), QString(),
         QStringLiteral("absolute folder for new replicas held for others; empty = 'replicas' in the profile")},
    };
    return specs;
}

bool isKnownSetting(const QString& key)
{
    for (const SettingSpec& s : settingSpecs())
        if (s.key == key)
            return true;
    return false;
}

bool isHostPort(QStringView text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    bool ok = false;
    const int port = text.mid(colon + 1).toInt(&ok);
    const QStringView host = text.left(colon);
    if (!ok || port < 1 || port > 65535)
        return false;
    for (QChar c : host)
        if (!(c.isLetterOrNumber() || c == u'.' || c == u'-' || c == u'[' || c == u']' || c == u':'))
            return false;
    return true;
}

Result<QString> normalizeSetting(const QString& key, const QString& value)
{
    const auto bad = [&](const QString& expected) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("%1: invalid value '%2', expected %3").arg(key, value, expected));
    };
    if (key == QLatin1String("capacity") || key.endsWith(QLatin1String("-limit"))) {
        const auto n = util::parseBytes(value);
        if (!n)
            return bad(key == QLatin1String("capacity") ? QStringLiteral("a size like 10GB, 500MB or 0")
                                                        : QStringLiteral("bytes per second like 2MB, 500kB or 0 (unlimited)"));
        if (key.endsWith(QLatin1String("-limit")) && *n > INT_MAX)
            return bad(QStringLiteral("at most 2G per second"));
        return QString::number(*n);
    }
    if (key == QLatin1String("dc-wait")) {
        bool ok = false;
        const int secs = value.trimmed().toInt(&ok);
        if (!ok || secs < 0 || secs > 3600)
            return bad(QStringLiteral("seconds 0..3600"));
        return QString::number(secs);
    }
    if (key == QLatin1String("listen-port")) {
        bool ok = false;
        const int p = value.trimmed().toInt(&ok);
        if (!ok || p < 0 || p > 65535)
            return bad(QStringLiteral("a port 0..65535 (0 = any)"));
        return QString::number(p);
    }
    if (key == QLatin1String("dht-bootstrap")) {
        QStringList nodes;
        for (const QString& part : value.split(u',', Qt::SkipEmptyParts)) {
            if (!isHostPort(part.trimmed()))
                return bad(QStringLiteral("comma-separated host:port entries"));
            nodes.append(part.trimmed());
        }
        return nodes.join(u',');
    }
    if (key == QLatin1String("dc")) {
        const QUrl url(value.trimmed(), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
            url.host().isEmpty())
            return bad(QStringLiteral("an http(s)://HOST[:PORT] URL"));
        QString text = url.toString();
        while (text.endsWith(u'/'))
            text.chop(1);
        return text;
    }
    if (key == QLatin1String("slow-mode")) {
        const QString v = value.trimmed().toLower();
        if (v == QLatin1String("true") || v == QLatin1String("on") || v == QLatin1String("1"))
            return QStringLiteral("true");
        if (v == QLatin1String("false") || v == QLatin1String("off") || v == QLatin1String("0"))
            return QStringLiteral("false");
        return bad(QStringLiteral("true or false"));
    }
    if (key == QLatin1String("contribution-dir"))
        return normalizeContributionDir(value);
    return makeError(ErrorCode::InvalidArgument, QStringLiteral("unknown setting '%1'").arg(key));
}

Result<QString> normalizeContributionDir(const QString& value)
{
    const QString path = value.trimmed();
    if (path.isEmpty())
        return QString(); // back to the profile's own folder
    const auto bad = [&](const QString& why) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("contribution-dir: %1").arg(why));
    };
    if (!QDir::isAbsolutePath(path))
        return bad(QStringLiteral("'%1' is not an absolute path (give a folder like /srv/amazingstore, or \"\" for "
                                  "the profile's own folder)")
                       .arg(path));
    const QString clean = QDir::cleanPath(path);
    const QFileInfo info(clean);
    if (info.exists() && !info.isDir())
        return bad(QStringLiteral("'%1' exists and is not a folder").arg(clean));
    if (!info.exists()) {
        if (!QDir().mkpath(clean))
            return bad(QStringLiteral("cannot create the folder '%1'").arg(clean));
        // Like the profile's own replicas folder: nobody else needs to list what this node holds.
        QFile::setPermissions(clean, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    // Permission bits do not tell (ACLs, read-only mounts, root): try to write.
    QTemporaryFile probe(clean + QStringLiteral("/.amazingstore-write-test-XXXXXX"));
    if (!probe.open())
        return bad(QStringLiteral("cannot write into '%1': %2").arg(clean, probe.errorString()));
    return clean;
}

QString settingValue(const Store& store, const QString& key)
{
    if (auto v = store.setting(key))
        return *v;
    for (const SettingSpec& s : settingSpecs())
        if (s.key == key)
            return s.defaultValue;
    return {};
}

NodeSettings loadSettings(const Store& store)
{
    NodeSettings s;
    s.capacityBytes = settingValue(store, QStringLiteral("capacity")).toLongLong();
    s.listenPort = settingValue(store, QStringLiteral("listen-port")).toInt();
    s.uploadLimit = settingValue(store, QStringLiteral("upload-limit")).toLongLong();
    s.downloadLimit = settingValue(store, QStringLiteral("download-limit")).toLongLong();
    s.altUploadLimit = settingValue(store, QStringLiteral("alt-upload-limit")).toLongLong();
    s.altDownloadLimit = settingValue(store, QStringLiteral("alt-download-limit")).toLongLong();
    s.dhtBootstrap = settingValue(store, QStringLiteral("dht-bootstrap")).split(u',', Qt::SkipEmptyParts);
    s.dcUrl = settingValue(store, QStringLiteral("dc"));
    s.slowMode = settingValue(store, QStringLiteral("slow-mode")) == QLatin1String("true");
    s.contributionDir = settingValue(store, QStringLiteral("contribution-dir"));
    s.dcWaitSeconds = settingValue(store, QStringLiteral("dc-wait")).toInt();
    return s;
}

} // namespace as::state
