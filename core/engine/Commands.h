#pragma once
// The short commands of the engine, one function each, grouped by file: Accounts.cpp (register, login,
// logout, the object-list sync), Catalog.cpp (ls, share, delete, status, transfers), Config.cpp (config,
// slow-mode, pause, resume). Each finishes `reply` exactly once, possibly later.

#include <QJsonObject>

#include <functional>

namespace as {
class CommandReply;
class EngineApi;
}

namespace as::engine {

class EngineContext;

// One of my objects named by its id or by a unique prefix of it (at least 4 hex characters), as git
// takes commit ids. Usage errors (exit 2) for text that cannot be an id; failures for no or several matches.
struct Resolved {
    QString id;
    QString error;
    int exitCode = 0;
};
Resolved resolveObjectId(EngineContext& ctx, const QString& text);

// Sharing.cpp: revocable links (docs/sharing.md). `share` with "expires_in" (seconds) or "revocable" makes a
// link at the DC; `unshare` revokes one link (id or URL) or every link of an object; `shares` lists them.
void createShareLink(EngineContext& ctx, const QJsonObject& args, CommandReply* reply);
void unshareObject(EngineContext& ctx, const QJsonObject& args, CommandReply* reply);
void listShares(EngineContext& ctx, const QJsonObject& args, CommandReply* reply);
// Rekey.cpp: re-encrypts one of my objects under a new key and id; old links and replicas die (docs/sharing.md).
void rekeyObject(EngineApi& engine, EngineContext& ctx, const QJsonObject& args, CommandReply* reply);

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
