#pragma once
// Makes a test object: random bytes in a file and its hybrid (v1+v2) torrent made by libtorrent, as the node
// makes them. libtorrent headers stay in TestTorrent.cpp.

#include <QByteArray>
#include <QString>

namespace as::test {

struct TestObject {
    QByteArray content;
    QByteArray torrent;
    QString id; // v2 info-hash, 64 hex
    QString v1Hex; // 40 hex
    QString v2ShortHex; // 40 hex
    qint64 pieceLength = 0;
};

// `dir` receives the content file. flags: 0 = hybrid (default), 1 = v1 only, 2 = v2 only.
TestObject makeTestObject(
    const QString& dir, qint64 size, int pieceLength = 16 * 1024, quint32 seed = 1, int flags = 0);

} // namespace as::test
