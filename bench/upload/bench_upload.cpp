// Upload pipeline throughput without the network: the engine's own encryptObject() (ASO1 envelope + ASE1
// stream) and the hybrid v1+v2 torrent over the result, on one file. run.sh adds the DC upload and
// OpenSSL's limits. Prints "NAME  MB/s  seconds" lines (MB = 10^6 bytes of plaintext).
#include "core/crypto/SealedMetadata.h"
#include "core/engine/ObjectFile.h"
#include "core/transfer/TorrentMaker.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>

#include <cstdio>
#include <random>

using namespace as;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QString dir = QStringLiteral("/dev/shm");
    qint64 sizeMiB = 1024;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--dir"))
            dir = args[i + 1];
        else if (args[i] == QLatin1String("--size-mib"))
            sizeMiB = args[i + 1].toLongLong();
    }
    const qint64 size = sizeMiB << 20;
    const QString plain = QDir(dir).filePath(QStringLiteral("bench-upload-plain"));
    const QString object = QDir(dir).filePath(QStringLiteral("bench-upload-object"));
    {
        QFile f(plain);
        if (!f.open(QIODevice::WriteOnly))
            return std::fprintf(stderr, "cannot write %s\n", qPrintable(plain)), 1;
        std::mt19937_64 rng(42);
        QByteArray block(1 << 20, Qt::Uninitialized);
        for (qint64 done = 0; done < size; done += block.size()) {
            auto* w = reinterpret_cast<quint64*>(block.data());
            for (int i = 0; i < block.size() / 8; ++i)
                w[i] = rng();
            f.write(block.constData(), std::min<qint64>(block.size(), size - done));
        }
    }
    auto key = crypto::SecretKey::generate();
    auto sealed = crypto::sealMetadata({QStringLiteral("bench.bin"), size, {}, {}}, *key);
    const double mb = double(size) / 1e6;

    QElapsedTimer t;
    t.start();
    if (Status s = engine::encryptObject(plain, object, *key, *sealed); !s)
        return std::fprintf(stderr, "encrypt: %s\n", qPrintable(s.error().message)), 1;
    const double enc = double(t.nsecsElapsed()) / 1e9;

    transfer::MakeTorrentOptions opt;
    opt.filePath = object;
    opt.name = QStringLiteral("object");
    t.restart();
    auto made = transfer::TorrentMaker::make(opt);
    if (!made)
        return std::fprintf(stderr, "torrent: %s\n", qPrintable(made.error().message)), 1;
    const double hash = double(t.nsecsElapsed()) / 1e9;

    std::printf("size_mib %lld\n", sizeMiB);
    std::printf("encryptObject  %.0f MB/s  %.3f s\n", mb / enc, enc);
    std::printf("torrentHybrid  %.0f MB/s  %.3f s\n", mb / hash, hash);
    std::printf("pipelineLocal  %.0f MB/s  %.3f s\n", mb / (enc + hash), enc + hash);
    QFile::remove(plain);
    QFile::remove(object);
    return 0;
}
