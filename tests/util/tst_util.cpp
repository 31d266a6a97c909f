#include "core/util/Encoding.h"
#include "core/util/Ids.h"
#include "core/util/Result.h"

#include <QtTest>

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
};

QTEST_GUILESS_MAIN(TestUtil)
#include "tst_util.moc"
