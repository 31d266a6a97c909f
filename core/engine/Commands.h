#pragma once
// The short commands of the engine, one function each, grouped by file: Accounts.cpp (register, login,
// logout, the object-list sync), Catalog.cpp (ls, share, delete, status, transfers), Config.cpp (config,
// slow-mode, pause, resume). Each finishes `reply` exactly once, possibly later.

#include <QJsonObject>

#include <functional>

namespace as {
class CommandReply;
}

namespace as::engine {

class EngineContext;

void registerAccount(EngineContext& ctx, const QJsonObject& args, CommandReply* reply);
void loginAccount(EngineContext& ctx, const QJsonObject& args, CommandReply* reply);
void logoutAccount(EngineContext& ctx, const QJsonObject& args, CommandReply* reply);
// Refreshes my objects from the DC (names opened locally); `done(false)` when the DC could not be asked.
void syncObjects(EngineContext& ctx, std::function<void(bool ok, QString error)> done);

void listObjects(EngineContext& ctx, const QJsonObject& args, CommandReply* reply);
void shareObject(EngineContext& ctx, const QJsonObject& args, CommandReply* reply);
void deleteObject(EngineContext& ctx, const QJsonObject& args, CommandReply* reply);
void nodeStatus(EngineContext& ctx, const QJsonObject& args, CommandReply* reply);
void listTransfers(EngineContext& ctx, const QJsonObject& args, CommandReply* reply);
// Contribution.cpp: `status` plus the contribution history and the availability measured from it.
void reportContribution(EngineContext& ctx, const QJsonObject& args, CommandReply* reply);

void configure(EngineContext& ctx, const QJsonObject& args, CommandReply* reply);
void setSlowMode(EngineContext& ctx, const QJsonObject& args, CommandReply* reply);
void pauseAll(EngineContext& ctx, bool pause, CommandReply* reply);

} // namespace as::engine
