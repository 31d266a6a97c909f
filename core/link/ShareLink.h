#pragma once
// Share links (docs/design.md §3):
//   https://DC-HOST[:PORT]/s/OBJECT-ID#k=FILE-KEY          (also http://, e.g. a DC on loopback or a LAN)
//   amazingstore://DC-HOST[:PORT]/s/OBJECT-ID[?tls=0|1]#k=FILE-KEY
// OBJECT-ID is 64 lowercase hex, FILE-KEY 32 bytes as unpadded base64url (43 characters). The key sits in
// the fragment, which browsers never send to a server. In place of OBJECT-ID a link may carry a LINK-ID (32
// lowercase hex): a revocable, possibly expiring grant the DC resolves to the object (docs/sharing.md).
//
// amazingstore:// links name the DC host, not its scheme: the DC is reached over https, except for a
// loopback host (localhost, 127.0.0.0/8, ::1), which is reached over http. An explicit `?tls=1` or
// `?tls=0` overrides that; formatAppLink() writes it only when the default would be wrong. See docs/crypto.md.
//
// Parsing is strict and every rejection says what is wrong (InvalidArgument).

#include "core/util/Result.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace as::link {

constexpr qsizetype kFileKeySize = 32;
constexpr qsizetype kLinkIdHexLength = 32;

struct ShareLink {
    QUrl dcBaseUrl; // scheme http or https, host, optional port; no path, query, fragment or userinfo
    QString objectId; // 64 lowercase hex; empty in a link-id link until the DC resolved it
    QByteArray fileKey; // raw 32 bytes
    QString linkId; // 32 lowercase hex for a revocable link, else empty

    bool isRevocable() const { return !linkId.isEmpty(); }
    QString pathId() const { return linkId.isEmpty() ? objectId : linkId; } // what follows /s/
};

Result<ShareLink> parseShareLink(QStringView text);

// https:// (or http://, following the base URL's scheme) link. InvalidArgument for a bad base URL, id
// or key. `objectId` may also be a link id.
Result<QString> formatShareLink(const QUrl& dcBaseUrl, QStringView objectId, const QByteArray& fileKey);
Result<QString> formatShareLink(const ShareLink& link);

// amazingstore:// link for the same DC, id and key.
Result<QString> formatAppLink(const QUrl& dcBaseUrl, QStringView objectId, const QByteArray& fileKey);
Result<QString> formatAppLink(const ShareLink& link);

// True for localhost, 127.0.0.0/8 and ::1.
bool isLoopbackHost(const QString& host);

} // namespace as::link
