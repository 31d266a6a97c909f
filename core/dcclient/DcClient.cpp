#include "core/dcclient/DcClient.h"

#include "core/protocol/Problem.h"
#include "core/protocol/Routes.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

#include <algorithm>

namespace as::dcclient {

DcClient::DcClient(const QUrl& baseUrl, QObject* parent)
    : QObject(parent), m_base(baseUrl), m_nam(new QNetworkAccessManager(this))
{
    m_clock.start();
    // The client follows no redirects: a DC that redirects is misconfigured, and a redirect must never carry
    // the bearer token to another host.
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

QString DcClient::dataUrl(const QString& objectId) const
{
    QUrl u = m_base;
    u.setPath(QStringLiteral("/data/") + objectId);
    return u.toString();
}

namespace {
// The tracker answers only announces naming the object's full v2 id (core/protocol/Routes.h); libtorrent
// appends its own query to this one.
QString keyedAnnounceUrl(QUrl base, const QString& objectId)
{
    base.setPath(QString::fromLatin1(protocol::routes::kAnnounce));
    base.setQuery(QString::fromLatin1(protocol::routes::kAnnounceObjectParam) + QLatin1Char('=') + objectId);
    return base.toString();
}
} // namespace

QString DcClient::announceUrl(const QString& objectId) const
{
    return keyedAnnounceUrl(m_base, objectId);
}

QStringList DcClient::announceUrls(const QString& objectId) const
{
    QStringList out { announceUrl(objectId) };
    for (const Standby& s : m_standbys)
        out.append(keyedAnnounceUrl(s.base, objectId));
    return out;
}

Error DcClient::errorFrom(int status, const QByteArray& body)
{
    if (auto json = protocol::parseObject(body); json.ok()) {
        if (auto problem = protocol::Problem::fromJson(*json); problem.ok()) {
            Error e = protocol::errorFromProblem(*problem);
            if (!problem->detail.isEmpty())
                e.message = problem->detail;
            return e;
        }
    }
    protocol::Problem p;
    p.status = status;
    Error e = protocol::errorFromProblem(p);
    e.message = QStringLiteral("the data center answered HTTP %1").arg(status);
    return e;
}

void DcClient::setStandbys(const QList<Standby>& standbys)
{
    const std::optional<Standby> serving = servingStandby();
    m_standbys = standbys;
    m_serving = -1;
    if (serving) // keep talking to the same standby if it is still named
        for (int i = 0; i < m_standbys.size(); ++i)
            if (m_standbys[i].peerId == serving->peerId)
                m_serving = i;
    if (serving && m_serving < 0 && !m_standbys.isEmpty())
        m_serving = 0;
}

std::optional<DcClient::Standby> DcClient::servingStandby() const
{
    if (m_serving < 0 || m_serving >= m_standbys.size())
        return std::nullopt;
    return m_standbys[m_serving];
}

bool DcClient::failOver(Call& call)
{
    if (!call.standbyOk || m_standbys.isEmpty() || !m_signer || call.standbyTries >= m_standbys.size())
        return false;
    m_serving = m_serving < 0 ? 0 : (m_serving + (call.standbyTries > 0 ? 1 : 0)) % int(m_standbys.size());
    ++call.standbyTries;
    return true;
}

QNetworkRequest DcClient::makeRequest(const Call& call, bool toStandby) const
{
    QUrl url = toStandby ? m_standbys[m_serving].base : m_base;
    const qsizetype q = call.path.indexOf(u'?');
    url.setPath(q < 0 ? call.path : call.path.left(q));
    if (q >= 0)
        url.setQuery(call.path.mid(q + 1));
    QNetworkRequest req(url);
    // A standby that does not answer quickly is skipped for the next one.
    req.setTransferTimeout(toStandby ? std::min(m_timeoutMs, 5000) : m_timeoutMs);
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (!call.contentType.isEmpty())
        req.setRawHeader("Content-Type", call.contentType);
    for (const auto& h : call.headers)
        req.setRawHeader(h.first, h.second);
    if ((toStandby || call.sign) && m_signer) {
        const QByteArray target = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
        for (const auto& h : m_signer(call.method, target, call.signBody ? call.body : QByteArray()))
            req.setRawHeader(h.first, h.second);
    } else if (call.auth && !m_token.isEmpty()) {
        req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    }
    return req;
}

std::shared_ptr<QString> DcClient::guardReply(QNetworkReply* reply, const Call& call, bool toStandby) const
{
    // Why a reply was aborted by us, if it was: then it is final (no retry) and says so.
    auto cut = std::make_shared<QString>();
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply, cut, max = call.maxReplyBytes](qint64 got, qint64 total) {
        if (cut->isEmpty() && (got > max || total > max)) {
            *cut = QStringLiteral("its answer exceeds %1 bytes").arg(max);
            reply->abort();
        }
    });
    auto* deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, reply, [reply, cut, ms = call.deadlineMs]() {
        if (cut->isEmpty())
            *cut = QStringLiteral("it did not finish its answer within %1 s").arg(ms / 1000);
        reply->abort();
    });
    deadline->start(toStandby ? std::min(call.deadlineMs, 10'000) : call.deadlineMs);
    return cut;
}

void DcClient::send(Call call, std::function<void(Result<Raw>)> done, int attempt)
{
    const bool toStandby = call.standbyOk && m_serving >= 0 && m_serving < m_standbys.size();
    if (toStandby && call.standbyTries == 0)
        call.standbyTries = 1;
    const QNetworkRequest req = makeRequest(call, toStandby);
    const qint64 started = m_clock.elapsed();
    QNetworkReply* reply = m_nam->sendCustomRequest(req, call.method, call.body);
    auto cut = guardReply(reply, call, toStandby);
    if (toStandby) {
        connect(reply, &QNetworkReply::finished, this,
            [this, reply, call, done, cut]() mutable {
                if (!cut->isEmpty())
                    reply->setProperty("as_cut", true);
                finishStandbyCall(reply, std::move(call), std::move(done));
            });
        return;
    }
    connect(reply, &QNetworkReply::finished, this, [this, reply, call, done, attempt, started, cut]() {
        finishDcCall(reply, call, done, attempt, started, *cut);
    });
}

// The DC's answer: retried when transient and the call allows it, handed to a standby when the DC does not
// answer at all (docs/outage.md), else the final result.
void DcClient::finishDcCall(QNetworkReply* reply, Call call, std::function<void(Result<Raw>)> done, int attempt,
    qint64 started, const QString& cut)
{
    reply->deleteLater();
    if (!cut.isEmpty()) {
        m_health.recordFailure(m_clock.elapsed());
        emit callFinished(false, int(m_clock.elapsed() - started));
        return done(makeError(ErrorCode::Unavailable,
            QStringLiteral("data center %1 misbehaved: %2").arg(m_base.toString(), cut)));
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
    const int latency = int(m_clock.elapsed() - started);
    const bool noAnswer = status == 0;
    // A DC that does not know an object yet (reconciling after an outage) will not know it a second later: the
    // caller asks the peers now (docs/outage.md, "Hand-back").
    const bool notKnownYet = status == 503 && errorFrom(status, body).code == ErrorCode::NotKnownYet;
    const bool transient = noAnswer || ((status >= 500 || status == 429) && !notKnownYet);
    if (transient && call.retry && attempt < m_retry.attempts) {
        const int delay = std::min(m_retry.maxDelayMs, m_retry.baseDelayMs << (attempt - 1));
        QTimer::singleShot(delay, this, [this, call, done, attempt]() { send(call, done, attempt + 1); });
        return;
    }
    if (noAnswer) {
        m_health.recordFailure(m_clock.elapsed());
        emit callFinished(false, latency);
        if (failOver(call)) // the DC is away: a standby master serves (docs/outage.md)
            return send(call, done, 1);
        const QString why = reply->error() == QNetworkReply::OperationCanceledError
                                ? QStringLiteral("timed out")
                                : reply->errorString();
        done(makeError(ErrorCode::Unavailable,
                       QStringLiteral("data center %1 unreachable: %2").arg(m_base.toString(), why)));
        return;
    }
    m_health.recordSuccess(m_clock.elapsed(), latency);
    m_serving = -1; // the DC answers: the outage is over
    emit callFinished(status < 500 || notKnownYet, latency); // reachable: it answered what it knows
    if (status >= 200 && status < 300)
        done(Raw{status, body});
    else
        done(errorFrom(status, body));
}

void DcClient::shareWithOtherStandbys(const Call& call)
{
    for (int i = 0; i < m_standbys.size(); ++i) {
        if (i == m_serving || !m_signer)
            continue;
        QUrl url = m_standbys[i].base;
        url.setPath(call.path);
        QNetworkRequest req(url);
        req.setTransferTimeout(5000);
        req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        if (!call.contentType.isEmpty())
            req.setRawHeader("Content-Type", call.contentType);
        const QByteArray target = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
        for (const auto& h : m_signer(call.method, target, call.body))
            req.setRawHeader(h.first, h.second);
        QNetworkReply* reply = m_nam->sendCustomRequest(req, call.method, call.body);
        connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }
}

// An answer (or none) from a standby master: no retry of the same standby, the next one instead; the DC's
// health history is not touched (it stays "down" until the DC itself answers).
void DcClient::finishStandbyCall(QNetworkReply* reply, Call call, std::function<void(Result<Raw>)> done)
{
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool cut = reply->property("as_cut").toBool();
    const QByteArray body = !cut && reply->isOpen() ? reply->readAll() : QByteArray();
    if (cut || status == 0 || status >= 500) {
        if (failOver(call))
            return send(call, done, 1);
        return done(makeError(ErrorCode::Unavailable,
            QStringLiteral("data center %1 unreachable and no standby master answered").arg(m_base.toString())));
    }
    if (status >= 200 && status < 300 && call.toAllStandbys)
        shareWithOtherStandbys(call);
    if (status >= 200 && status < 300)
        done(Raw { status, body });
    else
        done(errorFrom(status, body));
}

} // namespace as::dcclient
