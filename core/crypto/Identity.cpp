#include "core/crypto/Identity.h"

#include "core/crypto/Aead.h"
#include "core/crypto/Hash.h"
#include "core/util/Encoding.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

namespace as::crypto {

struct Identity::Key {
    EVP_PKEY* pkey = nullptr;
    QByteArray publicKey;
    ~Key() { EVP_PKEY_free(pkey); }
};

namespace {

constexpr qint64 kMaxPemSize = 16 * 1024;

// An encrypted key must fail, not make OpenSSL prompt for a passphrase on the terminal (a daemon would hang).
int noPassphrase(char*, int, int, void*)
{
    return -1;
}

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

Result<QByteArray> rawPublicKey(EVP_PKEY* pkey)
{
    QByteArray pub(kEd25519PublicKeySize, Qt::Uninitialized);
    std::size_t len = std::size_t(pub.size());
    if (EVP_PKEY_get_raw_public_key(pkey, reinterpret_cast<unsigned char*>(pub.data()), &len) != 1
        || len != std::size_t(kEd25519PublicKeySize))
        return detail::opensslError(QStringLiteral("cannot read the Ed25519 public key"));
    return pub;
}

// Writes `data` to `path` so that the file is 0600 from its first byte and appears whole or not at all.
Status writePrivateFile(const QString& path, const QByteArray& data)
{
    const QByteArray target = QFile::encodeName(path);
    QByteArray tmp = target + ".tmp-XXXXXX";
    const int fd = ::mkstemp(tmp.data()); // created with mode 0600
    if (fd < 0)
        return makeError(ErrorCode::Io, QStringLiteral("cannot create a file beside %1: %2").arg(path, errnoText()));
    auto fail = [&](const QString& what) {
        const Error e = makeError(ErrorCode::Io, QStringLiteral("%1 %2: %3").arg(what, path, errnoText()));
        ::close(fd);
        ::unlink(tmp.constData());
        return e;
    };
    if (::fchmod(fd, S_IRUSR | S_IWUSR) != 0)
        return fail(QStringLiteral("cannot restrict permissions of"));
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + done, std::size_t(data.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail(QStringLiteral("cannot write (disk full?)"));
        done += n;
    }
    if (::fsync(fd) != 0)
        return fail(QStringLiteral("cannot flush"));
    if (::close(fd) != 0) {
        ::unlink(tmp.constData());
        return makeError(ErrorCode::Io, QStringLiteral("cannot close %1: %2").arg(path, errnoText()));
    }
    if (::rename(tmp.constData(), target.constData()) != 0) {
        const Error e = makeError(ErrorCode::Io, QStringLiteral("cannot replace %1: %2").arg(path, errnoText()));
        ::unlink(tmp.constData());
        return e;
    }
    // Make the rename itself durable.
    const QByteArray dir = QFile::encodeName(QFileInfo(path).absolutePath());
    const int dfd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return Status::success();
}

} // namespace

Identity::Identity(std::shared_ptr<Key> key)
    : m_key(std::move(key))
{ }

struct IdentityAccess {
    static Result<Identity> fromPkey(EVP_PKEY* pkey, const QString& what);
};

// Takes ownership of `pkey`.
Result<Identity> IdentityAccess::fromPkey(EVP_PKEY* pkey, const QString& what)
{
    if (!pkey)
        return detail::opensslError(what);
    auto key = std::make_shared<Identity::Key>();
    key->pkey = pkey;
    auto pub = rawPublicKey(pkey);
    if (!pub)
        return pub.error();
    key->publicKey = *pub;
    return Identity(key);
}

Result<Identity> Identity::generate()
{
    return IdentityAccess::fromPkey(
        EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"), QStringLiteral("Ed25519 key generation failed"));
}

Result<Identity> Identity::fromPrivateKey(QByteArrayView seed)
{
    if (seed.size() != 32)
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("an Ed25519 private key must be 32 bytes, got %1").arg(seed.size()));
    return IdentityAccess::fromPkey(EVP_PKEY_new_raw_private_key_ex(nullptr, "ED25519", nullptr,
                                        reinterpret_cast<const unsigned char*>(seed.data()), 32),
        QStringLiteral("invalid Ed25519 private key"));
}

Result<Identity> Identity::load(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(
            file.error() == QFileDevice::OpenError && !QFileInfo::exists(path) ? ErrorCode::NotFound : ErrorCode::Io,
            QStringLiteral("cannot read identity %1: %2").arg(path, file.errorString()));
    // fstat of the opened file, not stat of the path: no window to swap the file in between.
    struct stat st { };
    if (::fstat(file.handle(), &st) != 0)
        return makeError(ErrorCode::Io, QStringLiteral("cannot read identity %1: %2").arg(path, errnoText()));
    if (st.st_mode & (S_IRWXG | S_IRWXO))
        return makeError(ErrorCode::Forbidden,
            QStringLiteral("identity %1 is accessible by other users (mode %2); run chmod 600 on it")
                .arg(path)
                .arg(st.st_mode & 0777, 3, 8, QLatin1Char('0')));
    QByteArray pem = file.read(kMaxPemSize + 1);
    if (pem.size() > kMaxPemSize)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("identity %1 is too large to be a key").arg(path));
    BIO* bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    EVP_PKEY* pkey = bio ? PEM_read_bio_PrivateKey(bio, nullptr, &noPassphrase, nullptr) : nullptr;
    BIO_free(bio);
    OPENSSL_cleanse(pem.data(), std::size_t(pem.size()));
    if (!pkey)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("identity %1 is not a PEM private key").arg(path));
    if (!EVP_PKEY_is_a(pkey, "ED25519")) {
        EVP_PKEY_free(pkey);
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("identity %1 is not an Ed25519 key").arg(path));
    }
    return IdentityAccess::fromPkey(pkey, QString());
}

