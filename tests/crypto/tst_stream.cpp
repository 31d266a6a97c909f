// The ASE1 streaming format: round trips, and every kind of tampering must be caught.

#include "core/crypto/Random.h"
#include "core/crypto/StreamCipher.h"

#include <QtTest>
#include <sys/stat.h>
#include <thread>

using namespace as;
using namespace as::crypto;

namespace {

constexpr qint64 kSmall = kMinChunkSize; // small chunks keep tamper tests fast
constexpr qint64 kMiB = 1 << 20;

SecretKey newKey()
{
    return *SecretKey::generate();
}

QByteArray pattern(qint64 n)
{
    QByteArray b(n, Qt::Uninitialized);
    for (qint64 i = 0; i < n; ++i)
        b[i] = char((i * 131 + (i >> 9)) & 0xff);
    return b;
}

QByteArray encryptBytes(const QByteArray& plain, const SecretKey& key, qint64 chunk = kSmall)
{
    QBuffer in, out;
    in.setData(plain);
    in.open(QIODevice::ReadOnly);
    out.open(QIODevice::WriteOnly);
    StreamOptions o;
    o.chunkSize = chunk;
    const Status st = encryptDevice(in, out, key, o);
    if (!st)
        qFatal("encrypt failed: %s", qPrintable(st.error().message));
    return out.data();
}

Result<QByteArray> decryptBytes(const QByteArray& cipher, const SecretKey& key)
{
    QBuffer in, out;
    in.setData(cipher);
    in.open(QIODevice::ReadOnly);
    out.open(QIODevice::WriteOnly);
    const Status st = decryptDevice(in, out, key);
    if (!st)
        return st.error();
    return out.data();
}

QByteArray sealedChunk(const QByteArray& ct, qint64 chunk, int index)
{
    return ct.mid(kStreamHeaderSize + index * (chunk + kTagSize), chunk + kTagSize);
}

// A pipe-like device: sequential, and hands out data in small uneven pieces.
class Trickle : public QIODevice {
public:
    explicit Trickle(QByteArray data)
        : m_data(std::move(data))
    {
        open(QIODevice::ReadOnly);
    }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char* out, qint64 max) override
    {
        const qint64 n = std::min({ max, qint64(m_data.size() - m_pos), qint64(777 + (m_pos % 500)) });
        if (n <= 0)
            return m_pos >= m_data.size() ? -1 : 0;
        memcpy(out, m_data.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }
    qint64 writeData(const char*, qint64) override { return -1; }
    qint64 bytesAvailable() const override { return m_data.size() - m_pos + QIODevice::bytesAvailable(); }

private:
    QByteArray m_data;
    qint64 m_pos = 0;
};

#define QVERIFY_STATUS(expr)                                                                                           \
    do {                                                                                                               \
        const auto _st = (expr);                                                                                       \
        QVERIFY2(_st.ok(), _st.ok() ? "" : qPrintable(_st.error().message));                                           \
    } while (0)

} // namespace

class TestStream : public QObject {
    Q_OBJECT
private slots:
    void sizesAreExact()
    {
        QCOMPARE(ciphertextSize(0), kStreamHeaderSize + kTagSize);
        QCOMPARE(ciphertextSize(1), kStreamHeaderSize + 1 + kTagSize);
        QCOMPARE(ciphertextSize(kDefaultChunkSize), kStreamHeaderSize + kDefaultChunkSize + kTagSize);
        QCOMPARE(ciphertextSize(kDefaultChunkSize + 1), kStreamHeaderSize + kDefaultChunkSize + 1 + 2 * kTagSize);
        QCOMPARE(ciphertextSize(-1), -1);
        QCOMPARE(ciphertextSize(10, 100), -1); // chunk size below the minimum
        const SecretKey key = newKey();
        for (qint64 n : { qint64(0), qint64(1), kSmall - 1, kSmall, kSmall + 1, 3 * kSmall, 3 * kSmall + 5 }) {
            const QByteArray ct = encryptBytes(pattern(n), key);
            QCOMPARE(ct.size(), ciphertextSize(n, kSmall));
            QCOMPARE(plaintextSizeFor(ct.size(), kSmall).value(), n);
        }
        // Sizes no plaintext produces: inside the header, a stub chunk, an empty chunk after a full one.
        QVERIFY(!plaintextSizeFor(kStreamHeaderSize + 15, kSmall).ok());
        QVERIFY(!plaintextSizeFor(kStreamHeaderSize + kSmall + kTagSize + 5, kSmall).ok());
        QVERIFY(!plaintextSizeFor(kStreamHeaderSize + kSmall + 2 * kTagSize, kSmall).ok());
    }

