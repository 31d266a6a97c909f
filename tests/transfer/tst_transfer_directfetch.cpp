// DirectFetch (core/transfer/DirectFetch, docs/transfer.md "Decryption beside the fetch, from memory"): the
// object from an HTTP origin in one stream, each piece checked against the torrent before a reader may see
// it, handed over in memory. A slow reader bounds the memory held (the fetch pauses, TCP waits); a corrupt
// piece is never readable, and neither is anything after it; a short body fails. Both transports: a raw
// socket for http:// to an IP address, Qt's network stack for a host name.
#include "core/transfer/DirectFetch.h"
#include "tests/transfer/TestSupport.h"

#include <QSignalSpy>
#include <QtTest>
#include <httplib.h>

#include <atomic>
#include <thread>

using namespace as::transfer;
using namespace as::transfer::test;

namespace {

// Serves `content` at /data/x.
class Origin {
public:
    explicit Origin(QByteArray content)
        : m_content(std::move(content))
    {
        m_server.Get("/data/x", [this](const httplib::Request&, httplib::Response& res) {
            res.set_content(m_content.constData(), size_t(m_content.size()), "application/octet-stream");
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
    }
    ~Origin()
    {
        m_server.stop();
        m_thread.join();
    }
    QUrl url(const QString& host) const { return QUrl(QStringLiteral("http://%1:%2/data/x").arg(host).arg(m_port)); }

private:
    QByteArray m_content;
    httplib::Server m_server;
    int m_port = 0;
    std::thread m_thread;
};

// Reads a fetch's verified bytes on its own thread, `chunk` at a time, pausing `pauseUs` between reads.
struct Reader {
    QByteArray got;
    qint64 result = 0; // the last read(): 0 at the end, -1 on failure
    std::atomic<qint64> mostQueued { 0 };
    std::atomic<bool> done { false };
    std::thread thread;

    Reader(std::shared_ptr<VerifiedStream> stream, qint64 chunk, int pauseUs)
    {
        thread = std::thread([this, stream, chunk, pauseUs] {
            VerifiedReader in(stream);
            in.open(QIODevice::ReadOnly);
            QByteArray buf(chunk, Qt::Uninitialized);
            for (;;) {
                mostQueued = std::max(mostQueued.load(), stream->available());
                result = in.read(buf.data(), chunk);
                if (result <= 0)
                    break;
                got.append(buf.constData(), result);
                if (pauseUs > 0)
                    std::this_thread::sleep_for(std::chrono::microseconds(pauseUs));
            }
            done = true;
        });
    }
    ~Reader()
    {
        if (thread.joinable())
            thread.join();
    }
};

} // namespace

class DirectFetchTest : public QObject, public SwarmFixture {
    Q_OBJECT

    // Fetches `o` from an origin that serves `served` instead of its bytes: the fetch fails and the reader's
    // last read is -1. `got` is what the reader saw before, `why` the failure the fetch gave.
    void fetchExpectingFailure(const Object& o, const QByteArray& served, QByteArray& got, QString& why)
    {
        Origin origin(served);
        DirectFetch fetch;
        QSignalSpy finished(&fetch, &DirectFetch::finished);
        QVERIFY(fetch.start({ o.made.torrent, origin.url(QStringLiteral("127.0.0.1")), 15000 }).ok());
        Reader reader(fetch.stream(), 1 << 20, 0);
        QVERIFY(QTest::qWaitFor([&] { return reader.done.load(); }, 60000));
        QVERIFY(finished.size() == 1 || finished.wait(5000));
        QCOMPARE(finished.first().value(0).toBool(), false);
        QCOMPARE(reader.result, qint64(-1));
        got = reader.got;
        why = finished.first().value(1).toString();
    }

private slots:
    void slowReaderBoundsMemory_data()
    {
        QTest::addColumn<QString>("host");
        QTest::newRow("raw socket (IP address)") << QStringLiteral("127.0.0.1");
        QTest::newRow("Qt network (host name)") << QStringLiteral("localhost");
    }
    void slowReaderBoundsMemory()
    {
        QFETCH(QString, host);
        const Object o = makeObject(48 << 20, 7, 1 << 20);
        Origin origin(o.content);
        DirectFetch fetch;
        QSignalSpy finished(&fetch, &DirectFetch::finished);
        QVERIFY(fetch.start({ o.made.torrent, origin.url(host), 15000 }).ok());
        // 64 KiB per read with a pause: far slower than loopback, so the queue fills and the fetch waits.
        Reader reader(fetch.stream(), 64 * 1024, 300);
        QVERIFY(QTest::qWaitFor([&] { return reader.done.load(); }, 120000));
        QVERIFY(finished.wait(5000) || finished.size() == 1);
        QCOMPARE(finished.first().value(0).toBool(), true);
        QCOMPARE(reader.result, qint64(0));
        QVERIFY(reader.got == o.content);
        // 16 MiB of verified pieces at most (plus one piece being handed over).
        QVERIFY2(reader.mostQueued <= (17 << 20), qPrintable(QString::number(reader.mostQueued)));
        QVERIFY2(reader.mostQueued >= (8 << 20), qPrintable(QString::number(reader.mostQueued))); // it did fill
    }

    // Piece 3 corrupted at the origin: the reader fails, having seen at most pieces 0-2; nothing of piece 3
    // or later is ever handed over.
    void corruptPieceIsNeverReadable()
    {
        const Object o = makeObject(8 << 20, 8, 1 << 20);
        QByteArray served = o.content;
        served[3 * (1 << 20) + 12345] = char(served[3 * (1 << 20) + 12345] ^ 0x40);
        QByteArray got;
        QString why;
        fetchExpectingFailure(o, served, got, why);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(why.contains(QStringLiteral("piece 3")));
        // What was read before the failure (the queue is dropped then) is verified bytes only.
        QVERIFY2(got.size() <= (3 << 20), qPrintable(QString::number(got.size())));
        QVERIFY(o.content.startsWith(got));
    }

    void shortBodyFails()
    {
        const Object o = makeObject(3 << 20, 9, 1 << 20);
        QByteArray got;
        QString why;
        fetchExpectingFailure(o, o.content.left((2 << 20) + 100), got, why);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(got.size() <= (2 << 20));
        QVERIFY(o.content.startsWith(got));
    }
};

QTEST_GUILESS_MAIN(DirectFetchTest)
#include "tst_transfer_directfetch.moc"
