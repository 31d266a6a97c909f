#pragma once
// The short commands of the engine, one function each, grouped by file: Accounts.cpp (register, login,
// logout, the object-list sync), Catalog.cpp (ls, share, delete, status, transfers), Config.cpp (config,
// slow-mode, pause, resume). Each finishes `reply` exactly once, possibly later.

#include "core/api/Commands.h"

#include <functional>

namespace as {
class CommandReply;
}

namespace as::engine {

class EngineContext;

void registerAccount(EngineContext& ctx, const api::RegisterRequest& request, CommandReply* reply);
void loginAccount(EngineContext& ctx, const api::LoginRequest& request, CommandReply* reply);
void logoutAccount(EngineContext& ctx, const api::LogoutRequest& request, CommandReply* reply);
// Refreshes my objects from the DC (names opened locally); `done(false)` when the DC could not be asked.
void syncObjects(EngineContext& ctx, std::function<void(bool ok, QString error)> done);

void listObjects(EngineContext& ctx, const api::ListRequest& request, CommandReply* reply);
void shareObject(EngineContext& ctx, const api::ShareRequest& request, CommandReply* reply);
void deleteObject(EngineContext& ctx, const api::DeleteRequest& request, CommandReply* reply);
void nodeStatus(EngineContext& ctx, const api::StatusRequest& request, CommandReply* reply);
void listTransfers(EngineContext& ctx, const api::TransfersRequest& request, CommandReply* reply);
// The StatusReply of `status` (Catalog.cpp), for commands that report it with more (contribution).
void buildStatus(EngineContext& ctx, std::function<void(api::StatusReply)> done);
// Contribution.cpp: `status` plus the contribution history and the availability measured from it.
void reportContribution(EngineContext& ctx, const api::ContributionRequest& request, CommandReply* reply);

void configure(EngineContext& ctx, const api::ConfigRequest& request, CommandReply* reply);
void setSlowMode(EngineContext& ctx, const api::SlowModeRequest& request, CommandReply* reply);
void pauseAll(EngineContext& ctx, bool pause, CommandReply* reply);

} // namespace as::engine
