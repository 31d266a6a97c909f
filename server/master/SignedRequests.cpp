#include "server/master/SignedRequests.h"

#include "core/crypto/Identity.h"
#include "core/protocol/Master.h"
#include "core/util/Encoding.h"

#include <httplib.h>

#include <algorithm>
#include <cstdlib>

namespace as::server {
using namespace Qt::Literals::StringLiterals;

bool NonceWindow::admit(const QString& peerId, const QByteArray& nonce, qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    if (m_seen.size() >= kMaxRemembered)
        m_seen.removeIf([nowMs](const auto& it) { return it.value() < nowMs; });
    if (m_seen.size() >= kMaxRemembered)
        return false; // a flood of fresh nonces: refuse rather than forget and allow replays
    const QByteArray key = peerId.toLatin1() + ':' + nonce;
    auto it = m_seen.find(key);
    if (it != m_seen.end() && it.value() >= nowMs)
        return false;
    m_seen.insert(key, nowMs + 2 * protocol::kSignedRequestSkewMs);
    return true;
}

namespace {
bool validNonce(const std::string& n)
{
    if (n.size() < 16 || n.size() > 64)
        return false;
    return std::all_of(n.begin(), n.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'); });
}
} // namespace

Result<SignedCaller> verifySignedRequest(const httplib::Request& req, NonceWindow& nonces, qint64 nowMs)
{
    using namespace protocol::signedhdr;
    for (const char* h : { kKey, kTime, kNonce, kSignature })
        if (req.get_header_value_count(h) != 1)
            return makeError(ErrorCode::Unauthorized,
                u"this server takes signed requests only: exactly one %1 header is needed"_s.arg(QLatin1String(h)));
    const auto key = fromBase64Url(QString::fromStdString(req.get_header_value(kKey)));
    const auto signature = fromBase64Url(QString::fromStdString(req.get_header_value(kSignature)));
    if (!key || key->size() != crypto::kEd25519PublicKeySize || !signature
        || signature->size() != crypto::kEd25519SignatureSize)
        return makeError(ErrorCode::Unauthorized, u"malformed signing key or signature"_s);
    const std::string nonce = req.get_header_value(kNonce);
    if (!validNonce(nonce))
        return makeError(ErrorCode::Unauthorized, u"the nonce must be 16-64 characters [0-9a-z]"_s);
    bool numeric = false;
    const qint64 timeMs = QString::fromStdString(req.get_header_value(kTime)).toLongLong(&numeric);
    if (!numeric || std::abs(timeMs - nowMs) > protocol::kSignedRequestSkewMs)
        return makeError(ErrorCode::Unauthorized, u"the request's time is more than 5 minutes from this server's"_s);
    const QString account = QString::fromStdString(req.get_header_value(kAccount)).left(256);
    const QByteArray target = QByteArray::fromStdString(req.target.empty() ? req.path : req.target);
    const QByteArray signed_ = protocol::requestSigningBytes(QByteArray::fromStdString(req.method), target, account,
        timeMs, QByteArray::fromStdString(nonce), QByteArray::fromStdString(req.body));
    if (!crypto::verifySignature(*key, signed_, *signature))
        return makeError(ErrorCode::Unauthorized, u"the request's signature does not check"_s);
    const QString peerId = crypto::peerIdFromPublicKey(*key);
    if (!nonces.admit(peerId, QByteArray::fromStdString(nonce), nowMs))
        return makeError(ErrorCode::Unauthorized, u"this request was already received (replay)"_s);
    return SignedCaller { peerId, *key, account };
}

} // namespace as::server
