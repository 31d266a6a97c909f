// Upload pipeline throughput without the network, on one file: the engine's own path (encryptObject() with
// the torrent hashed from its tap, StreamingTorrentMaker: one pass, hashing beside the cipher), and for
// comparison the two stages alone and one after the other (encrypt, then TorrentMaker::make() reading the
// object back). run.sh adds the DC upload and OpenSSL's limits. Prints "NAME  MB/s  seconds  (runs)" lines
// with the median of --runs runs (MB = 10^6 bytes of plaintext). --sha256-lanes off hashes the v2 blocks
// with OpenSSL one at a time instead of in AVX-512 lanes.
#include "core/crypto/SealedMetadata.h"
#include "core/engine/ObjectFile.h"
#include "core/transfer/TorrentMaker.h"
#include "core/util/Sha256Lanes.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

using namespace as;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QString dir = QStringLiteral("/dev/shm");
    qint64 sizeMiB = 1024;
    int runs = 3;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--dir"))
            dir = args[i + 1];
        else if (args[i] == QLatin1String("--size-mib"))
            sizeMiB = args[i + 1].toLongLong();
        else if (args[i] == QLatin1String("--runs"))
            runs = std::max(1, args[i + 1].toInt());
        else if (args[i] == QLatin1String("--sha256-lanes")) { // off: OpenSSL for every block, for comparison
            if (args[i + 1] != QLatin1String("on") && args[i + 1] != QLatin1String("off"))
                return std::fprintf(stderr, "--sha256-lanes takes on or off, not %s\n", qPrintable(args[i + 1])), 1;
            util::setSha256LanesEnabled(args[i + 1] == QLatin1String("on"));
        }
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
    auto sealed = crypto::sealMetadata({ QStringLiteral("bench.bin"), size, {}, {} }, *key);
    const double mb = double(size) / 1e6;
    transfer::MakeTorrentOptions opt;
    opt.filePath = object;
    opt.name = QStringLiteral("object");

    std::vector<double> enc, hash, serial, streamed;
    QElapsedTimer t;
    for (int run = 0; run < runs; ++run) {
        QFile::remove(object);
        t.start();
        if (Status s = engine::encryptObject(plain, object, *key, *sealed); !s)
            return std::fprintf(stderr, "encrypt: %s\n", qPrintable(s.error().message)), 1;
        enc.push_back(double(t.nsecsElapsed()) / 1e9);
        t.restart();
        auto made = transfer::TorrentMaker::make(opt);
        if (!made)
            return std::fprintf(stderr, "torrent: %s\n", qPrintable(made.error().message)), 1;
        hash.push_back(double(t.nsecsElapsed()) / 1e9);
        serial.push_back(enc.back() + hash.back());

        QFile::remove(object);
        t.restart();
        auto maker = transfer::StreamingTorrentMaker::create(engine::objectSize(size, *sealed));
        if (Status s = engine::encryptObject(
                plain, object, *key, *sealed, {}, [&](const char* d, qint64 n) { maker->add(d, n); });
            !s)
            return std::fprintf(stderr, "encrypt: %s\n", qPrintable(s.error().message)), 1;
        auto one = maker->finish(opt);
        if (!one)
            return std::fprintf(stderr, "torrent: %s\n", qPrintable(one.error().message)), 1;
        streamed.push_back(double(t.nsecsElapsed()) / 1e9);
        // Untimed sanity check once: the streamed torrent is the one made from the finished file.
        if (run == 0) {
            auto check = transfer::TorrentMaker::make(opt);
            if (!check || check->meta.id != one->meta.id)
                return std::fprintf(stderr, "streamed torrent differs from the file's\n"), 1;
        }
    }
    const auto line = [&](const char* name, std::vector<double> secs) {
        QString all;
        for (double x : secs)
            all += QString::number(mb / x, 'f', 0) + u' ';
        std::sort(secs.begin(), secs.end());
        const double med = secs[secs.size() / 2];
        std::printf("%-15s %.0f MB/s  %.3f s  (runs: %s)\n", name, mb / med, med, qPrintable(all.trimmed()));
    };
    std::printf("size_mib %lld runs %d\n", sizeMiB, runs);
    line("encryptObject", enc);
    line("torrentHybrid", hash);
    line("pipelineSerial", serial);
    line("pipelineLocal", streamed);
    QFile::remove(plain);
    QFile::remove(object);
    return 0;
}