Result<Identity> Identity::loadOrCreate(const QString& path)
{
    if (QFileInfo::exists(path))
        return load(path);
    auto id = generate();
    if (!id)
        return id;
    if (auto st = id->save(path); !st)
        return st.error();
    return id;
}

Status Identity::save(const QString& path) const
{
    BIO* bio = BIO_new(BIO_s_secmem());
    if (!bio || PEM_write_bio_PrivateKey(bio, m_key->pkey, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        BIO_free(bio);
        return detail::opensslError(QStringLiteral("cannot encode the identity"));
    }
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, qsizetype(len));
    BIO_free(bio);
    Status st = writePrivateFile(path, pem);
    OPENSSL_cleanse(pem.data(), std::size_t(pem.size()));
    return st;
}

QByteArray Identity::publicKey() const
{
    return m_key->publicKey;
}
QByteArray Identity::peerIdBytes() const
{
    return sha256(m_key->publicKey);
}
QString Identity::peerId() const
{
    return toHex(peerIdBytes());
}

Result<QByteArray> Identity::sign(QByteArrayView message) const
{
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    QByteArray sig(kEd25519SignatureSize, Qt::Uninitialized);
    std::size_t len = std::size_t(sig.size());
    const bool ok = ctx && EVP_DigestSignInit_ex(ctx, nullptr, nullptr, nullptr, nullptr, m_key->pkey, nullptr) == 1
        && EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
               reinterpret_cast<const unsigned char*>(message.data()), std::size_t(message.size()))
            == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok || len != std::size_t(kEd25519SignatureSize))
        return detail::opensslError(QStringLiteral("Ed25519 signing failed"));
    return sig;
}

bool verifySignature(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature)
{
    if (publicKey.size() != kEd25519PublicKeySize || signature.size() != kEd25519SignatureSize)
        return false;
    EVP_PKEY* pkey = EVP_PKEY_new_raw_public_key_ex(
        nullptr, "ED25519", nullptr, reinterpret_cast<const unsigned char*>(publicKey.data()), 32);
    EVP_MD_CTX* ctx = pkey ? EVP_MD_CTX_new() : nullptr;
    const bool ok = ctx && EVP_DigestVerifyInit_ex(ctx, nullptr, nullptr, nullptr, nullptr, pkey, nullptr) == 1
        && EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
               std::size_t(signature.size()), reinterpret_cast<const unsigned char*>(message.data()),
               std::size_t(message.size()))
            == 1;
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(pkey);
    ERR_clear_error();
    return ok;
}

QString peerIdFromPublicKey(QByteArrayView publicKey)
{
    if (publicKey.size() != kEd25519PublicKeySize)
        return {};
    return sha256Hex(publicKey);
}

} // namespace as::crypto
