#include "core/util/Encoding.h"
#include "core/util/Ids.h"
#include "core/util/Result.h"
#include "core/util/Sha256Lanes.h"

#include <QtTest>

#include <random>

using namespace as;

class TestUtil : public QObject {
    Q_OBJECT
private slots:
    void hexRoundTripAndRejects()
    {
        QCOMPARE(toHex(QByteArray("\x01\xab", 2)), QStringLiteral("01ab"));
        QCOMPARE(fromHex(u"01AB").value(), QByteArray("\x01\xab", 2));
        QVERIFY(!fromHex(u"0").has_value());
        QVERIFY(!fromHex(u"zz").has_value());
        QVERIFY(!fromHex(u"0 1").has_value());
    }
    void base64UrlStrict()
    {
        const QByteArray key(32, '\xfb');
        const QString enc = toBase64Url(key);
        QVERIFY(!enc.contains(u'=') && !enc.contains(u'+') && !enc.contains(u'/'));
        QCOMPARE(fromBase64Url(enc).value(), key);
        QVERIFY(!fromBase64Url(u"ab+/").has_value());
        QVERIFY(!fromBase64Url(u"abc=").has_value());
        QVERIFY(!fromBase64Url(u"a").has_value());
    }
    void idValidation()
    {
        QVERIFY(isValidId(QString(64, u'a')));
        QVERIFY(!isValidId(QString(64, u'A')));
        QVERIFY(!isValidId(QString(63, u'a')));
        QVERIFY(!isValidId(QStringLiteral("..%2e") + QString(59, u'a')));
        QString withNul(64, u'a');
        withNul[10] = QChar(0);
        QVERIFY(!isValidId(withNul));
    }
    void xorCloseness()
    {
        const QByteArray t(32, '\x00'), a(32, '\x01'), b(32, '\x80');
        QVERIFY(closerTo(t, a, b));
        QVERIFY(!closerTo(t, b, a));
    }
    void resultCarriesValueOrError()
    {
        Result<int> good(5);
        QVERIFY(good.ok());
        QCOMPARE(*good, 5);
        Result<int> bad(makeError(ErrorCode::NotFound, QStringLiteral("no such object")));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, ErrorCode::NotFound);
    }
    // FIPS 180-2 appendix B vectors, sixteen copies at once so that the 16-lane path takes them: one
    // padding block ("abc") and two (the 56-byte message leaves no room for the length).
    void sha256ChunksKnownAnswers()
    {
        const std::pair<QByteArray, QByteArray> vectors[] = {
            { "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
            { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
        };
        for (bool lanes : { true, false }) {
            util::setSha256LanesEnabled(lanes);
            for (const auto& [message, digest] : vectors) {
                const QByteArray data = message.repeated(17); // 16 in lanes, the 17th alone
                std::vector<util::Sha256Digest> out(util::sha256ChunkCount(std::size_t(data.size()), std::size_t(message.size())));
                QCOMPARE(out.size(), std::size_t(17));
                util::sha256Chunks(data.constData(), std::size_t(data.size()), std::size_t(message.size()), out.data());
                for (const auto& d : out)
                    QCOMPARE(QByteArray(reinterpret_cast<const char*>(d.data()), 32).toHex(), digest);
            }
        }
        util::setSha256LanesEnabled(true);
        qInfo("16-lane SHA-256 on this CPU: %s", util::sha256LanesAvailable() ? "yes" : "no (OpenSSL only)");
    }
    // Every chunk size around the block and padding boundaries, a short last chunk, and the 16 KiB blocks of
    // a BitTorrent v2 piece, against OpenSSL one chunk at a time.
    void sha256ChunksMatchOpenSsl()
    {
        std::mt19937 rng(7);
        QByteArray data(16 * 16384 * 2 + 777, Qt::Uninitialized);
        for (char& c : data)
            c = char(rng());
        for (std::size_t chunk : { 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 16384 }) {
            for (std::size_t len : { chunk * 16, chunk * 16 + 1, chunk * 33 - 1, chunk * 48 }) {
                len = std::min(len, std::size_t(data.size()));
                std::vector<util::Sha256Digest> out(util::sha256ChunkCount(len, chunk));
                util::sha256Chunks(data.constData(), len, chunk, out.data());
                for (std::size_t i = 0; i < out.size(); ++i) {
                    const std::size_t at = i * chunk;
                    QVERIFY2(out[i] == util::sha256(data.constData() + at, std::min(chunk, len - at)),
                        qPrintable(QStringLiteral("chunk %1, len %2, #%3").arg(chunk).arg(len).arg(i)));
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestUtil)
#include "tst_util.moc"
