// Share links: round trips, the scheme rule for amazingstore://, and a table of malformed links.

#include "core/link/ShareLink.h"
#include "core/util/Encoding.h"

#include <QtTest>

using namespace as;
using namespace as::link;
using namespace Qt::StringLiterals;

namespace {

const QString kId = QStringLiteral("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
QByteArray key()
{
    return QByteArray::fromHex("fbff00112233445566778899aabbccddeeff00112233445566778899aabbccdd");
}
QString keyText()
{
    return toBase64Url(key());
}
QString makeLink(const QString& prefix)
{
    return prefix + kId + QStringLiteral("#k=") + keyText();
}

} // namespace

class TestLink : public QObject {
    Q_OBJECT
private slots:
    void parses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("base");
        QTest::newRow("https") << makeLink(QStringLiteral("https://dc.example.org/s/"))
                               << QStringLiteral("https://dc.example.org");
        QTest::newRow("https port") << makeLink(QStringLiteral("https://dc.example.org:8443/s/"))
                                    << QStringLiteral("https://dc.example.org:8443");
        QTest::newRow("http loopback") << makeLink(QStringLiteral("http://127.0.0.1:8080/s/"))
                                       << QStringLiteral("http://127.0.0.1:8080");
        QTest::newRow("http lan") << makeLink(QStringLiteral("http://10.0.0.7:80/s/"))
                                  << QStringLiteral("http://10.0.0.7:80");
        QTest::newRow("upper scheme/host")
            << makeLink(QStringLiteral("HTTPS://DC.Example.ORG/s/")) << QStringLiteral("https://dc.example.org");
        QTest::newRow("ipv6") << makeLink(QStringLiteral("https://[2001:db8::1]:8443/s/"))
                              << QStringLiteral("https://[2001:db8::1]:8443");
        QTest::newRow("app default https")
            << makeLink(QStringLiteral("amazingstore://dc.example.org/s/")) << QStringLiteral("https://dc.example.org");
        QTest::newRow("app loopback http")
            << makeLink(QStringLiteral("amazingstore://127.0.0.1:8080/s/")) << QStringLiteral("http://127.0.0.1:8080");
        QTest::newRow("app localhost http")
            << makeLink(QStringLiteral("amazingstore://localhost:9/s/")) << QStringLiteral("http://localhost:9");
        QTest::newRow("app ::1 http") << makeLink(QStringLiteral("amazingstore://[::1]:8080/s/"))
                                      << QStringLiteral("http://[::1]:8080");
        QTest::newRow("app tls=0") << (QStringLiteral("amazingstore://10.1.2.3:8080/s/") + kId
            + QStringLiteral("?tls=0#k=") + keyText())
                                   << QStringLiteral("http://10.1.2.3:8080");
        QTest::newRow("app tls=1 loopback")
            << (QStringLiteral("amazingstore://127.0.0.1:8443/s/") + kId + QStringLiteral("?tls=1#k=") + keyText())
            << QStringLiteral("https://127.0.0.1:8443");
    }
    void parses()
    {
        QFETCH(QString, text);
        QFETCH(QString, base);
        auto r = parseShareLink(text);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        QCOMPARE(r->dcBaseUrl.toString(), base);
        QCOMPARE(r->objectId, kId);
        QCOMPARE(r->fileKey, key());
        // Formatting the parsed value and parsing again gives the same link, in both forms.
        const QString https = formatShareLink(*r).value();
        QCOMPARE(parseShareLink(https)->dcBaseUrl, r->dcBaseUrl);
        const QString app = formatAppLink(*r).value();
        QVERIFY(app.startsWith(QStringLiteral("amazingstore://")));
        auto again = parseShareLink(app);
        QVERIFY2(again.ok(), again.ok() ? "" : qPrintable(again.error().message));
        QCOMPARE(again->dcBaseUrl, r->dcBaseUrl);
        QCOMPARE(again->objectId, kId);
        QCOMPARE(again->fileKey, key());
    }