    void fileRoundTrip_data()
    {
        QTest::addColumn<qint64>("size");
        QTest::newRow("empty") << qint64(0);
        QTest::newRow("one byte") << qint64(1);
        QTest::newRow("chunk-1") << kDefaultChunkSize - 1;
        QTest::newRow("chunk") << kDefaultChunkSize;
        QTest::newRow("chunk+1") << kDefaultChunkSize + 1;
        QTest::newRow("several MiB") << 5 * kMiB + 12345;
    }
    void fileRoundTrip()
    {
        QFETCH(qint64, size);
        QTemporaryDir dir;
        const QString plain = dir.filePath(QStringLiteral("plain")), enc = dir.filePath(QStringLiteral("enc")),
                      back = dir.filePath(QStringLiteral("back"));
        const QByteArray data = pattern(size);
        QFile f(plain);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(data) == size);
        f.close();
        const SecretKey key = newKey();
        qint64 lastDone = -1, lastTotal = 0;
        int calls = 0;
        StreamOptions o;
        o.progress = [&](qint64 done, qint64 total) {
            QVERIFY(done > lastDone || (done == 0 && size == 0));
            lastDone = done;
            lastTotal = total;
            ++calls;
        };
        QVERIFY_STATUS(encryptFile(plain, enc, key, o));
        QCOMPARE(lastDone, size);
        QCOMPARE(lastTotal, size);
        QCOMPARE(calls, int(std::max<qint64>(1, (size + kDefaultChunkSize - 1) / kDefaultChunkSize)));
        QCOMPARE(QFileInfo(enc).size(), ciphertextSize(size));
        lastDone = -1;
        QVERIFY_STATUS(decryptFile(enc, back, key, o));
        QCOMPARE(lastDone, QFileInfo(enc).size());
        QFile b(back);
        QVERIFY(b.open(QIODevice::ReadOnly));
        QVERIFY(b.readAll() == data);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 3); // no temp files left behind
    }

    void sameInputEncryptsDifferently()
    {
        const SecretKey key = newKey();
        const QByteArray data = pattern(3 * kSmall);
        const QByteArray a = encryptBytes(data, key), b = encryptBytes(data, key);
        QVERIFY(a != b); // random nonce prefix
        QCOMPARE(decryptBytes(a, key).value(), data);
        QCOMPARE(decryptBytes(b, key).value(), data);
    }

    void headerTamperDetected()
    {
        const SecretKey key = newKey();
        const QByteArray ct = encryptBytes(pattern(2 * kSmall + 9), key);
        for (int i = 0; i < kStreamHeaderSize; ++i) {
            QByteArray t = ct;
            t[i] = char(t[i] ^ 0x01);
            auto r = decryptBytes(t, key);
            QVERIFY2(!r.ok(), qPrintable(QStringLiteral("header byte %1").arg(i)));
            QCOMPARE(r.error().code, ErrorCode::IntegrityFailure);
        }
    }

    void chunkAndTagTamperDetected()
    {
        const SecretKey key = newKey();
        const QByteArray ct = encryptBytes(pattern(3 * kSmall + 100), key);
        const qint64 positions[] = { kStreamHeaderSize, // first ciphertext byte
            kStreamHeaderSize + kSmall + kTagSize + 1000, // inside chunk 1
            kStreamHeaderSize + kSmall + 3, // tag of chunk 0
            ct.size() - 1 }; // tag of the final chunk
        for (qint64 pos : positions) {
            QByteArray t = ct;
            t[pos] = char(t[pos] ^ 0x80);
            auto r = decryptBytes(t, key);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, ErrorCode::IntegrityFailure);
            QVERIFY(r.error().message.contains(QStringLiteral("authentication")));
        }
    }

    void truncationDetected()
    {
        const SecretKey key = newKey();
        for (qint64 n : { 3 * kSmall, 3 * kSmall + 100 }) {
            const QByteArray ct = encryptBytes(pattern(n), key);
            const qint64 lastSealed = ct.size() - kStreamHeaderSize - 2 * (kSmall + kTagSize);
            // Dropping the whole last chunk leaves a well-formed file: only the final flag catches it.
            const QByteArray dropped = ct.left(ct.size() - lastSealed);
            QVERIFY(plaintextSizeFor(dropped.size(), kSmall).ok());
            auto r = decryptBytes(dropped, key);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, ErrorCode::IntegrityFailure);
            QCOMPARE(decryptBytes(ct.left(ct.size() - 7), key).error().code, ErrorCode::IntegrityFailure);
            QCOMPARE(decryptBytes(ct.left(kStreamHeaderSize + 100), key).error().code, ErrorCode::IntegrityFailure);
            QCOMPARE(decryptBytes(ct.left(kStreamHeaderSize), key).error().code, ErrorCode::IntegrityFailure);
            QCOMPARE(decryptBytes(ct.left(20), key).error().code, ErrorCode::IntegrityFailure);
        }
    }

    void reorderDetected()
    {
        const SecretKey key = newKey();
        const QByteArray ct = encryptBytes(pattern(4 * kSmall), key);
        QByteArray t = ct.left(kStreamHeaderSize) + sealedChunk(ct, kSmall, 1) + sealedChunk(ct, kSmall, 0)
            + sealedChunk(ct, kSmall, 2) + sealedChunk(ct, kSmall, 3);
        QCOMPARE(t.size(), ct.size());
        QCOMPARE(decryptBytes(t, key).error().code, ErrorCode::IntegrityFailure);
    }

    void extensionDetected()
    {
        const SecretKey key = newKey();
        const QByteArray ct = encryptBytes(pattern(2 * kSmall), key);
        QCOMPARE(decryptBytes(ct + sealedChunk(ct, kSmall, 1), key).error().code, ErrorCode::IntegrityFailure);
        QCOMPARE(decryptBytes(ct + sealedChunk(ct, kSmall, 0), key).error().code, ErrorCode::IntegrityFailure);
        QCOMPARE(decryptBytes(ct + QByteArray(kTagSize, 'x'), key).error().code, ErrorCode::IntegrityFailure);
        // A chunk from another file under the same key does not fit either (its header is in the AAD).
        const QByteArray other = encryptBytes(pattern(3 * kSmall), key);
        QCOMPARE(decryptBytes(ct + sealedChunk(other, kSmall, 2), key).error().code, ErrorCode::IntegrityFailure);
        QByteArray spliced = ct;
        spliced.replace(kStreamHeaderSize, kSmall + kTagSize, sealedChunk(other, kSmall, 0));
        QCOMPARE(decryptBytes(spliced, key).error().code, ErrorCode::IntegrityFailure);
    }

    void randomAccessChunk()
    {
        const SecretKey key = newKey();
        const QByteArray data = pattern(5 * kSmall + 321);
        QByteArray ct = encryptBytes(data, key);
        auto dec = ChunkDecryptor::open(ct.left(kStreamHeaderSize), key, ct.size());
        QVERIFY(dec.ok());
        QCOMPARE(dec->chunkCount(), quint64(6));
        QCOMPARE(dec->plaintextSize(), data.size());
        QBuffer dev(&ct);
        QVERIFY(dev.open(QIODevice::ReadOnly));
        auto mid = dec->decryptChunk(2, dev);
        QVERIFY(mid.ok());
        QCOMPARE(*mid, data.mid(2 * kSmall, kSmall));
        auto last = dec->decryptChunk(5, dev);
        QVERIFY(last.ok());
        QCOMPARE(*last, data.mid(5 * kSmall));
        auto fromBytes
            = dec->decryptChunk(3, QByteArrayView(ct).sliced(dec->sealedChunkOffset(3), dec->sealedChunkSize(3)));
        QCOMPARE(fromBytes.value(), data.mid(3 * kSmall, kSmall));
        // Chunk 2's bytes presented as chunk 3, and an index past the end.
        QVERIFY(!dec->decryptChunk(3, QByteArrayView(ct).sliced(dec->sealedChunkOffset(2), kSmall + kTagSize)).ok());
        QCOMPARE(dec->decryptChunk(6, dev).error().code, ErrorCode::InvalidArgument);
        // Told a shorter total size (truncated file), the new "final" chunk no longer verifies.
        auto cut = ChunkDecryptor::open(ct.left(kStreamHeaderSize), key, ct.size() - dec->sealedChunkSize(5));
        QVERIFY(cut.ok());
        QCOMPARE(cut->decryptChunk(4, dev).error().code, ErrorCode::IntegrityFailure);
        QVERIFY(cut->decryptChunk(3, dev).ok());
    }

    void wrongKeyRejected()
    {
        const QByteArray ct = encryptBytes(pattern(kSmall + 1), newKey());
        auto r = decryptBytes(ct, newKey());
        QCOMPARE(r.error().code, ErrorCode::IntegrityFailure);
        QVERIFY(r.error().message.contains(QStringLiteral("wrong key")));
        QVERIFY(!ChunkDecryptor::open(ct.left(kStreamHeaderSize), newKey(), ct.size()).ok());
    }

    void failedDecryptLeavesNoFile()
    {
        QTemporaryDir dir;
        const QString enc = dir.filePath(QStringLiteral("enc")), out = dir.filePath(QStringLiteral("out"));
        const SecretKey key = newKey();
        QByteArray ct = encryptBytes(pattern(4 * kSmall), key);
        ct[ct.size() - 1] = char(ct[ct.size() - 1] ^ 1); // only the last chunk is bad
        QFile f(enc);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(ct) == ct.size());
        f.close();
        const Status st = decryptFile(enc, out, key);
        QCOMPARE(st.error().code, ErrorCode::IntegrityFailure);
        QVERIFY(!QFile::exists(out));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList { QStringLiteral("enc") });
    }

    // The file path runs a different (pipelined) reader than the device path: tamper it on disk too.
    void fileTamperDetected()
    {
        QTemporaryDir dir;
        const QString enc = dir.filePath(QStringLiteral("enc")), out = dir.filePath(QStringLiteral("out"));
        const SecretKey key = newKey();
        const QByteArray ct = encryptBytes(pattern(4 * kSmall), key);
        const qint64 sealed = kSmall + kTagSize;
        QByteArray swapped = ct;
        swapped.replace(kStreamHeaderSize, sealed, sealedChunk(ct, kSmall, 1));
        swapped.replace(kStreamHeaderSize + sealed, sealed, sealedChunk(ct, kSmall, 0));
        QByteArray flipped = ct;
        flipped[kStreamHeaderSize + 2 * sealed + 7] = char(flipped[kStreamHeaderSize + 2 * sealed + 7] ^ 4);
        const QList<QByteArray> variants = { ct.left(ct.size() - sealed), ct.left(ct.size() - 1), ct.left(30),
            ct + sealedChunk(ct, kSmall, 3), swapped, flipped };
        for (const QByteArray& v : variants) {
            QFile f(enc);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(v) == v.size());
            f.close();
            const Status st = decryptFile(enc, out, key);
            QVERIFY(!st.ok());
            QCOMPARE(st.error().code, ErrorCode::IntegrityFailure);
            QVERIFY(!QFile::exists(out));
        }
        QFile f(enc);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(ct) == ct.size());
        f.close();
        QVERIFY_STATUS(decryptFile(enc, out, key));
        QFile o(out);
        QVERIFY(o.open(QIODevice::ReadOnly) && o.readAll() == pattern(4 * kSmall));
    }

    void cancelStopsAndCleansUp()
    {
        QTemporaryDir dir;
        const QString plain = dir.filePath(QStringLiteral("plain")), enc = dir.filePath(QStringLiteral("enc"));
        QFile f(plain);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(pattern(3 * kMiB)) == 3 * kMiB);
        f.close();
        std::atomic<bool> cancel { false };
        int calls = 0;
        StreamOptions o;
        o.cancel = &cancel;
        o.progress = [&](qint64, qint64) {
            ++calls;
            cancel = true;
        };
        const Status st = encryptFile(plain, enc, newKey(), o);
        QVERIFY(!st.ok());
        QVERIFY(isCancelled(st.error()));
        QCOMPARE(calls, 1);
        QVERIFY(!QFile::exists(enc));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }

    void ioErrorsReported()
    {
        QTemporaryDir dir;
        const SecretKey key = newKey();
        QCOMPARE(
            encryptFile(dir.filePath(QStringLiteral("missing")), dir.filePath(QStringLiteral("o")), key).error().code,
            ErrorCode::Io);
        const QString plain = dir.filePath(QStringLiteral("p"));
        QFile f(plain);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write("hello") == 5);
        f.close();
        QCOMPARE(encryptFile(plain, dir.filePath(QStringLiteral("no/such/dir/o")), key).error().code, ErrorCode::Io);
        // Disk full: every write to /dev/full fails with ENOSPC.
        QFile full(QStringLiteral("/dev/full"));
        if (full.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
            QBuffer in;
            in.setData(pattern(2 * kSmall));
            in.open(QIODevice::ReadOnly);
            const Status st = encryptDevice(in, full, key);
            QCOMPARE(st.error().code, ErrorCode::Io);
        }
        QCOMPARE(decryptBytes("not an encrypted file at all, just text......................", key).error().code,
            ErrorCode::IntegrityFailure);
    }

    void sequentialDevices()
    {
        const SecretKey key = newKey();
        for (qint64 n : { qint64(0), kSmall, 3 * kSmall + 1 }) {
            const QByteArray data = pattern(n);
            Trickle in(data);
            QBuffer out;
            out.open(QIODevice::WriteOnly);
            StreamOptions o;
            o.chunkSize = kSmall;
            QVERIFY_STATUS(encryptDevice(in, out, key, o));
            QCOMPARE(out.data().size(), ciphertextSize(n, kSmall));
            Trickle cin(out.data());
            QBuffer back;
            back.open(QIODevice::WriteOnly);
            QVERIFY_STATUS(decryptDevice(cin, back, key));
            QCOMPARE(back.data(), data);
        }
    }

    // A FIFO has no size: encryptFile must stream it, not encrypt "0 bytes".
    void fifoInput()
    {
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("fifo")), enc = dir.filePath(QStringLiteral("enc"));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        const QByteArray data = pattern(3 * kMiB + 5);
        std::thread feeder([&] {
            QFile w(fifo);
            if (w.open(QIODevice::WriteOnly))
                w.write(data);
        });
        const SecretKey key = newKey();
        const Status st = encryptFile(fifo, enc, key);
        feeder.join();
        QVERIFY_STATUS(st);
        QFile e(enc);
        QVERIFY(e.open(QIODevice::ReadOnly));
        QCOMPARE(decryptBytes(e.readAll(), key).value(), data);
    }

    void chunkEncryptorEnforcesSequence()
    {
        const SecretKey key = newKey();
        auto enc = ChunkEncryptor::create(key, kSmall);
        QVERIFY(enc.ok());
        QByteArray out = enc->header();
        QVERIFY(!enc->sealChunk(1, pattern(kSmall), false, out).ok()); // skips chunk 0
        QVERIFY(!enc->sealChunk(0, pattern(10), false, out).ok()); // short non-final chunk
        QVERIFY_STATUS(enc->sealChunk(0, pattern(kSmall), false, out));
        QVERIFY_STATUS(enc->sealChunk(1, pattern(10), true, out));
        QVERIFY(!enc->sealChunk(2, pattern(10), true, out).ok()); // after the final chunk
        QCOMPARE(decryptBytes(out, key).value(), pattern(kSmall) + pattern(10));
        QVERIFY(!ChunkEncryptor::create(key, 100).ok());
    }
};

QTEST_GUILESS_MAIN(TestStream)
#include "tst_stream.moc"
