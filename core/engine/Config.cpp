// config KEY [VALUE], slow-mode, pause/resume. Settings are validated by state::Settings and applied to a
// running libtorrent session at once.
#include "core/api/EngineApi.h"
#include "core/engine/Commands.h"
#include "core/engine/EngineContext.h"
#include "core/state/Settings.h"
#include "core/transfer/TransferSession.h"

namespace as::engine {

void configure(EngineContext& ctx, const QJsonObject& args, CommandReply* reply)
{
    const QString key = args.value(QStringLiteral("key")).toString();
    if (key.isEmpty()) {
        QJsonObject all;
        for (const state::SettingSpec& s : state::settingSpecs())
            all.insert(s.key, state::settingValue(ctx.store(), s.key));
        return reply->succeed({{QStringLiteral("settings"), all}});
    }
    if (!state::isKnownSetting(key)) {
        QStringList keys;
        for (const state::SettingSpec& s : state::settingSpecs())
            keys.append(s.key);
        return reply->fail(QStringLiteral("unknown setting '%1' (known: %2)").arg(key, keys.join(QStringLiteral(", "))), 2);
    }
    if (!args.contains(QStringLiteral("value")))
        return reply->succeed({{QStringLiteral("key"), key}, {QStringLiteral("value"), state::settingValue(ctx.store(), key)}});
    if (key == QLatin1String("dc") && ctx.account())
        return reply->fail(QStringLiteral("this profile is logged in at %1; to use another data center: 'logout', then "
                                          "'login --dc URL USER'").arg(ctx.account()->dcUrl));
    auto value = state::normalizeSetting(key, args.value(QStringLiteral("value")).toString());
    if (!value)
        return reply->fail(value.error().message, 2);
    if (value->isNull())
        *value = QStringLiteral(""); // an emptied setting (dht-bootstrap, contribution-dir) is stored as ''
    if (Status s = ctx.store().setSetting(key, *value); !s)
        return reply->fail(s.error().message);
    if (key == QLatin1String("dc"))
        ctx.resetDc();
    ctx.applyBandwidth();
    reply->succeed({{QStringLiteral("key"), key}, {QStringLiteral("value"), *value}});
}

void setSlowMode(EngineContext& ctx, const QJsonObject& args, CommandReply* reply)
{
    const bool on = args.value(QStringLiteral("enabled")).toBool();
    if (Status s = ctx.store().setSetting(QStringLiteral("slow-mode"), on ? QStringLiteral("true") : QStringLiteral("false")); !s)
        return reply->fail(s.error().message);
    ctx.applyBandwidth();
    reply->succeed({{QStringLiteral("enabled"), on}});
}

void pauseAll(EngineContext& ctx, bool pause, CommandReply* reply)
{
    if (auto* ts = ctx.transfersIfRunning()) {
        if (pause)
            ts->bandwidth().pauseAll();
        else
            ts->bandwidth().resumeAll();
    }
    reply->succeed({});
}

} // namespace as::engine