    void formatsExactly()
    {
        QCOMPARE(formatShareLink(QUrl(QStringLiteral("https://dc.example.org:8443")), kId, key()).value(),
            QStringLiteral("https://dc.example.org:8443/s/") + kId + QStringLiteral("#k=") + keyText());
        QCOMPARE(formatShareLink(QUrl(QStringLiteral("https://dc.example.org/")), kId, key()).value(),
            QStringLiteral("https://dc.example.org/s/") + kId + QStringLiteral("#k=") + keyText());
        QCOMPARE(formatAppLink(QUrl(QStringLiteral("https://dc.example.org")), kId, key()).value(),
            QStringLiteral("amazingstore://dc.example.org/s/") + kId + QStringLiteral("#k=") + keyText());
        QCOMPARE(formatAppLink(QUrl(QStringLiteral("http://127.0.0.1:8080")), kId, key()).value(),
            QStringLiteral("amazingstore://127.0.0.1:8080/s/") + kId + QStringLiteral("#k=") + keyText());
        QCOMPARE(formatAppLink(QUrl(QStringLiteral("http://10.0.0.2:8080")), kId, key()).value(),
            QStringLiteral("amazingstore://10.0.0.2:8080/s/") + kId + QStringLiteral("?tls=0#k=") + keyText());
        QCOMPARE(keyText().size(), 43);
    }

