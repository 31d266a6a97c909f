#include "tests/server/TestTorrent.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <iterator>
#include <libtorrent/bencode.hpp>
#include <libtorrent/create_torrent.hpp>
#include <libtorrent/torrent_info.hpp>

namespace as::test {

TestObject makeTestObject(const QString& dir, qint64 size, int pieceLength, quint32 seed, int flags)
{
    TestObject o;
    o.pieceLength = pieceLength;
    o.content.resize(size);
    QRandomGenerator rng(seed);
    for (qint64 i = 0; i < size; i += 4) {
        const quint32 v = rng.generate();
        for (int k = 0; k < 4 && i + k < size; ++k)
            o.content[i + k] = char(v >> (8 * k));
    }
    const QString name = QStringLiteral("object-%1-%2").arg(seed).arg(size);
    const QString path = QDir(dir).filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(o.content) != size)
        return o;
    f.close();

    lt::file_storage fs;
    lt::add_files(fs, QFile::encodeName(path).toStdString());
    lt::create_flags_t cf = {};
    if (flags == 1)
        cf = lt::create_torrent::v1_only;
    else if (flags == 2)
        cf = lt::create_torrent::v2_only;
    lt::create_torrent ct(fs, pieceLength, cf);
    lt::set_piece_hashes(ct, QFile::encodeName(dir).toStdString());
    std::vector<char> buf;
    lt::bencode(std::back_inserter(buf), ct.generate());
    o.torrent = QByteArray(buf.data(), qsizetype(buf.size()));

    lt::error_code ec;
    lt::torrent_info ti(lt::span<char const>(buf.data(), qsizetype(buf.size())), ec, lt::from_span);
    if (ec)
        return o;
    const auto ih = ti.info_hashes();
    if (ih.has_v2()) {
        o.id = QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(ih.v2.data()), 32).toHex());
        o.v2ShortHex = o.id.left(40);
    } else {
        o.id = QString(64, QLatin1Char('0'));
    }
    if (ih.has_v1())
        o.v1Hex = QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(ih.v1.data()), 20).toHex());
    return o;
}

} // namespace as::test
