// bench-crypto: throughput of the ASE1 file encryption (and decryption, SHA-256 of a file) on a large file,
// median of several runs. Compare with `openssl speed` (see run.sh and docs/benchmarks.md).

#include "core/crypto/Hash.h"
#include "core/crypto/Random.h"
#include "core/crypto/StreamCipher.h"
#include "core/util/Sha256Lanes.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <algorithm>
#include <cstdio>
#include <sys/resource.h>
#include <vector>

using namespace as::crypto;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

double cpuSeconds()
{
    rusage u {};
    getrusage(RUSAGE_SELF, &u); // all threads: the pipeline's reader and writer count too
    auto sec = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
    return sec(u.ru_utime) + sec(u.ru_stime);
}

struct Sample {
    double wall = -1; // MB/s of wall-clock time
    double cpu = -1; // MB per CPU-second (user + system, all threads)
};

template <typename Fn> Sample timeMBps(qint64 bytes, Fn fn)
{
    QElapsedTimer t;
    const double c0 = cpuSeconds();
    t.start();
    if (!fn())
        return {};
    const double wall = double(t.nsecsElapsed()) / 1e9;
    return { double(bytes) / 1e6 / wall, double(bytes) / 1e6 / std::max(1e-9, cpuSeconds() - c0) };
}

// The floor for any file-to-file transform: read + write of the same bytes with the same buffer size.
bool plainCopy(const QString& from, const QString& to, qint64 bufferSize)
{
    QFile in(from), out(to);
    if (!in.open(QIODevice::ReadOnly | QIODevice::Unbuffered)
        || !out.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return false;
    QByteArray buf(bufferSize, Qt::Uninitialized);
    for (;;) {
        const qint64 n = in.read(buf.data(), buf.size());
        if (n < 0)
            return false;
        if (n == 0)
            return true;
        if (out.write(buf.constData(), n) != n)
            return false;
    }
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Throughput of AmazingStore's ASE1 file encryption"));
    p.addHelpOption();
    p.addOption({ QStringLiteral("size-mib"), QStringLiteral("Plaintext size in MiB (default 1024)."),
        QStringLiteral("n"), QStringLiteral("1024") });
    p.addOption({ QStringLiteral("dir"), QStringLiteral("Work folder, ideally tmpfs (default /dev/shm)."),
        QStringLiteral("dir"), QStringLiteral("/dev/shm") });
    p.addOption({ QStringLiteral("runs"), QStringLiteral("Runs per measurement (default 3)."), QStringLiteral("n"),
        QStringLiteral("3") });
    p.addOption({ QStringLiteral("chunk-kib"), QStringLiteral("Chunk size in KiB (default 1024)."), QStringLiteral("n"),
        QStringLiteral("1024") });
    p.process(app);
    const qint64 size = p.value(QStringLiteral("size-mib")).toLongLong() << 20;
    const int runs = std::max(1, p.value(QStringLiteral("runs")).toInt());
    const QDir dir(p.value(QStringLiteral("dir")));
    StreamOptions opts;
    opts.chunkSize = p.value(QStringLiteral("chunk-kib")).toLongLong() << 10;

    const QString plain = dir.filePath(QStringLiteral("as-bench-plain")),
                  enc = dir.filePath(QStringLiteral("as-bench-enc")),
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

    std::vector<Sample> encRuns, decRuns, shaRuns, copyRuns, memRuns, lanesRuns, blocksRuns;
    // BitTorrent v2 hashing: SHA-256 of each 16 KiB block of a 64 MiB buffer, hashed size/64 MiB times; in
    // 16 lanes (AVX-512, where the CPU has it) and one block at a time with OpenSSL (SHA-NI where present).
    {
        constexpr std::size_t kBlock = 16 * 1024, kBuffer = 64u << 20;
        QByteArray buf(qsizetype(kBuffer), 'y');
        for (qsizetype i = 0; i < buf.size(); i += 4096)
            buf[i] = char(i >> 12);
        std::vector<as::util::Sha256Digest> digests(kBuffer / kBlock);
        for (bool lanes : { true, false }) {
            as::util::setSha256LanesEnabled(lanes);
            for (int i = 0; i < runs; ++i)
                (lanes ? lanesRuns : blocksRuns).push_back(timeMBps(size, [&] {
                    for (qint64 done = 0; done < size; done += qint64(kBuffer))
                        as::util::sha256Chunks(buf.constData(), kBuffer, kBlock, digests.data());
                    return true;
                }));
        }
        as::util::setSha256LanesEnabled(true);
    }
    // The cipher alone: seal chunks in place in memory (what `openssl speed` measures, plus our framing).
    for (int i = 0; i < runs; ++i) {
        QByteArray buf(opts.chunkSize + kTagSize, 'x');
        memRuns.push_back(timeMBps(size, [&] {
            auto enc = ChunkEncryptor::create(*key, opts.chunkSize);
            const quint64 chunks = quint64(size / opts.chunkSize);
            for (quint64 c = 0; c < chunks; ++c)
                if (!enc->sealChunkInPlace(
                        c, reinterpret_cast<unsigned char*>(buf.data()), opts.chunkSize, c + 1 == chunks))
                    return false;
            return true;
        }));
    }
    for (int i = 0; i < runs; ++i) {
        QFile::remove(back);
        copyRuns.push_back(timeMBps(size, [&] { return plainCopy(plain, back, opts.chunkSize); }));
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
    for (const auto* v : { &encRuns, &decRuns, &shaRuns, &copyRuns, &memRuns, &lanesRuns, &blocksRuns })
        for (const Sample& x : *v)
            if (x.wall < 0)
                return 1;

    auto list = [](const std::vector<Sample>& v) {
        QStringList s;
        for (const Sample& x : v)
            s << QString::number(x.wall, 'f', 0);
        return s.join(u' ');
    };
    auto med = [](const std::vector<Sample>& v, bool cpu) {
        std::vector<double> x;
        for (const Sample& s : v)
            x.push_back(cpu ? s.cpu : s.wall);
        return median(x);
    };
    std::printf("file: %lld MiB in %s, chunk %lld KiB, %d runs (MB/s = 10^6 bytes/s of plaintext)\n", size >> 20,
        qPrintable(dir.path()), opts.chunkSize >> 10, runs);
    auto line = [&](const char* name, const std::vector<Sample>& v) {
        std::printf("%-12s median %7.0f MB/s   runs: %-16s  per CPU-second: %5.0f MB\n", name, med(v, false),
            qPrintable(list(v)), med(v, true));
    };
    line("sealInMemory", memRuns);
    line("plainCopy", copyRuns);
    line("encryptFile", encRuns);
    line("decryptFile", decRuns);
    line("sha256File", shaRuns);
    line(as::util::sha256LanesAvailable() ? "sha256Lanes" : "sha256Lanes(n/a)", lanesRuns);
    line("sha256Blocks", blocksRuns);
    return 0;
}
