// Sealed metadata, file-name sanitising, the password/master/file key hierarchy and node identity.

#include "core/crypto/Identity.h"
#include "core/crypto/KeyHierarchy.h"
#include "core/crypto/SealedMetadata.h"

#include <QtTest>
#include <sys/stat.h>

using namespace as;
using namespace as::crypto;

namespace {

SecretKey newKey()
{
    return *SecretKey::generate();
}
const QString kIdA = QString(64, u'a');
const QString kIdB = QString(63, u'a') + u'b';

// The cheapest parameters KdfParams accepts keep the suite fast; the default cost is timed separately.
KdfParams fastParams()
{
    KdfParams p;
    p.logN = 14;
    return p;
}

} // namespace

class TestKeys : public QObject {
    Q_OBJECT
private slots:
    void metadataRoundTrip()
    {
        const SecretKey key = newKey();
        FileMetadata m;
        m.name = QStringLiteral("Résumé 2026 (final).pdf");
        m.size = 123456789012;
        m.mimeType = QStringLiteral("application/pdf");
        m.mtime = QDateTime::fromMSecsSinceEpoch(1764000000123, QTimeZone::utc());
        auto sealed = sealMetadata(m, key);
        QVERIFY(sealed.ok());
        QVERIFY(!sealed->contains("pdf")); // nothing readable leaks
        auto back = openMetadata(*sealed, key);
        QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().message));
        QCOMPARE(back->name, m.name);
        QCOMPARE(back->size, m.size);
        QCOMPARE(back->mimeType, m.mimeType);
        QCOMPARE(back->mtime, m.mtime);

        FileMetadata minimal;
        minimal.name = QStringLiteral("a");
        auto s2 = sealMetadata(minimal, key);
        QVERIFY(s2.ok());
        auto b2 = openMetadata(*s2, key);
        QVERIFY(b2.ok() && b2->mimeType.isEmpty() && !b2->mtime.isValid() && b2->size == 0);

        minimal.name.clear();
        QCOMPARE(sealMetadata(minimal, key).error().code, ErrorCode::InvalidArgument);
        minimal.name = QStringLiteral("x");
        minimal.size = -1;
        QCOMPARE(sealMetadata(minimal, key).error().code, ErrorCode::InvalidArgument);
    }

    void metadataTamperAndWrongKey()
    {
        const SecretKey key = newKey();
        FileMetadata m;
        m.name = QStringLiteral("secret.txt");
        m.size = 5;
        const QByteArray sealed = *sealMetadata(m, key);
        for (int i = 0; i < sealed.size(); ++i) {
            QByteArray t = sealed;
            t[i] = char(t[i] ^ 0x20);
            QCOMPARE(openMetadata(t, key).error().code, ErrorCode::IntegrityFailure);
        }
        QCOMPARE(openMetadata(sealed, newKey()).error().code, ErrorCode::IntegrityFailure);
        QCOMPARE(openMetadata(sealed.left(20), key).error().code, ErrorCode::IntegrityFailure);
        QCOMPARE(openMetadata(QByteArray(kMaxSealedMetadataSize + 1, 'x'), key).error().code, ErrorCode::TooLarge);
        // A wrapped key is not metadata, even under the same key (distinct AAD labels).
        auto wrapped = wrapFileKey(newKey(), key, kIdA);
        QCOMPARE(openMetadata(*wrapped, key).error().code, ErrorCode::IntegrityFailure);
    }

    void openedNameIsSanitised()
    {
        const SecretKey key = newKey();
        FileMetadata m;
        m.name = QStringLiteral("../../.bashrc");
        auto back = openMetadata(*sealMetadata(m, key), key);
        QVERIFY(back.ok());
        QCOMPARE(back->name, QStringLiteral("_._.._.bashrc"));
        m.name = QStringLiteral("..");
        QCOMPARE(openMetadata(*sealMetadata(m, key), key).error().code, ErrorCode::InvalidArgument);
    }

    void sanitizeFileName_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected"); // null: rejected
        QTest::newRow("plain") << QStringLiteral("report.pdf") << QStringLiteral("report.pdf");
        QTest::newRow("unicode kept") << QStringLiteral("照片 ü.jpg") << QStringLiteral("照片 ü.jpg");
        QTest::newRow("slash") << QStringLiteral("a/b.txt") << QStringLiteral("a_b.txt");
        QTest::newRow("backslash") << QStringLiteral("a\\b.txt") << QStringLiteral("a_b.txt");
        QTest::newRow("traversal") << QStringLiteral("../../etc/passwd") << QStringLiteral("_._.._etc_passwd");
        QTest::newRow("absolute") << QStringLiteral("/etc/passwd") << QStringLiteral("_etc_passwd");
        QTest::newRow("dotdot") << QStringLiteral("..") << QString();
        QTest::newRow("dot") << QStringLiteral(".") << QString();
        QTest::newRow("dots") << QStringLiteral("....") << QString();
        QTest::newRow("empty") << QString(u""_qs) << QString();
        QTest::newRow("blank") << QStringLiteral("   ") << QString();
        QTest::newRow("nul") << QString(QStringLiteral("a") + QChar(0) + QStringLiteral("b")) << QStringLiteral("a_b");
        QTest::newRow("newline") << QStringLiteral("a\nb\tc") << QStringLiteral("a_b_c");
        QTest::newRow("del and C1") << QString(QStringLiteral("a\x7f") + QChar(0x85) + u'b') << QStringLiteral("a__b");
        QTest::newRow("rtl override") << QString(QStringLiteral("invoice") + QChar(0x202e) + QStringLiteral("fdp.exe"))
                                      << QStringLiteral("invoice_fdp.exe");
        QTest::newRow("windows chars") << QStringLiteral("a<b>c:d\"e|f?g*h") << QStringLiteral("a_b_c_d_e_f_g_h");
        QTest::newRow("trailing dots spaces") << QStringLiteral("  name. . ") << QStringLiteral("name");
        QTest::newRow("hidden") << QStringLiteral(".ssh") << QStringLiteral("_ssh");
        QTest::newRow("device") << QStringLiteral("CON.txt") << QStringLiteral("_CON.txt");
        QTest::newRow("device lower") << QStringLiteral("com1") << QStringLiteral("_com1");
        QTest::newRow("not a device") << QStringLiteral("CONSOLE.txt") << QStringLiteral("CONSOLE.txt");
        QTest::newRow("nfc") << QStringLiteral("e\u0301.txt") << QStringLiteral("\u00e9.txt");
        QTest::newRow("lone surrogate") << QString(QStringLiteral("a") + QChar(0xd800) + u'b') << QStringLiteral("a_b");
        QTest::newRow("overlong keeps ext")
            << QString(300, u'x') + QStringLiteral(".tar.gz") << QString(252, u'x') + QStringLiteral(".gz");
        QTest::newRow("overlong multibyte") << QString(200, QChar(0x4e2d)) << QString(85, QChar(0x4e2d));
        QTest::newRow("huge") << QString(5000, u'a') << QString();
    }
    void sanitizeFileName()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        auto r = crypto::sanitizeFileName(input);
        if (expected.isNull()) {
            QVERIFY2(!r.ok(), r.ok() ? qPrintable(*r) : "");
            QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
            return;
        }
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        QCOMPARE(*r, expected);
        QVERIFY(r->toUtf8().size() <= kMaxFileNameBytes);
        QCOMPARE(crypto::sanitizeFileName(*r).value(), *r); // a fixed point
    }

    void passwordUnlocksOnAnotherMachine()
    {
        auto account = createAccount(QStringLiteral("correct horse battery staple"), fastParams());
        QVERIFY(account.ok());
        QCOMPARE(account->salt.size(), kSaltSize);
        QCOMPARE(account->wrappedMasterKey.size(), kWrappedKeySize);
        // "Another machine": only what the DC stores (salt, params string, wrapped key) crosses over.
        const QByteArray salt = account->salt, wrapped = account->wrappedMasterKey;
        const QString params = account->params.toString();
        auto unlocked = unlockMasterKey(
            QStringLiteral("correct horse battery staple"), salt, wrapped, *KdfParams::fromString(params));
        QVERIFY(unlocked.ok());
        QVERIFY(*unlocked == account->masterKey);
        // The auth secret is reproducible and independent of the KEK.
        auto keys = derivePasswordKeys(QStringLiteral("correct horse battery staple"), salt, fastParams());
        QVERIFY(keys.ok() && keys->authSecret == account->authSecret && !(keys->kek == keys->authSecret));
        // The same password in a different Unicode normalisation derives the same keys.
        auto nfd = createAccount(QStringLiteral("cafe\u0301"), fastParams());
        QVERIFY(unlockMasterKey(QStringLiteral("caf\u00e9"), nfd->salt, nfd->wrappedMasterKey, fastParams()).ok());
    }

    void wrongPasswordFails()
    {
        auto account = createAccount(QStringLiteral("hunter2hunter2"), fastParams());
        QVERIFY(account.ok());
        auto r
            = unlockMasterKey(QStringLiteral("hunter3hunter3"), account->salt, account->wrappedMasterKey, fastParams());
        QCOMPARE(r.error().code, ErrorCode::Unauthorized);
        QVERIFY(r.error().message.contains(QStringLiteral("wrong password")));
        QByteArray otherSalt = account->salt;
        otherSalt[0] = char(otherSalt[0] ^ 1);
        QCOMPARE(unlockMasterKey(QStringLiteral("hunter2hunter2"), otherSalt, account->wrappedMasterKey, fastParams())
                     .error()
                     .code,
            ErrorCode::Unauthorized);
        QCOMPARE(unlockMasterKey(QString(), account->salt, account->wrappedMasterKey).error().code,
            ErrorCode::InvalidArgument);
        QCOMPARE(unlockMasterKey(QStringLiteral("x"), "short", account->wrappedMasterKey).error().code,
            ErrorCode::InvalidArgument);
    }

    void rewrapKeepsMasterKey()
    {
        auto account = createAccount(QStringLiteral("old password"), fastParams());
        auto changed = rewrapMasterKey(account->masterKey, QStringLiteral("new password"), fastParams());
        QVERIFY(changed.ok());
        QVERIFY(changed->salt != account->salt);
        QVERIFY(*unlockMasterKey(QStringLiteral("new password"), changed->salt, changed->wrappedMasterKey, fastParams())
            == account->masterKey);
        QVERIFY(!unlockMasterKey(QStringLiteral("old password"), changed->salt, changed->wrappedMasterKey, fastParams())
                     .ok());
    }

    void kdfParamsBounds()
    {
        QVERIFY(KdfParams {}.isAcceptable());
        QCOMPARE(KdfParams {}.toString(), QStringLiteral("scrypt:16:8:1"));
        QVERIFY(!KdfParams::fromString(u"scrypt:10:8:1").ok()); // downgrade
        QVERIFY(!KdfParams::fromString(u"scrypt:30:8:1").ok()); // memory bomb
        QVERIFY(!KdfParams::fromString(u"argon2:15:8:1").ok());
        QVERIFY(!KdfParams::fromString(u"scrypt:15:8").ok());
        QCOMPARE(KdfParams::fromString(u"scrypt:16:8:2")->logN, 16);
    }

    void defaultCostIsInBudget()
    {
        QElapsedTimer t;
        t.start();
        auto keys = derivePasswordKeys(QStringLiteral("pw"), QByteArray(kSaltSize, 's'));
        QVERIFY(keys.ok());
        qInfo("scrypt N=2^16 r=8 p=1 took %lld ms", t.elapsed());
        QVERIFY(t.elapsed() < 5000);
    }

    void fileKeyBoundToObject()
    {
        const SecretKey master = newKey(), fileKey = newKey();
        auto wrapped = wrapFileKey(fileKey, master, kIdA);
        QVERIFY(wrapped.ok());
        QCOMPARE(wrapped->size(), kWrappedKeySize);
        QVERIFY(*unwrapFileKey(*wrapped, master, kIdA) == fileKey);
        QCOMPARE(unwrapFileKey(*wrapped, master, kIdB).error().code, ErrorCode::IntegrityFailure);
        QCOMPARE(unwrapFileKey(*wrapped, newKey(), kIdA).error().code, ErrorCode::IntegrityFailure);
        QCOMPARE(unwrapFileKey(*wrapped, master, QString(64, u'A')).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(wrapFileKey(fileKey, master, u"../x").error().code, ErrorCode::InvalidArgument);
        QByteArray t = *wrapped;
        t[20] = char(t[20] ^ 1);
        QCOMPARE(unwrapFileKey(t, master, kIdA).error().code, ErrorCode::IntegrityFailure);
        // A wrapped file key is not a wrapped master key.
        QVERIFY(!unwrapMasterKey(*wrapped, master).ok());
    }

    void identitySaveLoad()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("node.pem"));
        auto id = Identity::generate();
        QVERIFY(id.ok());
        QCOMPARE(id->publicKey().size(), kEd25519PublicKeySize);
        QCOMPARE(id->peerId().size(), 64);
        QVERIFY(isValidPeerId(id->peerId()));
        QVERIFY(id->save(path).ok());
        struct stat st { };
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
        auto loaded = Identity::load(path);
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : qPrintable(loaded.error().message));
        QCOMPARE(loaded->peerId(), id->peerId());
        auto sig = loaded->sign("hello");
        QVERIFY(sig.ok() && verifySignature(id->publicKey(), "hello", *sig));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1); // no temp file left
        // Overwrite keeps 0600; loadOrCreate reuses the file.
        QVERIFY(Identity::generate()->save(path).ok());
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
        auto again = Identity::loadOrCreate(path);
        QVERIFY(again.ok() && again->peerId() != id->peerId());
        QCOMPARE(Identity::loadOrCreate(path)->peerId(), again->peerId());
        const QString fresh = dir.filePath(QStringLiteral("fresh.pem"));
        QVERIFY(Identity::loadOrCreate(fresh).ok() && QFile::exists(fresh));
    }

    void identityLoadRefusesBadFiles()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("node.pem"));
        QVERIFY(Identity::generate()->save(path).ok());
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
        QCOMPARE(Identity::load(path).error().code, ErrorCode::Forbidden);
        QCOMPARE(Identity::load(dir.filePath(QStringLiteral("missing.pem"))).error().code, ErrorCode::NotFound);
        const QString junk = dir.filePath(QStringLiteral("junk.pem"));
        QFile f(junk);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write("-----BEGIN PRIVATE KEY-----\nAAAA\n") > 0);
        f.close();
        QFile::setPermissions(junk, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QCOMPARE(Identity::load(junk).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(Identity::generate()->save(dir.filePath(QStringLiteral("no/dir/k.pem"))).error().code, ErrorCode::Io);
        // A passphrase-protected key is refused at once (no terminal prompt).
        const QString locked = dir.filePath(QStringLiteral("locked.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
            { QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("ed25519"),
                QStringLiteral("-aes-256-cbc"), QStringLiteral("-pass"), QStringLiteral("pass:x"),
                QStringLiteral("-out"), locked });
        if (openssl.waitForFinished(10000) && openssl.exitCode() == 0) {
            QFile::setPermissions(locked, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            QCOMPARE(Identity::load(locked).error().code, ErrorCode::InvalidArgument);
        }
    }

private:
    static bool isValidPeerId(const QString& id)
    {
        for (QChar c : id)
            if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
                return false;
        return id.size() == 64;
    }
};

QTEST_GUILESS_MAIN(TestKeys)
#include "tst_keys.moc"
