#pragma once
// A scripted EngineApi for widget-level tests: answers every command the tray app sends asynchronously
// (on the next event-loop turn, like a real engine on another thread), keeps "uploaded" files in a store
// that several FakeEngines may share (a stand-in for the DC), and records the commands it was given.
// The flows in UiFlows.h also run against the real engine (tst_ui_real); this double only makes the
// widget tests independent of the network.

#include "core/api/EngineApi.h"

#include <QHash>
#include <QJsonArray>
#include <QStringList>

#include <memory>

namespace as::test {

struct FakeCloud {
    QHash<QString, QByteArray> blobs; // object id -> plaintext
    QHash<QString, QString> names;
    bool dcUp = true;
};

struct FakeStandby {
    QString peerId; // serving while the DC does not answer; empty: none
    QString url;
    int known = 0;
};

class FakeEngine : public EngineApi {
    Q_OBJECT
public:
    explicit FakeEngine(std::shared_ptr<FakeCloud> cloud, QObject* parent = nullptr);

    CommandReply* call(const QString& command, const QJsonObject& args = {}) override;

    QStringList commands; // every command received, in order
    NodeStatus status;
    FakeStandby standby; // the `status` reply's outage-mode part
    QJsonArray history;   // `contribution` history points
    QList<ObjectInfo> objects;

    void setDcUp(bool up);   // mode change + statusChanged
    void setLoggedIn(const QString& user);

private:
    void answer(CommandReply* r, const QString& command, const QJsonObject& args);
    void upload(CommandReply* r, const QJsonObject& args);
    void get(CommandReply* r, const QJsonObject& args);
    QString linkFor(const QString& id) const;

    std::shared_ptr<FakeCloud> m_cloud;
    int m_nextTransfer = 1;
};

} // namespace as::test
