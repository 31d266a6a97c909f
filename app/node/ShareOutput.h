#pragma once
// What the sharing commands print (docs/sharing.md): overloads of Output.cpp's print() for their requests.

#include "core/api/ShareCommands.h"

namespace as::node {

void print(const api::ShareLinkRequest&, const api::LinkEntry& reply, bool json);
void print(const api::UnshareRequest&, const api::UnshareReply& reply, bool json);
void print(const api::SharesRequest&, const api::SharesReply& reply, bool json);
void print(const api::RekeyRequest&, const api::RekeyReply& reply, bool json);
void print(const api::ShareToUserRequest&, const api::SharedItem& reply, bool json);
void print(const api::UnshareUserRequest&, const api::SharedItem& reply, bool json);
void print(const api::SharedWithMeRequest&, const api::SharedListReply& reply, bool json);
void print(const api::RecipientsRequest&, const api::SharedListReply& reply, bool json);
void print(const api::AccountKeyRequest&, const api::AccountKeyReply& reply, bool json);

} // namespace as::node
