#pragma once
// REST client of one DC (docs/design.md §4) on QNetworkAccessManager. Every call has a transfer timeout; calls
// that may be repeated safely are retried on network errors, timeouts and 5xx with exponential backoff.
// Answers come back on the client's thread through the callback, as Result values (problem+json mapped
// back to ErrorCode; no answer at all → Unavailable). Bodies use core/protocol's JSON mapping only.

#include "core/dcclient/DaemonDc.h"
#include "core/dcclient/DcHealth.h"
#include "core/protocol/Accounts.h"
#include "core/protocol/Health.h"
#include "core/protocol/Master.h"
#include "core/protocol/Links.h"
#include "core/protocol/Grants.h"
#include "core/protocol/Objects.h"
#include "core/protocol/Peers.h"
#include "core/util/Result.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace as::dcclient {

class DcClient : public QObject, public DaemonDc {
    Q_OBJECT
public:
    explicit DcClient(const QUrl& baseUrl, QObject* parent = nullptr);

    QUrl baseUrl() const override { return m_base; }
    void setToken(const QString& token) { m_token = token; }
    bool hasToken() const { return !m_token.isEmpty(); }
    void setTimeoutMs(int ms) override { m_timeoutMs = ms; }
    void setRetryPolicy(const RetryPolicy& policy) override { m_retry = policy; }
    const DcHealth& health() const { return m_health; }
    int consecutiveFailures() const override { return m_health.consecutiveFailures(); }

    // Outage mode (docs/outage.md). When the DC does not answer, calls a standby may serve go to the standby
    // masters the last heartbeat answer named, signed by `signer` (no token ever goes to a standby); any
    // answer from the DC itself ends the outage.
    using Standby = dcclient::Standby;
    using Headers = QList<QPair<QByteArray, QByteArray>>;
    using RequestSigner = std::function<Headers(const QByteArray& method, const QByteArray& target, const QByteArray& body)>;
    void setStandbys(const QList<Standby>& standbys);
    void setRequestSigner(RequestSigner signer) { m_signer = std::move(signer); }
    bool hasStandbys() const { return !m_standbys.isEmpty(); }
    bool hasSigner() const { return bool(m_signer); }
    // Whether calls currently go to a standby, and which.
    bool inOutage() const override { return m_serving >= 0; }
    std::optional<Standby> servingStandby() const override;
    void probeDc(DoneStatus done) override;
    // A named standby pulls the DC's change log (signed by the node's key).
    void masterLog(qint64 since, Done<protocol::LogPage> done);
    // A standby hands back what changed during the outage (docs/outage.md "Hand-back"); DC only.
    void merge(const protocol::MergeRequest& body, Done<protocol::MergeReply> done);

    // URLs other components need (web seed, tracker).
    QString dataUrl(const QString& objectId) const override;
    // The tracker URL of one object: it names the object's full v2 id, without which the tracker answers nothing.
    QString announceUrl(const QString& objectId) const;
    // The DC's tracker, then each cached standby's (they answer /announce during an outage).
    QStringList announceUrls(const QString& objectId) const override;

    void checkHealth(Done<protocol::HealthInfo> done);
    void accountSalt(const QString& user, Done<protocol::AccountSalt> done);
    void createAccount(const protocol::AccountCreate& body, Done<protocol::AccountCreated> done);
    void login(const protocol::LoginRequest& body, Done<protocol::LoginReply> done);
    void logout(DoneStatus done);

    void registerObject(const protocol::ObjectRegister& body, Done<protocol::ObjectInfo> done) override;
    void listObjects(Done<protocol::ObjectList> done);
    void object(const QString& id, Done<protocol::ObjectInfo> done) override;
    void deleteObject(const QString& id, DoneStatus done) override;
    // One Content-Range part: bytes [offset, offset + data.size()) of a `total`-byte ciphertext.
    void uploadPart(const QString& id, qint64 offset, const QByteArray& data, qint64 total,
                    Done<protocol::ObjectInfo> done) override;
    // The same part sent by a peer holding a copy of an outage upload whose owner has not come back (the DC
    // asked in dc_copy): signed by the node's key over an empty body; the DC checks the pieces themselves.
    void copyPartToDc(const QString& id, qint64 offset, const QByteArray& data, qint64 total,
                      Done<protocol::ObjectInfo> done);
    void torrent(const QString& id, Done<QByteArray> done) override;
    void heartbeat(const protocol::Heartbeat& body, Done<protocol::HeartbeatReply> done) override;
    void repair(const QString& id, const protocol::RepairRequest& body, Done<protocol::RepairReply> done) override;

