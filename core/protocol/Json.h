#pragma once
// Strict JSON field access for the REST bodies: every read names the field, checks its type, and the first
// failure becomes one InvalidArgument error ("field 'size': expected an integer"). Shared by server and client.

#include "core/util/Result.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace as::protocol {

// Parses a request/answer body that must be one JSON object.
Result<QJsonObject> parseObject(const QByteArray& body);
QByteArray toBytes(const QJsonObject& object);

class JsonReader {
public:
    explicit JsonReader(const QJsonObject& object)
        : m_obj(object)
    { }

    QString string(const char* key, int maxLength = 4096);
    std::optional<QString> optString(const char* key, int maxLength = 4096);
    qint64 integer(const char* key, qint64 min = 0, qint64 max = (qint64(1) << 53));
    std::optional<qint64> optInteger(const char* key, qint64 min = 0, qint64 max = (qint64(1) << 53));
    double number(const char* key);
    bool boolean(const char* key);
    QByteArray bytes(const char* key, int maxDecoded); // base64url (unpadded)
    QString id(const char* key); // 64 lowercase hex
    QJsonArray array(const char* key, int maxItems);
    std::optional<QJsonArray> optArray(const char* key, int maxItems);
    QJsonObject object(const char* key);

    void fail(const QString& message);
    bool ok() const { return !m_error.has_value(); }
    // The accumulated error; call only when !ok().
    Error error() const { return *m_error; }

private:
    const QJsonValue* find(const char* key, bool required);
    void typeError(const char* key, const char* expected);

    QJsonObject m_obj;
    QJsonValue m_value;
    std::optional<Error> m_error;
};

// The items of a JSON array as the protocol type T (each checked by T::fromJson), appended to `out`; the first
// item that is not an object or does not read fails the whole list.
template <typename T> Status readList(const QJsonArray& array, QList<T>& out)
{
    for (const QJsonValue& v : array) {
        if (!v.isObject())
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("list items must be objects"));
        auto item = T::fromJson(v.toObject());
        if (!item)
            return item.error();
        out.append(*item);
    }
    return {};
}

template <typename T> QJsonArray writeList(const QList<T>& list)
{
    QJsonArray a;
    for (const T& x : list)
        a.append(x.toJson());
    return a;
}

} // namespace as::protocol
