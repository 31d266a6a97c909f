// Known-answer tests: each primitive as the project calls it, against published vectors.

#include "core/crypto/Aead.h"
#include "core/crypto/Hash.h"
#include "core/crypto/Identity.h"
#include "core/crypto/KeyHierarchy.h"
#include "core/crypto/Random.h"
#include "core/crypto/SecretKey.h"

#include <QtTest>

using namespace as::crypto;

static QByteArray hex(const char* s)
{
    return QByteArray::fromHex(QByteArray(s));
}
static const unsigned char* u(const QByteArray& b)
{
    return reinterpret_cast<const unsigned char*>(b.constData());
}

class TestPrimitives : public QObject {
    Q_OBJECT
private slots:
    // McGrew & Viega GCM spec, test case 16 (AES-256, 96-bit IV, AAD), as in NIST's GCM validation set.
    void aesGcmKnownAnswer()
    {
        const auto key = SecretKey::fromBytes(hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"));
        QVERIFY(key.ok());
        const QByteArray iv = hex("cafebabefacedbaddecaf888");
        const QByteArray pt
            = hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e24"
                  "49a6b525b16aedf5aa0de657ba637b39");
        const QByteArray aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        const QByteArray ct
            = hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b10"
                  "56828838c5f61e6393ba7a0abcc9f662");
        const QByteArray tag = hex("76fc6ece0f4e1768cddf8853bb2d551b");

        detail::GcmContext enc;
        QVERIFY(enc.init(*key, true).ok());
        QByteArray out(pt.size(), '\0'), outTag(16, '\0');
        QVERIFY(enc.seal(u(iv), aad, u(pt), pt.size(), reinterpret_cast<unsigned char*>(out.data()),
                       reinterpret_cast<unsigned char*>(outTag.data()))
                    .ok());
        QCOMPARE(out.toHex(), ct.toHex());
        QCOMPARE(outTag.toHex(), tag.toHex());

        detail::GcmContext dec;
        QVERIFY(dec.init(*key, false).ok());
        QByteArray back(ct.size(), '\0');
        auto ok = dec.open(u(iv), aad, u(ct), ct.size(), reinterpret_cast<unsigned char*>(back.data()), u(tag));
        QVERIFY(ok.ok() && *ok);
        QCOMPARE(back, pt);

        QByteArray badTag = tag;
        badTag[0] = char(badTag[0] ^ 1);
        ok = dec.open(u(iv), aad, u(ct), ct.size(), reinterpret_cast<unsigned char*>(back.data()), u(badTag));
        QVERIFY(ok.ok() && !*ok);
        QByteArray badAad = aad;
        badAad[3] = char(badAad[3] ^ 0x80);
        ok = dec.open(u(iv), badAad, u(ct), ct.size(), reinterpret_cast<unsigned char*>(back.data()), u(tag));
        QVERIFY(ok.ok() && !*ok);
    }

    // RFC 7914 §12, vectors 1 and 2.
    void scryptKnownAnswer()
    {
        auto a = scrypt({}, {}, 16, 1, 1, 64);
        QVERIFY2(a.ok(), a.ok() ? "" : qPrintable(a.error().message));
        QCOMPARE(a->toHex(),
            QByteArray("77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f"
                       "8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"));
        auto b = scrypt("password", "NaCl", 1024, 8, 16, 64);
        QVERIFY(b.ok());
        QCOMPARE(b->toHex(),
            QByteArray("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a38"
                       "86ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"));
    }

    // RFC 8032 §7.1, TEST 1 (empty message).
    void ed25519KnownAnswer()
    {
        auto id = Identity::fromPrivateKey(hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        QVERIFY(id.ok());
        QCOMPARE(
            id->publicKey().toHex(), QByteArray("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        const QByteArray sig
            = hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e3970"
                  "1cf9b46bd25bf5f0595bbe24655141438e7a100b");
        auto s = id->sign({});
        QVERIFY(s.ok());
        QCOMPARE(s->toHex(), sig.toHex());
        QVERIFY(verifySignature(id->publicKey(), {}, sig));
        QVERIFY(!verifySignature(id->publicKey(), "x", sig));
        QByteArray bad = sig;
        bad[10] = char(bad[10] ^ 4);
        QVERIFY(!verifySignature(id->publicKey(), {}, bad));
        QVERIFY(!verifySignature(id->publicKey().left(31), {}, sig));
        // Peer id = SHA-256(raw public key), lowercase hex.
        QCOMPARE(id->peerId(),
            QString::fromLatin1(QCryptographicHash::hash(id->publicKey(), QCryptographicHash::Sha256).toHex()));
        QCOMPARE(peerIdFromPublicKey(id->publicKey()), id->peerId());
    }

    // FIPS 180-2 examples.
    void sha256KnownAnswer()
    {
        QCOMPARE(sha256("abc").toHex(), QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(sha256Hex({}), QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        const QByteArray msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        QCOMPARE(sha256(msg).toHex(), QByteArray("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
        Sha256 h;
        for (char c : msg)
            h.update(QByteArrayView(&c, 1));
        QCOMPARE(h.finish(), sha256(msg));
        h.update("abc"); // reusable after finish()
        QCOMPARE(h.finish(), sha256("abc"));
    }

    void sha256OfFile()
    {
        QTemporaryFile f;
        QVERIFY(f.open());
        const QByteArray data(3 * 1024 * 1024 + 17, 'q');
        f.write(data);
        f.flush();
        auto d = sha256File(f.fileName());
        QVERIFY(d.ok());
        QCOMPARE(*d, sha256(data));
        QCOMPARE(sha256File(QStringLiteral("/nonexistent/x")).error().code, as::ErrorCode::Io);
    }

    void randomBytesDiffer()
    {
        auto a = randomBytes(32), b = randomBytes(32);
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(a->size(), 32);
        QVERIFY(*a != *b);
        QVERIFY(*a != QByteArray(32, '\0'));
        QCOMPARE(randomBytes(0)->size(), 0);
        QVERIFY(!randomBytes(-1).ok());
        auto k1 = SecretKey::generate(), k2 = SecretKey::generate();
        QVERIFY(k1.ok() && k2.ok() && !(*k1 == *k2));
        QVERIFY(*k1 == *SecretKey::fromBytes(k1->toBytes()));
        QCOMPARE(SecretKey::fromBytes(QByteArray(31, 'a')).error().code, as::ErrorCode::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(TestPrimitives)
#include "tst_primitives.moc"
