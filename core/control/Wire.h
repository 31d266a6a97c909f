#pragma once
// The control socket's wire format: one compact JSON object per line (UTF-8, '\n'-terminated).
//   client → server  {"type":"call","id":N,"command":"upload","args":{...}}
//   server → client  {"type":"progress","id":N,"transfer":TransferInfo}
//                    {"type":"finished","id":N,"exit_code":0|1|2|..,"error_code":"unauthorized"|..,"result":{...},
//                     "error":"..."}   (error_code: core/api's errorCodeName of the failure's ErrorCode)
//                    {"type":"event","name":"status"|"transfer"|"objects"|"notify", ...}   (unsolicited)
// The socket lives in the profile folder (0700) and accepts only the same user.

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

class QIODevice;

namespace as::control {

constexpr int kMaxFrameBytes = 16 * 1024 * 1024;

QString socketPath(const QString& profileDir);
QByteArray encodeFrame(const QJsonObject& frame);
// Takes every complete line from `buffer`; nullopt for a line that is not a JSON object.
QList<std::optional<QJsonObject>> takeFrames(QByteArray& buffer);

} // namespace as::control
