#pragma once
// One GET over plain HTTP/1.1 on a raw non-blocking socket, read straight into the caller's buffer. For
// DirectFetch from a DC on http:// at an IP address: Qt's network stack read the body in its own thread
// into fresh buffers and copied it again into ours, and faulting in those buffers' pages was most of a
// 200 MB get's page faults (docs/transfer.md, "Direct fetch from the DC"). HTTPS and host names stay with
// QNetworkAccessManager (no TLS here, and no DNS lookup that could block the GUI thread).
//
// A sequential, unbuffered QIODevice over the response body: readyRead() when bytes wait in the socket,
// finished() at the end of the body (or on failure). setPaused() stops watching the socket, so a reader that
// has no room leaves the bytes to TCP's flow control instead of spinning on a readable socket.

#include <QByteArray>
#include <QIODevice>
#include <QString>
#include <QUrl>

class QSocketNotifier;
class QTimer;

namespace as::transfer {

class PlainHttpGet : public QIODevice {
    Q_OBJECT
public:
    static bool handles(const QUrl& url); // http:// with an IP address literal as host
    explicit PlainHttpGet(QObject* parent = nullptr);
    ~PlainHttpGet() override;

    // Connects and sends the request; failures come as finished() with failed() set.
    void start(const QUrl& url, int transferTimeoutMs);
    int status() const { return m_status; } // 0 until the response head arrived
    bool failed() const { return !m_failure.isEmpty(); }
    QString failure() const { return m_failure; }
    void setPaused(bool paused);
    void abort();

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;

signals:
    void finished();

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    void onConnected();
    void onReadable();
    bool readHead(); // false while incomplete or once failed
    void fail(const QString& message);
    void finish();
    void closeSocket();

    int m_fd = -1;
    QSocketNotifier* m_read = nullptr;
    QSocketNotifier* m_write = nullptr;
    QTimer* m_idle = nullptr;
    QByteArray m_request;
    QByteArray m_head; // the response head, then what came after it until read
    bool m_headDone = false;
    int m_status = 0;
    qint64 m_contentLength = -1;
    qint64 m_bodyRead = 0;
    bool m_paused = false;
    bool m_finished = false;
    QString m_failure;
};

} // namespace as::transfer
