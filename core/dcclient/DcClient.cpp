#include "core/dcclient/DcClient.h"

#include "core/protocol/Problem.h"

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

QString DcClient::announceUrl() const
{
    QUrl u = m_base;
    u.setPath(QStringLiteral("/announce"));
    return u.toString();
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

void DcClient::send(Call call, std::function<void(Result<Raw>)> done, int attempt)
{
    QUrl url = m_base;
    url.setPath(call.path);
    QNetworkRequest req(url);
    req.setTransferTimeout(m_timeoutMs);
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (!call.contentType.isEmpty())
        req.setRawHeader("Content-Type", call.contentType);
    for (const auto& h : call.headers)
        req.setRawHeader(h.first, h.second);
    if (call.auth && !m_token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    const qint64 started = m_clock.elapsed();
    QNetworkReply* reply = m_nam->sendCustomRequest(req, call.method, call.body);
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
    deadline->start(call.deadlineMs);
    connect(reply, &QNetworkReply::finished, this, [this, reply, call, done, attempt, started, cut]() mutable {
        reply->deleteLater();
        if (!cut->isEmpty()) {
            m_health.recordFailure(m_clock.elapsed());
            emit callFinished(false, int(m_clock.elapsed() - started));
            return done(makeError(ErrorCode::Unavailable,
                QStringLiteral("data center %1 misbehaved: %2").arg(m_base.toString(), *cut)));
        }
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
        const int latency = int(m_clock.elapsed() - started);
        const bool noAnswer = status == 0;
        const bool transient = noAnswer || status >= 500 || status == 429;
        if (transient && call.retry && attempt < m_retry.attempts) {
            const int delay = std::min(m_retry.maxDelayMs, m_retry.baseDelayMs << (attempt - 1));
            QTimer::singleShot(delay, this, [this, call, done, attempt]() { send(call, done, attempt + 1); });
            return;
        }
        if (noAnswer) {
            m_health.recordFailure(m_clock.elapsed());
            emit callFinished(false, latency);
            const QString why = reply->error() == QNetworkReply::OperationCanceledError
                                    ? QStringLiteral("timed out")
                                    : reply->errorString();
            done(makeError(ErrorCode::Unavailable,
                           QStringLiteral("data center %1 unreachable: %2").arg(m_base.toString(), why)));
            return;
        }
        m_health.recordSuccess(m_clock.elapsed(), latency);
        emit callFinished(status < 500, latency);
        if (status >= 200 && status < 300)
            done(Raw{status, body});
        else
            done(errorFrom(status, body));
    });
}

} // namespace as::dcclient
