#include "core/protocol/Json.h"

#include "core/util/Encoding.h"
#include "core/util/Ids.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <cmath>

namespace as::protocol {

Result<QJsonObject> parseObject(const QByteArray& body)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError)
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("malformed JSON at offset %1: %2").arg(err.offset).arg(err.errorString()));
    if (!doc.isObject())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("the body must be a JSON object"));
    return doc.object();
}

QByteArray toBytes(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

const QJsonValue* JsonReader::find(const char* key, bool required)
{
    if (m_error)
        return nullptr;
    const auto it = m_obj.constFind(QLatin1StringView(key));
    if (it == m_obj.constEnd() || it->isNull()) {
        if (required)
            fail(QStringLiteral("missing field '%1'").arg(QLatin1StringView(key)));
        return nullptr;
    }
    m_value = *it;
    return &m_value;
}

void JsonReader::fail(const QString& message)
{
    if (!m_error)
        m_error = makeError(ErrorCode::InvalidArgument, message);
}

void JsonReader::typeError(const char* key, const char* expected)
{
    fail(QStringLiteral("field '%1': expected %2").arg(QLatin1StringView(key), QLatin1StringView(expected)));
}

std::optional<QString> JsonReader::optString(const char* key, int maxLength)
{
    const QJsonValue* v = find(key, false);
    if (!v)
        return std::nullopt;
    if (!v->isString()) {
        typeError(key, "a string");
        return std::nullopt;
    }
    QString s = v->toString();
    if (s.size() > maxLength) {
        fail(QStringLiteral("field '%1': longer than %2 characters").arg(QLatin1StringView(key)).arg(maxLength));
        return std::nullopt;
    }
    return s;
}

QString JsonReader::string(const char* key, int maxLength)
{
    if (!find(key, true))
        return {};
    return optString(key, maxLength).value_or(QString());
}

std::optional<qint64> JsonReader::optInteger(const char* key, qint64 min, qint64 max)
{
    const QJsonValue* v = find(key, false);
    if (!v)
        return std::nullopt;
    const double d = v->toDouble(std::nan(""));
    if (!v->isDouble() || !std::isfinite(d) || d != std::floor(d)) {
        typeError(key, "an integer");
        return std::nullopt;
    }
    if (d < double(min) || d > double(max)) {
        fail(QStringLiteral("field '%1': out of range [%2, %3]").arg(QLatin1StringView(key)).arg(min).arg(max));
        return std::nullopt;
    }
    return qint64(d);
}

qint64 JsonReader::integer(const char* key, qint64 min, qint64 max)
{
    if (!find(key, true))
        return 0;
    return optInteger(key, min, max).value_or(0);
}

double JsonReader::number(const char* key)
{
    const QJsonValue* v = find(key, true);
    if (!v)
        return 0;
    if (!v->isDouble()) {
        typeError(key, "a number");
        return 0;
    }
    return v->toDouble();
}

bool JsonReader::boolean(const char* key)
{
    const QJsonValue* v = find(key, true);
    if (!v)
        return false;
    if (!v->isBool()) {
        typeError(key, "a boolean");
        return false;
    }
    return v->toBool();
}

QByteArray JsonReader::bytes(const char* key, int maxDecoded)
{
    const QString s = string(key, maxDecoded / 3 * 4 + 8);
    if (!ok())
        return {};
    auto decoded = fromBase64Url(s);
    if (!decoded) {
        fail(QStringLiteral("field '%1': expected unpadded base64url").arg(QLatin1StringView(key)));
        return {};
    }
    return *decoded;
}

QString JsonReader::id(const char* key)
{
    const QString s = string(key, 128);
    if (!ok())
        return {};
    if (!isValidId(s)) {
        fail(QStringLiteral("field '%1': expected 64 lowercase hex characters").arg(QLatin1StringView(key)));
        return {};
    }
    return s;
}

std::optional<QJsonArray> JsonReader::optArray(const char* key, int maxItems)
{
    const QJsonValue* v = find(key, false);
    if (!v)
        return std::nullopt;
    if (!v->isArray()) {
        typeError(key, "an array");
        return std::nullopt;
    }
    QJsonArray a = v->toArray();
    if (a.size() > maxItems) {
        fail(QStringLiteral("field '%1': more than %2 items").arg(QLatin1StringView(key)).arg(maxItems));
        return std::nullopt;
    }
    return a;
}

QJsonArray JsonReader::array(const char* key, int maxItems)
{
    if (!find(key, true))
        return {};
    return optArray(key, maxItems).value_or(QJsonArray());
}

QJsonObject JsonReader::object(const char* key)
{
    const QJsonValue* v = find(key, true);
    if (!v)
        return {};
    if (!v->isObject()) {
        typeError(key, "an object");
        return {};
    }
    return v->toObject();
}

} // namespace as::protocol
