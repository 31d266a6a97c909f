// config KEY [VALUE], slow-mode, pause/resume. Settings are validated by state::Settings and applied to a
// running libtorrent session at once.
#include "core/api/EngineApi.h"
#include "core/engine/Commands.h"
#include "core/engine/EngineContext.h"
#include "core/state/Settings.h"
#include "core/transfer/TransferSession.h"

namespace as::engine {

void configure(EngineContext& ctx, const api::ConfigRequest& request, CommandReply* reply)
{
    const QString& key = request.key;
    if (key.isEmpty()) {
        api::ConfigReply all;
        for (const state::SettingSpec& s : state::settingSpecs())
            all.settings.insert(s.key, state::settingValue(ctx.store(), s.key));
        return reply->succeedWith(all);
    }
    if (!state::isKnownSetting(key)) {
        QStringList keys;
        for (const state::SettingSpec& s : state::settingSpecs())
            keys.append(s.key);
        return reply->fail(ErrorCode::InvalidArgument, QStringLiteral("unknown setting '%1' (known: %2)").arg(key, keys.join(QStringLiteral(", "))));
    }
    if (!request.value)
        return reply->succeedWith(api::ConfigReply{key, state::settingValue(ctx.store(), key), {}});
    if (key == QLatin1String("dc") && ctx.account())
        return reply->fail(QStringLiteral("this profile is logged in at %1; to use another data center: 'logout', then "
                                          "'login --dc URL USER'").arg(ctx.account()->dcUrl));
    auto value = state::normalizeSetting(key, *request.value);
    if (!value)
        return reply->fail(ErrorCode::InvalidArgument, value.error().message);
    if (value->isNull())
        *value = QStringLiteral(""); // an emptied setting (dht-bootstrap, contribution-dir) is stored as ''
    if (Status s = ctx.store().setSetting(key, *value); !s)
        return reply->fail(s.error());
    if (key == QLatin1String("dc"))
        ctx.resetDc();
    ctx.applyBandwidth();
    reply->succeedWith(api::ConfigReply{key, *value, {}});
}

void setSlowMode(EngineContext& ctx, const api::SlowModeRequest& request, CommandReply* reply)
{
    const bool on = request.enabled;
    if (Status s = ctx.store().setSetting(QStringLiteral("slow-mode"), on ? QStringLiteral("true") : QStringLiteral("false")); !s)
        return reply->fail(s.error());
    ctx.applyBandwidth();
    reply->succeedWith(api::SlowModeReply{on});
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
