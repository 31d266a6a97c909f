#pragma once
// Private to core/transfer (includes libtorrent): conversions between Qt and libtorrent types.

#include "core/util/Result.h"

#include <QByteArray>
#include <QString>
#include <libtorrent/address.hpp>
#include <libtorrent/info_hash.hpp>
#include <libtorrent/socket.hpp>
#include <libtorrent/torrent_info.hpp>
#include <memory>
#include <optional>

namespace as::transfer {

template <typename Hash> QString hexOf(const Hash& h)
{
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(h.data()), int(h.size())).toHex());
}

// The project's id of a torrent: v2 hex, else v1 hex (v1-only torrents, interop only).
inline QString idOf(const libtorrent::info_hash_t& ih)
{
    return ih.has_v2() ? hexOf(ih.v2) : hexOf(ih.v1);
}

inline Result<std::shared_ptr<const libtorrent::torrent_info>> parseTorrent(const QByteArray& bytes)
{
    if (bytes.isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("empty torrent"));
    libtorrent::error_code ec;
    auto ti = std::make_shared<libtorrent::torrent_info>(
        libtorrent::span<const char>(bytes.constData(), bytes.size()), ec, libtorrent::from_span);
    if (ec)
        return makeError(
            ErrorCode::InvalidArgument, QStringLiteral("bad torrent: %1").arg(QString::fromStdString(ec.message())));
    return std::shared_ptr<const libtorrent::torrent_info>(std::move(ti));
}

// A v2 info-hash from its 64 lowercase or uppercase hex digits.
inline std::optional<libtorrent::sha256_hash> parseV2Hash(const QString& hex)
{
    if (hex.size() != 64)
        return std::nullopt;
    const QByteArray raw = QByteArray::fromHex(hex.toLatin1());
    if (raw.size() != 32 || QString::fromLatin1(raw.toHex()) != hex.toLower())
        return std::nullopt;
    return libtorrent::sha256_hash(raw.constData());
}

// "1.2.3.4:5", "[::1]:5". No name resolution (peers are given as addresses).
inline std::optional<libtorrent::tcp::endpoint> parseEndpoint(const QString& text)
{
    const int colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const int port = text.mid(colon + 1).toInt(&ok);
    if (!ok || port <= 0 || port > 65535)
        return std::nullopt;
    libtorrent::error_code ec;
    const auto addr = libtorrent::make_address(host.toStdString(), ec);
    if (ec)
        return std::nullopt;
    return libtorrent::tcp::endpoint(addr, std::uint16_t(port));
}

inline QString endpointText(const libtorrent::tcp::endpoint& ep)
{
    const QString addr = QString::fromStdString(ep.address().to_string());
    return ep.address().is_v6() ? QStringLiteral("[%1]:%2").arg(addr).arg(ep.port())
                                : QStringLiteral("%1:%2").arg(addr).arg(ep.port());
}

} // namespace as::transfer
