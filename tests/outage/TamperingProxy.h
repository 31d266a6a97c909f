#pragma once
// A lying server for the tamper tests (docs/outage.md, "What a standby can and cannot do"): an HTTP/1.1 front on
// 127.0.0.1 for one real upstream (a standby or the DC) that passes requests through and lets the test rewrite
// chosen answers. One request per connection ("Connection: close" both ways), requests and answers bounded in
// size and time; when the upstream does not answer, neither does the proxy (the connection is closed).

#include <QByteArray>
#include <QObject>
#include <QTcpServer>

#include <functional>
#include <optional>

namespace as::test {

class TamperingProxy : public QObject {
    Q_OBJECT
public:
    // Returns the body to send instead of the upstream's `body` for `target` (path and query), or nullopt to
    // pass it through unchanged.
    using Rewrite = std::function<std::optional<QByteArray>(const QByteArray& target, const QByteArray& body)>;

    explicit TamperingProxy(int upstreamPort, QObject* parent = nullptr);
    bool listen(); // a free port on 127.0.0.1
    int port() const { return m_server.serverPort(); }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(port()); }
    void setRewrite(Rewrite rewrite) { m_rewrite = std::move(rewrite); }
    int rewritten() const { return m_rewritten; } // answers changed so far

private:
    void accept();
    void forward(class QTcpSocket* client, const QByteArray& request);
    QByteArray answer(const QByteArray& target, const QByteArray& upstreamReply);

    int m_upstreamPort;
    QTcpServer m_server;
    Rewrite m_rewrite;
    int m_rewritten = 0;
};

} // namespace as::test
