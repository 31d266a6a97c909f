#pragma once
// The short commands of the engine, one function each, grouped by file: Accounts.cpp (register, login,
// logout, the object-list sync), Catalog.cpp (ls, share, delete, status, transfers), Config.cpp (config,
// slow-mode, pause, resume). Each finishes `reply` exactly once, possibly later.

#include "core/api/Commands.h"

#include <functional>

namespace as {
class CommandReply;
class EngineApi;
}

namespace as::engine {

class EngineContext;

// One of my objects named by its id or by a unique prefix of it (at least 4 hex characters), as git
// takes commit ids. InvalidArgument for text that cannot be an id; NotFound or Conflict for no or several matches.
struct Resolved {
    QString id;
    QString error;
    ErrorCode code = ErrorCode::Internal;
};
Resolved resolveObjectId(EngineContext& ctx, const QString& text);

// Sharing.cpp: revocable links (docs/sharing.md): make one at the DC, revoke one or all of an object's, list.
void createShareLink(EngineContext& ctx, const api::ShareLinkRequest& request, CommandReply* reply);
void unshareObject(EngineContext& ctx, const api::UnshareRequest& request, CommandReply* reply);
void listShares(EngineContext& ctx, const api::SharesRequest& request, CommandReply* reply);
// Rekey.cpp: re-encrypts one of my objects under a new key and id; old links and replicas die.
void rekeyObject(EngineApi& engine, EngineContext& ctx, const api::RekeyRequest& request, CommandReply* reply);

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
