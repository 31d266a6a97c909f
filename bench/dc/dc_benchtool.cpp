// amazingstore-dc-benchtool: helper of bench/dc/run.sh.
//   torrent FILE PIECE_BYTES   write FILE.torrent (hybrid, as the node makes them); print the object id
//   populate DB OWNER COUNT    insert COUNT available objects owned by OWNER straight into a DC's SQLite
//                              store (the DC must be stopped; its schema must exist)
#include "core/util/Encoding.h"
#include "server/store/SqlMetadataStore.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <cstdio>
#include <iterator>
#include <libtorrent/bencode.hpp>
#include <libtorrent/create_torrent.hpp>
#include <libtorrent/torrent_info.hpp>

namespace {

int makeTorrent(const QString& file, int pieceBytes)
{
    lt::file_storage fs;
    lt::add_files(fs, QFile::encodeName(file).toStdString());
    lt::create_torrent ct(fs, pieceBytes);
    lt::set_piece_hashes(ct, QFile::encodeName(QFileInfo(file).absolutePath()).toStdString());
    std::vector<char> buf;
    lt::bencode(std::back_inserter(buf), ct.generate());
    QFile out(file + QStringLiteral(".torrent"));
    if (!out.open(QIODevice::WriteOnly) || out.write(buf.data(), qint64(buf.size())) != qint64(buf.size()))
        return 1;
    lt::error_code ec;
    lt::torrent_info ti(lt::span<char const>(buf.data(), std::ptrdiff_t(buf.size())), ec, lt::from_span);
    if (ec)
        return 1;
    std::printf("%s\n", QByteArray(reinterpret_cast<const char*>(ti.info_hashes().v2.data()), 32).toHex().constData());
    return 0;
}

int populate(const QString& path, const QString& owner, qint64 count)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"));
    db.setDatabaseName(path);
    if (!db.open())
        return 1;
    QSqlQuery q(db);
    q.exec(QStringLiteral("PRAGMA synchronous=OFF"));
    db.transaction();
    q.prepare(QStringLiteral("INSERT INTO objects (id, owner, size, piece_length, state, created_at, sealed_metadata, "
                             "wrapped_file_key, v1_hash, v2_short, torrent) VALUES (?, ?, 1000, 16384, 'available', ?, "
                             "'c2VhbGVk', 'a2V5', ?, ?, '')"));
    for (qint64 i = 0; i < count; ++i) {
        QByteArray id(32, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(id.data()), 8);
        const QString hex = as::toHex(id);
        q.bindValue(0, hex);
        q.bindValue(1, owner);
        q.bindValue(2, 1700000000 + i);
        q.bindValue(3, hex.left(40));
        q.bindValue(4, hex.mid(24, 40));
        if (!q.exec()) {
            std::fprintf(stderr, "insert failed: %s\n", qPrintable(q.lastError().text()));
            return 1;
        }
    }
    return db.commit() ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList a = QCoreApplication::arguments();
    if (a.size() == 4 && a[1] == QStringLiteral("torrent"))
        return makeTorrent(a[2], a[3].toInt());
    if (a.size() == 5 && a[1] == QStringLiteral("populate"))
        return populate(a[2], a[3], a[4].toLongLong());
    std::fprintf(stderr, "usage: amazingstore-dc-benchtool torrent FILE PIECE_BYTES | populate DB OWNER COUNT\n");
    return 2;
}
