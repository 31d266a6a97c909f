// Account key pairs and file keys sealed to a named user (docs/crypto.md "Sharing to a named user").

#include "core/crypto/AccountKey.h"
#include "core/crypto/KeyHierarchy.h"

#include <QRegularExpression>
#include <QtTest>

using namespace as;
using namespace as::crypto;

namespace {
const QString kIdA = QString(64, u'a');
const QString kIdB = QString(63, u'a') + u'b';
} // namespace

class TestAccountKey : public QObject {
    Q_OBJECT
private slots:
    void sealedKeyOpensOnlyForItsRecipient()
    {
        const SecretKey fileKey = *SecretKey::generate();
        const AccountKeyPair bob = *generateAccountKeyPair(), carol = *generateAccountKeyPair();
        const QByteArray sealed = *sealFileKeyTo(fileKey, bob.publicKey, kIdA, u"Bob");
        QCOMPARE(sealed.size(), kSharedFileKeySize);
        auto opened = openSharedFileKey(sealed, bob, kIdA, u"bob"); // user names compare in lower case
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        QVERIFY(*opened == fileKey);
        QCOMPARE(openSharedFileKey(sealed, carol, kIdA, u"bob").error().code, ErrorCode::IntegrityFailure);
        QCOMPARE(openSharedFileKey(sealed, bob, kIdB, u"bob").error().code, ErrorCode::IntegrityFailure);
        QCOMPARE(openSharedFileKey(sealed, bob, kIdA, u"carol").error().code, ErrorCode::IntegrityFailure);
        for (qsizetype i : { qsizetype(0), qsizetype(5), qsizetype(40), sealed.size() - 1 }) {
            QByteArray bad = sealed;
            bad[i] = char(bad[i] ^ 1);
            QVERIFY(!openSharedFileKey(bad, bob, kIdA, u"bob"));
        }
        QVERIFY(!openSharedFileKey(sealed.left(60), bob, kIdA, u"bob"));
        // Two seals of one key differ (fresh ephemeral key and nonce).
        QVERIFY(*sealFileKeyTo(fileKey, bob.publicKey, kIdA, u"bob") != sealed);
    }

    void badInputIsRefused()
    {
        const SecretKey fileKey = *SecretKey::generate();
        const AccountKeyPair bob = *generateAccountKeyPair();
        QCOMPARE(sealFileKeyTo(fileKey, bob.publicKey.left(31), kIdA, u"bob").error().code, ErrorCode::InvalidArgument);
        QCOMPARE(sealFileKeyTo(fileKey, bob.publicKey, u"xyz", u"bob").error().code, ErrorCode::InvalidArgument);
        QCOMPARE(sealFileKeyTo(fileKey, bob.publicKey, kIdA, u"").error().code, ErrorCode::InvalidArgument);
    }

    void privateKeyIsWrappedUnderTheMasterKey()
    {
        const SecretKey master = *SecretKey::generate(), other = *SecretKey::generate();
        const AccountKeyPair pair = *generateAccountKeyPair();
        const QByteArray wrapped = *wrapAccountPrivateKey(pair, master);
        QCOMPARE(wrapped.size(), kWrappedKeySize);
        auto back = unwrapAccountKeyPair(wrapped, pair.publicKey, master);
        QVERIFY(back);
        QVERIFY(back->privateKey == pair.privateKey);
        QCOMPARE(back->publicKey, pair.publicKey);
        QCOMPARE(unwrapAccountKeyPair(wrapped, pair.publicKey, other).error().code, ErrorCode::IntegrityFailure);
        // A DC that pairs the wrapped key with another public key is caught.
        const AccountKeyPair stranger = *generateAccountKeyPair();
        QCOMPARE(unwrapAccountKeyPair(wrapped, stranger.publicKey, master).error().code, ErrorCode::IntegrityFailure);
        // A wrapped file key is not accepted as a wrapped account key.
        const QByteArray fileWrapped = *wrapFileKey(pair.privateKey, master, kIdA);
        QVERIFY(!unwrapAccountKeyPair(fileWrapped, pair.publicKey, master));
    }

    // docs/sharing.md "Key fingerprints": 8 groups of 4 upper-case hex digits, the same for the same key,
    // different for another; nothing for a key of the wrong size.
    void fingerprintIsStableAndShort()
    {
        auto a = crypto::generateAccountKeyPair();
        auto b = crypto::generateAccountKeyPair();
        QVERIFY(a && b);
        const QString fa = crypto::accountKeyFingerprint(a->publicKey);
        QVERIFY2(QRegularExpression(QStringLiteral("^[0-9A-F]{4}( [0-9A-F]{4}){7}$")).match(fa).hasMatch(), qPrintable(fa));
        QCOMPARE(crypto::accountKeyFingerprint(QByteArray(a->publicKey)), fa);
        QVERIFY(crypto::accountKeyFingerprint(b->publicKey) != fa);
        QByteArray flipped = a->publicKey;
        flipped[31] = char(flipped[31] ^ 1);
        QVERIFY(crypto::accountKeyFingerprint(flipped) != fa);
        QVERIFY(crypto::accountKeyFingerprint(a->publicKey.left(31)).isEmpty());
        // A known answer: the fingerprint of 32 zero bytes (the format must never drift).
        QCOMPARE(crypto::accountKeyFingerprint(QByteArray(32, '\0')), QStringLiteral("816C 80CD 0751 F5AA 29C3 1653 C4C1 E0B2"));
    }
};

QTEST_GUILESS_MAIN(TestAccountKey)
#include "tst_account_key.moc"