    void formatRejectsBadInput()
    {
        const QUrl dc(QStringLiteral("https://dc.example.org"));
        QVERIFY(!formatShareLink(QUrl(QStringLiteral("ftp://dc.example.org")), kId, key()).ok());
        QVERIFY(!formatShareLink(QUrl(QStringLiteral("https://u:p@dc.example.org")), kId, key()).ok());
        QVERIFY(!formatShareLink(QUrl(QStringLiteral("https://dc.example.org/api")), kId, key()).ok());
        QVERIFY(!formatShareLink(QUrl(QStringLiteral("https://dc.example.org?x=1")), kId, key()).ok());
        QVERIFY(!formatShareLink(QUrl(), kId, key()).ok());
        QVERIFY(!formatShareLink(dc, kId.toUpper(), key()).ok());
        QVERIFY(!formatShareLink(dc, kId, key().left(31)).ok());
        QVERIFY(!formatAppLink(dc, kId.left(10), key()).ok());
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason"); // a word the error message must contain
        const QString k = keyText();
        const QString good = QStringLiteral("https://dc.example.org/s/") + kId;
        QTest::newRow("empty") << QString() << QStringLiteral("empty");
        QTest::newRow("no scheme") << (QStringLiteral("dc.example.org/s/") + kId + u"#k="_s + k)
                                   << QStringLiteral("https://");
        QTest::newRow("ftp") << (QStringLiteral("ftp://dc.example.org/s/") + kId + u"#k="_s + k)
                             << QStringLiteral("scheme");
        QTest::newRow("no fragment") << good << QStringLiteral("fragment");
        QTest::newRow("empty fragment") << (good + u"#"_s) << QStringLiteral("#k=KEY");
        QTest::newRow("other fragment") << (good + u"#key="_s + k) << QStringLiteral("#k=KEY");
        QTest::newRow("empty key") << (good + u"#k="_s) << QStringLiteral("empty");
        QTest::newRow("short key") << (good + u"#k="_s + k.left(42)) << QStringLiteral("43");
        QTest::newRow("long key") << (good + u"#k="_s + k + u"AAAA"_s) << QStringLiteral("43");
        QTest::newRow("padded key") << (good + u"#k="_s + k + u"="_s) << QStringLiteral("padding");
        QTest::newRow("std base64 key") << (good + u"#k="_s + QString(k).replace(u'_', u'/').replace(u'-', u'+'))
                                        << QStringLiteral("base64url");
        QTest::newRow("non-canonical key") << (good + u"#k="_s + k.left(42) + u"t"_s) << QStringLiteral("canonical");
        QTest::newRow("extra fragment param") << (good + u"#k="_s + k + u"&x=1"_s) << QStringLiteral("after the key");
        QTest::newRow("uppercase id") << (QStringLiteral("https://dc.example.org/s/") + kId.toUpper() + u"#k="_s + k)
                                      << QStringLiteral("lowercase");
        QTest::newRow("short id") << (QStringLiteral("https://dc.example.org/s/") + kId.left(63) + u"#k="_s + k)
                                  << QStringLiteral("64");
        QTest::newRow("non-hex id") << (QStringLiteral("https://dc.example.org/s/") + kId.left(63) + u"g#k="_s + k)
                                    << QStringLiteral("hex");
        QTest::newRow("no id") << (QStringLiteral("https://dc.example.org/s/#k=") + k) << QStringLiteral("missing");
        QTest::newRow("no path") << (QStringLiteral("https://dc.example.org#k=") + k) << QStringLiteral("path");
        QTest::newRow("wrong path") << (QStringLiteral("https://dc.example.org/d/") + kId + u"#k="_s + k)
                                    << QStringLiteral("/s/");
        QTest::newRow("path prefix") << (QStringLiteral("https://dc.example.org/x/s/") + kId + u"#k="_s + k)
                                     << QStringLiteral("/s/");
        QTest::newRow("extra segment") << (good + u"/extra#k="_s + k) << QStringLiteral("after the object id");
        QTest::newRow("trailing slash") << (good + u"/#k="_s + k) << QStringLiteral("after the object id");
        QTest::newRow("userinfo") << (QStringLiteral("https://alice@dc.example.org/s/") + kId + u"#k="_s + k)
                                  << QStringLiteral("user");
        QTest::newRow("userinfo pw") << (QStringLiteral("https://a:b@dc.example.org/s/") + kId + u"#k="_s + k)
                                     << QStringLiteral("user");
        QTest::newRow("space inside") << (QStringLiteral("https://dc.example.org/s/ ") + kId + u"#k="_s + k)
                                      << QStringLiteral("whitespace");
        QTest::newRow("trailing newline") << (good + u"#k="_s + k + u"\n"_s) << QStringLiteral("whitespace");
        QTest::newRow("leading space") << (u" "_s + good + u"#k="_s + k) << QStringLiteral("whitespace");
        QTest::newRow("control char") << (good + u"#k="_s + k + QChar(0x7f)) << QStringLiteral("control");
        QTest::newRow("non-ascii host") << (QStringLiteral("https://dç.example.org/s/") + kId + u"#k="_s + k)
                                        << QStringLiteral("non-ASCII");
        QTest::newRow("percent host") << (QStringLiteral("https://dc%2eexample.org/s/") + kId + u"#k="_s + k)
                                      << QStringLiteral("host");
        QTest::newRow("no host") << (QStringLiteral("https:///s/") + kId + u"#k="_s + k) << QStringLiteral("host");
        QTest::newRow("empty port") << (QStringLiteral("https://dc.example.org:/s/") + kId + u"#k="_s + k)
                                    << QStringLiteral("port");
        QTest::newRow("bad port") << (QStringLiteral("https://dc.example.org:99999/s/") + kId + u"#k="_s + k)
                                  << QStringLiteral("port");
        QTest::newRow("port zero") << (QStringLiteral("https://dc.example.org:0/s/") + kId + u"#k="_s + k)
                                   << QStringLiteral("port");
        QTest::newRow("bracket in host") << (u"https://dc]x.org/s/"_s + kId + u"#k="_s + k) << u"host"_s;
        QTest::newRow("ipv6 junk") << (u"https://[::1x]/s/"_s + kId + u"#k="_s + k) << u"host"_s;
        QTest::newRow("bare ipv6") << (QStringLiteral("https://::1/s/") + kId + u"#k="_s + k)
                                   << QStringLiteral("brackets");
        QTest::newRow("https query") << (good + u"?tls=0#k="_s + k) << QStringLiteral("query");
        QTest::newRow("app unknown query")
            << (QStringLiteral("amazingstore://dc.example.org/s/") + kId + u"?x=1#k="_s + k) << QStringLiteral("tls");
        QTest::newRow("truncated") << (good + u"#k="_s + k.left(20)) << QStringLiteral("truncated");
        QTest::newRow("too long") << (good + u"#k="_s + k + QString(3000, u'a')) << QStringLiteral("longer");
    }
    void rejects()
    {
        QFETCH(QString, text);
        QFETCH(QString, reason);
        auto r = parseShareLink(text);
        QVERIFY2(!r.ok(), qPrintable(QStringLiteral("accepted: ") + text));
        QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(r.error().message.contains(reason, Qt::CaseInsensitive),
            qPrintable(QStringLiteral("message '%1' lacks '%2'").arg(r.error().message, reason)));
        QVERIFY(!r.error().message.contains(keyText())); // never echo the key back
    }

    void loopbackHosts()
    {
        QVERIFY(isLoopbackHost(QStringLiteral("localhost")));
        QVERIFY(isLoopbackHost(QStringLiteral("127.0.0.1")));
        QVERIFY(isLoopbackHost(QStringLiteral("127.8.9.10")));
        QVERIFY(isLoopbackHost(QStringLiteral("::1")));
        QVERIFY(isLoopbackHost(QStringLiteral("[::1]")));
        QVERIFY(!isLoopbackHost(QStringLiteral("127.0.0.1.evil.com")));
        QVERIFY(!isLoopbackHost(QStringLiteral("128.0.0.1")));
        QVERIFY(!isLoopbackHost(QStringLiteral("localhost.evil.com")));
        QVERIFY(!isLoopbackHost(QStringLiteral("10.0.0.1")));
    }
};

QTEST_GUILESS_MAIN(TestLink)
#include "tst_link.moc"
