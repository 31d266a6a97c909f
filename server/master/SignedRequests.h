#pragma once
// Verifies signed requests (core/protocol/Master.h): the caller's Ed25519 key signs method, target, account,
// time, nonce and the body's hash. A request is accepted once: its time must be within
// kSignedRequestSkewMs of ours and its (key, nonce) unseen in that window (replay protection).

#include "core/util/Result.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <mutex>

namespace httplib {
struct Request;
}

namespace as::server {

struct SignedCaller {
    QString peerId; // SHA-256 of the key
    QByteArray publicKey;
    QString account; // as claimed; the caller of verify() decides whether the key may act for it
};

class NonceWindow {
public:
    // False when (peerId, nonce) was seen within the window; true and remembered otherwise.
    bool admit(const QString& peerId, const QByteArray& nonce, qint64 nowMs);

private:
    static constexpr qsizetype kMaxRemembered = 200'000;
    std::mutex m_mutex;
    QHash<QByteArray, qint64> m_seen; // peer id + nonce → expiry (ms)
};

// 401 for a missing or bad signature, a time outside the window or a replayed nonce.
Result<SignedCaller> verifySignedRequest(const httplib::Request& req, NonceWindow& nonces, qint64 nowMs);

} // namespace as::server
