#pragma once
// Content and polling the suites share: random bytes (fresh, or replayable from a seed) and a wait that keeps the
// event loop running.
#include <QByteArray>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QtTest>

#include <functional>

namespace as::test {

// `n` bytes no run repeats (the last n % 4 stay as allocated: content to move around, not to predict).
inline QByteArray randomBytes(qsizetype n)
{
    QByteArray b(n, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(b.data()), n / 4);
    return b;
}

// `n` bytes that `seed` reproduces, so that a failing run can be replayed.
inline QByteArray randomBytes(qsizetype n, quint32 seed)
{
    QByteArray b(n, Qt::Uninitialized);
    QRandomGenerator g(seed);
    for (qsizetype i = 0; i < n; ++i)
        b[i] = char(g.generate());
    return b;
}

// Polls `done` every 250 ms with the event loop running until it holds or `ms` pass.
inline bool waitFor(const std::function<bool()>& done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) {
        if (done())
            return true;
        QTest::qWait(250);
    }
    return done();
}

} // namespace as::test
