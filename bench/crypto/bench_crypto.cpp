// bench-crypto: throughput of the ASE1 file encryption (and decryption, SHA-256 of a file) on a large file,
// median of several runs. Compare with `openssl speed` (see run.sh and docs/benchmarks.md).

#include "core/crypto/Hash.h"
#include "core/crypto/Random.h"
#include "core/crypto/StreamCipher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace as::crypto;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

template <typename Fn>
double timeMBps(qint64 bytes, Fn fn)
{
    QElapsedTimer t;
    t.start();
    if (!fn())
        return -1;
    return double(bytes) / 1e6 / (double(t.nsecsElapsed()) / 1e9);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Throughput of AmazingStore's ASE1 file encryption"));
    p.addHelpOption();
    p.addOption({QStringLiteral("size-mib"), QStringLiteral("Plaintext size in MiB (default 1024)."), QStringLiteral("n"),
                 QStringLiteral("1024")});
    p.addOption({QStringLiteral("dir"), QStringLiteral("Work folder, ideally tmpfs (default /dev/shm)."),
                 QStringLiteral("dir"), QStringLiteral("/dev/shm")});
    p.addOption({QStringLiteral("runs"), QStringLiteral("Runs per measurement (default 3)."), QStringLiteral("n"),
                 QStringLiteral("3")});
    p.addOption({QStringLiteral("chunk-kib"), QStringLiteral("Chunk size in KiB (default 1024)."), QStringLiteral("n"),
                 QStringLiteral("1024")});
    p.process(app);
    const qint64 size = p.value(QStringLiteral("size-mib")).toLongLong() << 20;
    const int runs = std::max(1, p.value(QStringLiteral("runs")).toInt());
    const QDir dir(p.value(QStringLiteral("dir")));
    StreamOptions opts;
    opts.chunkSize = p.value(QStringLiteral("chunk-kib")).toLongLong() << 10;

    const QString plain = dir.filePath(QStringLiteral("as-bench-plain")), enc = dir.filePath(QStringLiteral("as-bench-enc")),
                  back = dir.filePath(QStringLiteral("as-bench-back"));
    {
        // Incompressible input: 1 MiB of random bytes, repeated.
        QFile f(plain);
        auto block = randomBytes(1 << 20);
        if (!block || !f.open(QIODevice::WriteOnly)) {
            std::fprintf(stderr, "bench-crypto: cannot create %s\n", qPrintable(plain));
            return 1;
        }
        for (qint64 done = 0; done < size; done += block->size())
            if (f.write(block->constData(), std::min<qint64>(block->size(), size - done)) < 0) {
                std::fprintf(stderr, "bench-crypto: cannot write %s\n", qPrintable(plain));
                return 1;
            }
    }
    auto key = SecretKey::generate();
    if (!key)
        return 1;

    std::vector<double> encRuns, decRuns, shaRuns;
    for (int i = 0; i < runs; ++i) {
        // Fresh targets each run: replacing an old 1 GiB file would time its deletion too.
        QFile::remove(enc);
        QFile::remove(back);
        encRuns.push_back(timeMBps(size, [&] {
            const auto st = encryptFile(plain, enc, *key, opts);
            if (!st)
                std::fprintf(stderr, "bench-crypto: %s\n", qPrintable(st.error().message));
            return st.ok();
        }));
        decRuns.push_back(timeMBps(size, [&] {
            const auto st = decryptFile(enc, back, *key);
            if (!st)
                std::fprintf(stderr, "bench-crypto: %s\n", qPrintable(st.error().message));
            return st.ok();
        }));
        shaRuns.push_back(timeMBps(size, [&] { return sha256File(plain).ok(); }));
        QFile::remove(back);
    }
    QFile::remove(plain);
    QFile::remove(enc);
    if (*std::min_element(encRuns.begin(), encRuns.end()) < 0 || *std::min_element(decRuns.begin(), decRuns.end()) < 0)
        return 1;

    auto list = [](const std::vector<double>& v) {
        QStringList s;
        for (double x : v)
            s << QString::number(x, 'f', 0);
        return s.join(u' ');
    };
    std::printf("file: %lld MiB in %s, chunk %lld KiB, %d runs (MB/s = 10^6 bytes/s of plaintext)\n", size >> 20,
                qPrintable(dir.path()), opts.chunkSize >> 10, runs);
    std::printf("encryptFile  median %7.0f MB/s   runs: %s\n", median(encRuns), qPrintable(list(encRuns)));
    std::printf("decryptFile  median %7.0f MB/s   runs: %s\n", median(decRuns), qPrintable(list(decRuns)));
    std::printf("sha256File   median %7.0f MB/s   runs: %s\n", median(shaRuns), qPrintable(list(shaRuns)));
    return 0;
}
