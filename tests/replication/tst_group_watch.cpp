// The node's watch over its replica groups (core/engine/GroupWatch): the policy's verdict on the groups of a
// heartbeat answer, aged by the node's own clock between answers; only the group's actor asks, at most once per
// gap; assignees still fetching count as live but never act; a group in surplus asks for a drop.
#include "core/engine/GroupWatch.h"

#include <QJsonArray>
#include <QtTest>

using namespace as;
using namespace as::engine;

namespace {

constexpr qint64 kHour = 3600;

// Ids by their first byte: the object is 00…, so a smaller first byte is closer (XOR).
QString id(char first)
{
    return QString(1, QLatin1Char(first)) + QString(63, u'0');
}

protocol::WatchParams params()
{
    protocol::WatchParams w;
    w.target = 0.9;
    w.minReplicas = 3;
    w.dcAvailability = 0.5;
    w.meanAvailability = 0.9;
    w.permanentShare = 0.01;
    w.absenceShape = 0.5;
    w.absenceScale = 4 * 3600.0;
    return w;
}

protocol::GroupMember member(char first, bool online, qint64 offlineFor = 0)
{
    protocol::GroupMember m;
    m.peerId = id(first);
    m.online = online;
    m.offlineFor = offlineFor;
    m.availability = 0.9; // strong members: the floor (3) sets c, 0.5 · 0.1^c ≤ 0.1 needs only 1
    return m;
}

protocol::GroupView group(QList<protocol::GroupMember> members)
{
    protocol::GroupView g;
    g.objectId = id('0');
    g.size = 1000;
    g.targetReplicas = 3;
    g.members = std::move(members);
    return g;
}

} // namespace

class TestGroupWatch : public QObject {
    Q_OBJECT
private slots:
    void fullGroupAsksNothing()
    {
        GroupWatch w;
        w.update(params(), { group({ member('1', true), member('2', true), member('3', true) }) }, 0);
        const auto v = w.evaluate(id('1'), 0);
        QCOMPARE(v.size(), 1);
        QVERIFY(v[0].actor);
        QCOMPARE(v[0].threshold, 3);
        QCOMPARE(v[0].action, policy::Action::None);
        QVERIFY(w.due(id('1'), 0, 1000).isEmpty());
    }

    void shortGroupAsksOncePerGap()
    {
        GroupWatch w;
        w.update(params(),
            { group({ member('1', true), member('2', false, 30 * 24 * kHour), member('3', false, 40 * 24 * kHour) }) },
            0);
        const auto asks = w.due(id('1'), 0, 1000);
        QCOMPARE(asks.size(), 1);
        QCOMPARE(asks[0].objectId, id('0'));
        QCOMPARE(asks[0].request.peerId, id('1'));
        QCOMPARE(asks[0].request.targetReplicas, 3);
        QVERIFY(asks[0].request.estimate < 1.5);
        QVERIFY(w.due(id('1'), 500, 1000).isEmpty()); // within the gap
        QCOMPARE(w.due(id('1'), 1000, 1000).size(), 1); // after it
        // A new answer for the same group keeps the gap; a group no longer held is forgotten.
        w.update(params(),
            { group({ member('1', true), member('2', false, 30 * 24 * kHour), member('3', false, 40 * 24 * kHour) }) },
            1200);
        QVERIFY(w.due(id('1'), 1500, 1000).isEmpty());
    }

    void ownClockAgesOfflineMembers()
    {
        // One hour away is transient churn; the same absence seen 30 days later (no new answer) is not. The
        // time scale of the DC's test knob applies to the node's clock too.
        GroupWatch w;
        protocol::WatchParams p = params();
        p.timeScale = 10000;
        w.update(p, { group({ member('1', true), member('2', true), member('3', false, 0) }) }, 0);
        QCOMPARE(w.evaluate(id('1'), 0)[0].action, policy::Action::None);
        QVERIFY(w.due(id('1'), 0, 1000).isEmpty());
        const qint64 later = 30 * 24 * kHour * 1000 / 10000; // ms of node time for 30 detector days
        const auto v = w.evaluate(id('1'), later);
        QCOMPARE(v[0].action, policy::Action::Add);
        QCOMPARE(w.due(id('1'), later, 1000).size(), 1);
    }

    void onlyTheActorAsks()
    {
        GroupWatch w;
        w.update(params(),
            { group({ member('1', true), member('2', false, 30 * 24 * kHour), member('3', false, 40 * 24 * kHour) }) },
            0);
        // '4' is not closer than '1': it is told nothing to do even with the same verdict.
        QVERIFY(!w.evaluate(id('4'), 0)[0].actor);
        QVERIFY(w.due(id('4'), 0, 1000).isEmpty());
    }

