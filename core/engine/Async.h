#pragma once
// Runs heavy work (scrypt, encryption, hashing, decryption) on the global thread pool and hands its result
// back on `context`'s thread. If `context` dies first, the result is dropped.

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>
#include <optional>
#include <type_traits>

namespace as::engine {

template <typename Work, typename Then>
void runAsync(QObject* context, Work work, Then then)
{
    using R = std::invoke_result_t<Work>;
    auto slot = std::make_shared<std::optional<R>>();
    auto* watcher = new QFutureWatcher<void>(context);
    QObject::connect(watcher, &QFutureWatcher<void>::finished, context, [watcher, slot, then]() mutable {
        watcher->deleteLater();
        then(std::move(**slot));
    });
    watcher->setFuture(QtConcurrent::run([work = std::move(work), slot]() mutable { slot->emplace(work()); }));
}

} // namespace as::engine
