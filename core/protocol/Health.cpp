#include "core/protocol/Health.h"

namespace as::protocol {
using namespace Qt::Literals::StringLiterals;

QJsonObject HealthInfo::toJson() const
{
    return { { u"status"_s, status }, { u"server_id"_s, serverId }, { u"role"_s, role }, { u"version"_s, version },
        { u"time"_s, time } };
}

Result<HealthInfo> HealthInfo::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    HealthInfo h;
    h.status = r.string("status", 64);
    h.serverId = r.id("server_id");
    h.role = r.string("role", 64);
    h.version = r.optString("version", 64).value_or(QString());
    h.time = r.optInteger("time").value_or(0);
    if (!r.ok())
        return r.error();
    return h;
}

} // namespace as::protocol