    void pendingAssigneesCountButNeverAct()
    {
        GroupWatch w;
        protocol::GroupMember fetching = member('1', false);
        fetching.pending = true;
        w.update(params(), { group({ fetching, member('2', true), member('3', true) }) }, 0);
        const auto v = w.evaluate(id('2'), 0);
        QVERIFY(v[0].actor); // '1' is closer but still fetching
        QCOMPARE(v[0].action, policy::Action::None); // three live members: c is met
        QVERIFY(!w.evaluate(id('1'), 0)[0].actor);
    }

    void surplusAsksForADrop()
    {
        GroupWatch w;
        QList<protocol::GroupMember> members;
        for (char c : { '1', '2', '3', '4', '5', '6' })
            members.append(member(c, true));
        w.update(params(), { group(members) }, 0);
        const auto v = w.evaluate(id('1'), 0);
        QCOMPARE(v[0].action, policy::Action::Drop);
        QCOMPARE(w.due(id('1'), 0, 1000).size(), 1);
    }

    void protocolRoundTripAndValidation()
    {
        // The shared JSON types (core/protocol/Peers.h): what the DC writes, the node reads back unchanged.
        protocol::HeartbeatReply reply;
        reply.peerId = id('1');
        reply.address = QStringLiteral("127.0.0.1");
        reply.watch = params();
        protocol::GroupMember fetching = member('2', true);
        fetching.pending = true;
        protocol::GroupMember away = member('3', false, 5400);
        away.meanCycle = 86400;
        away.absenceShape = 0.6;
        away.absenceScale = 20000;
        reply.groups = { group({ member('1', true), fetching, away }) };
        auto back = protocol::HeartbeatReply::fromJson(reply.toJson());
        QVERIFY(back);
        QVERIFY(back->watch);
        QCOMPARE(back->watch->surplusMargin, 1.5);
        QCOMPARE(back->groups.size(), 1);
        const auto& m = back->groups[0].members;
        QCOMPARE(m.size(), 3);
        QVERIFY(m[1].pending && !m[0].pending);
        QCOMPARE(m[2].offlineFor, qint64(5400));
        QCOMPARE(m[2].absenceScale, 20000.0);
        QCOMPARE(m[0].meanCycle, -1.0); // not measured: absent from the JSON, unknown again
        // Without a watch the answer carries no groups (an older DC).
        reply.watch.reset();
        QVERIFY(!reply.toJson().contains(QStringLiteral("groups")));

        // Bad values are refused with one clear error.
        QJsonObject bad = member('4', true).toJson();
        bad.insert(QStringLiteral("availability"), 2);
        QVERIFY(!protocol::GroupMember::fromJson(bad));
        bad = member('4', true).toJson();
        bad.insert(QStringLiteral("peer_id"), QStringLiteral("../x"));
        QVERIFY(!protocol::GroupMember::fromJson(bad));
        bad = member('4', true).toJson();
        bad.insert(QStringLiteral("absence_shape"), 0.5); // a shape without a scale
        QVERIFY(!protocol::GroupMember::fromJson(bad));
        QJsonObject w = params().toJson();
        w.insert(QStringLiteral("target"), 1.5);
        QVERIFY(!protocol::WatchParams::fromJson(w));
        QJsonArray many;
        for (int i = 0; i <= protocol::kMaxGroupMembers; ++i)
            many.append(member('5', true).toJson());
        QJsonObject g = group({}).toJson();
        g.insert(QStringLiteral("members"), many);
        QVERIFY(!protocol::GroupView::fromJson(g));
        QVERIFY(!protocol::RepairRequest::fromJson({ { QStringLiteral("peer_id"), id('1') },
            { QStringLiteral("estimate"), -1 }, { QStringLiteral("target_replicas"), 3 } }));
        QJsonObject answer = protocol::RepairReply { id('0'), QStringLiteral("add"), 3, 1.2, 2, 0 }.toJson();
        QVERIFY(protocol::RepairReply::fromJson(answer));
        answer.insert(QStringLiteral("action"), QStringLiteral("explode"));
        QVERIFY(!protocol::RepairReply::fromJson(answer));
    }

    void noParamsNoVerdicts()
    {
        GroupWatch w;
        QVERIFY(w.evaluate(id('1'), 0).isEmpty());
        w.update(params(), { group({ member('1', true) }) }, 0);
        w.clear();
        QCOMPARE(w.size(), 0);
        QVERIFY(w.due(id('1'), 0, 0).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestGroupWatch)
#include "tst_group_watch.moc"
