#pragma once
// The short commands of the engine, one function each, grouped by file: Accounts.cpp (register, login,
// logout, the object-list sync), Catalog.cpp (ls, share, delete, status, transfers), Config.cpp (config,
// slow-mode, pause, resume). Each finishes `reply` exactly once, possibly later.

#include "core/api/Commands.h"
#include "core/crypto/AccountKey.h"

#include <QUrl>

#include <functional>
#include <optional>

namespace as {
class CommandReply;
class EngineApi;
}

namespace as::dcclient {
class DcClient;
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
// As resolveObjectId, but a full id that is not mine is passed on for the DC to judge (an object shared with
// me: the DC refuses a recipient's delete or link with 403 and says who owns it).
Resolved resolveObjectIdForDc(EngineContext& ctx, const QString& text);

// "Not logged in", with what to run: the answer of every command that acts for an account when no one is.
Error notLoggedIn();
// The DC of a command that acts for the logged-in account; null once `reply` has failed (no one is logged in,
// or no DC is configured).
dcclient::DcClient* accountDc(EngineContext& ctx, CommandReply* reply);
// The DC and the object id (resolveObjectIdForDc of `text`) of a command that acts on one object at the DC for
// the logged-in account; nullopt once `reply` has failed.
struct DcObject {
    dcclient::DcClient* dc = nullptr;
    QString id;
};
std::optional<DcObject> accountDcObject(EngineContext& ctx, const QString& text, CommandReply* reply);

// UserSharing.cpp: sharing to a named user (docs/sharing.md). ensureAccountKeys makes the account's key pair at
// the DC if it has none yet (at register, login and daemon start) and hands back the unwrapped pair.
void ensureAccountKeys(EngineContext& ctx, std::function<void(Result<crypto::AccountKeyPair>)> done);
void shareToUser(EngineContext& ctx, const api::ShareToUserRequest& request, CommandReply* reply);
void unshareUser(EngineContext& ctx, const api::UnshareUserRequest& request, CommandReply* reply);
void listSharedWithMe(EngineContext& ctx, const api::SharedWithMeRequest& request, CommandReply* reply);
void listRecipients(EngineContext& ctx, const api::RecipientsRequest& request, CommandReply* reply);
// `key [USER]`: my account key's fingerprint, or USER's with whether it matches the one pinned here.
void showAccountKey(EngineContext& ctx, const api::AccountKeyRequest& request, CommandReply* reply);
// `get ID` of an object shared with me: the DC's current grant (refused once unshared), opened here.
struct SharedObject {
    QString objectId;
    QUrl dcBaseUrl;
    QByteArray fileKey;
};
void resolveSharedObject(EngineContext& ctx, const QString& text, std::function<void(Result<SharedObject>)> done);

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
