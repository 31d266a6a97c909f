#pragma once
// Helpers shared by the transfer suites: random content, files, and loopback sessions that are always
// started and stopped within a time bound.

#include "core/transfer/TorrentMaker.h"
#include "core/transfer/TransferSession.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <vector>

namespace as::transfer::test {

inline QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QByteArray out(size, Qt::Uninitialized);
    QRandomGenerator gen(seed);
    qsizetype i = 0;
    for (; i + 4 <= size; i += 4) {
        const quint32 v = gen.generate();
        memcpy(out.data() + i, &v, 4);
    }
    for (; i < size; ++i)
        out[i] = char(gen.generate());
    return out;
}

inline QString writeFile(const QString& path, const QByteArray& content)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

inline QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline QString loopbackPeer(const TransferSession& s)
{
    return QStringLiteral("127.0.0.1:%1").arg(s.listenPort());
}

// Starts a session and waits until it listens. Returns null (after a failed QVERIFY) on trouble.
inline std::unique_ptr<TransferSession> startSession(const SessionSettings& settings)
{
    auto s = std::make_unique<TransferSession>(settings);
    const Status st = s->start();
    if (!st.ok()) {
        qWarning("start failed: %s", qPrintable(st.error().message));
        return nullptr;
    }
    QElapsedTimer t;
    t.start();
    while (s->listenPort() == 0 && t.elapsed() < 10000)
        QTest::qWait(10);
    if (s->listenPort() == 0)
        return nullptr;
    return s;
}

// Saves resume data and stops libtorrent; true when it stopped within `timeoutMs`.
inline bool stopSession(TransferSession& s, int timeoutMs = 10000)
{
    s.shutdown(5000);
    QElapsedTimer t;
    t.start();
    while (!s.isStopped() && t.elapsed() < timeoutMs)
        QTest::qWait(10);
    return s.isStopped();
}

inline bool waitFor(const std::function<bool()>& cond, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!cond()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QTest::qWait(20);
    }
    return true;
}

inline bool finished(const TransferSession& s, const QString& id)
{
    const auto st = s.torrents().stats(id);
    return st && st->state == TorrentState::Seeding && st->completeOnDisk;
}

// A file with its torrent.
struct Object {
    QString path;
    QByteArray content;
    MadeTorrent made;
};

// What the swarm suites share: folders per test function under one temporary folder, and sessions that
// stopSessions() (called from each suite's cleanup()) shuts down within a bound.
class SwarmFixture {
protected:
    QTemporaryDir m_tmp;
    std::vector<std::unique_ptr<TransferSession>> m_sessions;

    TransferSession* session(const SessionSettings& settings = SessionSettings::loopback())
    {
        auto s = startSession(settings);
        if (!s)
            return nullptr;
        m_sessions.push_back(std::move(s));
        return m_sessions.back().get();
    }

    void stopSessions()
    {
        for (auto& s : m_sessions)
            QVERIFY(stopSession(*s));
        m_sessions.clear();
    }

    QString dir(const QString& name)
    {
        const QString path = m_tmp.filePath(QString::fromLatin1(QTest::currentTestFunction()) + u'/' + name);
        QDir().mkpath(path);
        return path;
    }

    // Random content in origin-<seed>/object.bin and its hybrid torrent (named "object").
    Object makeObject(qsizetype size, quint32 seed, int pieceSize = 0)
    {
        Object o;
        o.content = randomBytes(size, seed);
        o.path = writeFile(dir(QStringLiteral("origin-%1").arg(seed)) + QStringLiteral("/object.bin"), o.content);
        auto made
            = TorrentMaker::make({ .filePath = o.path, .name = QStringLiteral("object"), .pieceSize = pieceSize });
        if (!made)
            qFatal("make failed: %s", qPrintable(made.error().message));
        o.made = std::move(*made);
        return o;
    }

    static QString seed(TransferSession* s, const Object& o, bool skipCheck = true)
    {
        auto id = s->torrents().addSeed({ .torrent = o.made.torrent, .filePath = o.path, .skipHashCheck = skipCheck });
        if (!id)
            qFatal("addSeed failed: %s", qPrintable(id.error().message));
        return *id;
    }
};

} // namespace as::transfer::test
