#pragma once
// GET /api/v1/health (no auth) → 200 HealthInfo.
//   {"status": "ok", "server_id": "<64 hex>", "role": "dc", "version": "0.1.0", "time": <unix seconds>}

#include "core/protocol/Json.h"

namespace as::protocol {

struct HealthInfo {
    QString status = QStringLiteral("ok");
    QString serverId; // 64 hex, the DC server's id in the peer id space (docs/design.md §3)
    QString role = QStringLiteral("dc");
    QString version;
    qint64 time = 0; // server clock, unix seconds

    QJsonObject toJson() const;
    static Result<HealthInfo> fromJson(const QJsonObject& json);
};

} // namespace as::protocol
