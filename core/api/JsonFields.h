#pragma once
// The one JSON mapping of the engine commands' fields (core/api): lenient reads, since both ends are this
// program (the control socket's peer is the same build), and lists of typed values.
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace as::api::json {

inline QString str(const QJsonObject& j, const char* key) { return j.value(QLatin1String(key)).toString(); }
inline qint64 num(const QJsonObject& j, const char* key) { return qint64(j.value(QLatin1String(key)).toDouble()); }

template <class T> QJsonArray jsonArray(const QList<T>& items)
{
    QJsonArray out;
    for (const T& i : items)
        out.append(i.toJson());
    return out;
}

template <class T> QList<T> fromArray(const QJsonValue& v)
{
    QList<T> out;
    for (const QJsonValue& e : v.toArray())
        out.append(T::fromJson(e.toObject()));
    return out;
}

} // namespace as::api::json
