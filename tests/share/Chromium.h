#pragma once
// Debian's headless chromium driven over the DevTools protocol (a QWebSocket to its browser endpoint), for
// tests that open real pages served by a real DC: start it with a fresh profile and a download folder, open a
// page, evaluate script, watch network requests and downloads. Every wait is bounded.

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QWebSocket>

#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace as::test {

struct CdpEvent {
    QString method;
    QString sessionId;
    QJsonObject params;
};

class Chromium {
public:
    Chromium() = default;
    ~Chromium();

    static QString binaryPath(); // empty when chromium is not installed
    // Starts chromium (≤ 20 s) with downloads going to `downloadDir`.
    bool start(const QString& downloadDir, QString* why);

    // Whether open() watches the tab's network traffic (requests()); on by default. DevTools' network
    // domain copies every response and sends an event per received block, which slows a large download
    // several times: benchmarks turn it off.
    void setWatchNetwork(bool on) { m_watchNetwork = on; }
    // Script run in every document the next open() loads, before its own (empty: none).
    void setInitScript(const QString& js) { m_initScript = js; }
    // Whether the next open() lets the page's Content-Security-Policy be bypassed (Page.setBypassCSP), for
    // benchmarks that inject their own workers; off by default.
    void setBypassCsp(bool on) { m_bypassCsp = on; }
    // Opens `url` in a new tab and waits (≤ timeoutMs) for its load event; returns false on timeout.
    bool open(const QString& url, int timeoutMs = 15000);
    // Whether the tab's requests skip service workers (as after a hard reload); set after open(). It takes
    // effect only while the network is watched (setWatchNetwork).
    void bypassServiceWorker(bool on);
    // Runs `expression` in the tab (promises awaited, with a user gesture); the value, or an "error" member.
    QJsonValue eval(const QString& expression, int timeoutMs = 15000);
    // Polls `expression` until it is truthy or the time is up; returns its last value.
    QJsonValue waitFor(const QString& expression, int timeoutMs);
    void closeTab();
    // The tab as PNG bytes (empty on failure).
    QByteArray screenshot();

    // Every request the tab and its workers sent, as URL + request headers (one JSON object each).
    const std::vector<QJsonObject>& requests() const { return m_requests; }
    // Download events (Browser.downloadWillBegin / downloadProgress).
    std::vector<CdpEvent> events(const QString& method) const;
    void clearEvents() { m_events.clear(); m_requests.clear(); }
    // Lets the event loop run for `ms` (events keep arriving).
    void pump(int ms);
    // The resident memory (bytes) of each of this browser's renderer processes (pages and workers), by pid.
    std::map<qint64, qint64> rendererMemory() const;
    // Every process of this browser (its profile on the command line), by pid: its --type (renderer, gpu-process,
    // utility, …) or "browser".
    std::map<qint64, QString> processes() const;

private:
    QJsonObject call(const QString& method, const QJsonObject& params = {}, const QString& session = {},
        int timeoutMs = 15000);
    void onMessage(const QString& text);

    QProcess m_proc;
    bool m_watchNetwork = true;
    QString m_initScript;
    bool m_bypassCsp = false;
    QTemporaryDir m_profile;
    QWebSocket m_ws;
    int m_nextId = 1;
    std::map<int, QJsonObject> m_replies;
    std::vector<CdpEvent> m_events;
    std::vector<QJsonObject> m_requests;
    QString m_targetId, m_session;
};

} // namespace as::test
