#pragma once
// Typed node settings with their defaults and validation in one place (`config KEY [VALUE]`).
// Values are stored normalized (sizes and rates as plain byte counts) in the Store's settings table.

#include "core/util/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace as::state {

class Store;

struct SettingSpec {
    QString key;
    QString defaultValue;
    QString help;
};

// Every key `config` accepts, in display order.
const QList<SettingSpec>& settingSpecs();
bool isKnownSetting(const QString& key);

// Validates a user-given value and returns its stored form, or an error that names the key and the
// expected form ("capacity: invalid value ..., expected a size like 10GB, 500MB or 0").
Result<QString> normalizeSetting(const QString& key, const QString& value);

// `contribution-dir`: empty (the profile's "replicas" folder) or an absolute folder that exists or can be
// created and can be written to; returned cleaned. Creates the folder (0700) when it is missing.
Result<QString> normalizeContributionDir(const QString& value);

// "host:port" with a port in 1..65535.
bool isHostPort(QStringView text);

struct NodeSettings {
    qint64 capacityBytes = 0;
    int listenPort = 0;          // 0: any free port
    qint64 uploadLimit = 0;      // bytes/s, 0 unlimited
    qint64 downloadLimit = 0;
    qint64 altUploadLimit = 0;   // slow mode
    qint64 altDownloadLimit = 0;
    QStringList dhtBootstrap;    // host:port
    QString dcUrl;
    bool slowMode = false;
    QString contributionDir;     // empty: "replicas" in the profile
    int dcWaitSeconds = 60;      // how long an upload waits for a DC that stopped answering
};

QString settingValue(const Store& store, const QString& key); // stored value or the default
NodeSettings loadSettings(const Store& store);

} // namespace as::state