    // Revocable share links (docs/sharing.md).
    void createLink(const QString& objectId, const protocol::LinkCreate& body, Done<protocol::LinkInfo> done);
    void listLinks(Done<protocol::LinkList> done);
    void revokeLink(const QString& linkId, DoneStatus done);
    void revokeObjectLinks(const QString& objectId, DoneStatus done);
    // No auth: what a link grants, while it works (NotFound with the reason once expired or revoked).
    void resolveLink(const QString& linkId, Done<protocol::LinkResolution> done);

    // Sharing to a named user (docs/sharing.md, core/protocol/Grants.h).
    void accountKeys(Done<protocol::AccountKeys> done); // NotFound: none yet
    void setAccountKeys(const protocol::AccountKeys& keys, Done<protocol::AccountKeys> done);
    void userKey(const QString& user, Done<protocol::UserKey> done);
    void addRecipient(const QString& objectId, const protocol::GrantCreate& body, Done<protocol::GrantInfo> done);
    void recipients(const QString& objectId, Done<protocol::GrantList> done);
    void removeRecipient(const QString& objectId, const QString& user, DoneStatus done);
    void sharedWithMe(Done<protocol::GrantList> done);
    void sharedWithMeObject(const QString& objectId, Done<protocol::GrantInfo> done);

signals:
    // Every finished call (after retries): for the node's DC health history.
    void callFinished(bool reachable, int latencyMs);

private:
    struct Raw {
        int status = 0;
        QByteArray body;
    };
    struct Call {
        QByteArray method;
        QString path;
        QByteArray body;
        QByteArray contentType;
        QList<QPair<QByteArray, QByteArray>> headers;
        bool auth = false;
        bool retry = true;
        // A hostile or broken server (a share link can name any host) cannot make us hold a huge answer or
        // keep a call open by trickling: the answer is cut at maxReplyBytes and the whole call, retries
        // aside, at deadlineMs (transferTimeout only limits silence between bytes).
        qint64 maxReplyBytes = kMaxReplyBytes;
        int deadlineMs = kCallDeadlineMs;
        bool standbyOk = false; // a standby master may serve it during an outage
        int standbyTries = 0; // standbys tried for this call
        bool sign = false; // signed by the node's key even when it goes to the DC (/master/*)
        bool signBody = true; // false: the signature covers an empty body (a part the DC streams to disk)
        bool toAllStandbys = false; // a write a standby accepted is sent to the other standbys too
    };
    // A call a standby master may serve (docs/outage.md).
    static Call standbyOk(Call c)
    {
        c.standbyOk = true;
        return c;
    }
    static constexpr qint64 kMaxReplyBytes = 4 << 20; // JSON answers and torrents (a 64 GiB object's: ~250 kB)
    static constexpr qint64 kMaxListBytes = 64 << 20; // an account's object list
    static constexpr int kCallDeadlineMs = 30'000;
    static constexpr int kPartDeadlineMs = 600'000;    // a 32 MiB part at >= 56 kB/s
    static constexpr int kTorrentDeadlineMs = 15'000;
    void send(Call call, std::function<void(Result<Raw>)> done, int attempt = 1);
    // The steps of send(): the request (URL, time limit, headers, signature or token), the guards that cut an
    // answer too large or too slow (the reason lands in the returned string), and the DC's answer judged.
    QNetworkRequest makeRequest(const Call& call, bool toStandby) const;
    std::shared_ptr<QString> guardReply(QNetworkReply* reply, const Call& call, bool toStandby) const;
    void finishDcCall(QNetworkReply* reply, Call call, std::function<void(Result<Raw>)> done, int attempt,
        qint64 started, const QString& cut);
    template <typename T>
    void jsonCall(Call call, int okStatus, Done<T> done);
    // The DC did not answer `call`: the next standby, or false when none is left to try.
    bool failOver(Call& call);
    void finishStandbyCall(QNetworkReply* reply, Call call, std::function<void(Result<Raw>)> done);
    // A registration or deletion the serving standby accepted, sent (signed afresh) to every other cached
    // standby, answers ignored: any of them can then serve the object, and each hands its copy back
    // (the DC applies a change once).
    void shareWithOtherStandbys(const Call& call);
    static Error errorFrom(int status, const QByteArray& body);

    QUrl m_base;
    QString m_token;
    int m_timeoutMs = 15000;
    RetryPolicy m_retry;
    DcHealth m_health;
    QElapsedTimer m_clock;
    QNetworkAccessManager* m_nam;
    QList<Standby> m_standbys;
    RequestSigner m_signer;
    int m_serving = -1; // index into m_standbys while in an outage
};

} // namespace as::dcclient
