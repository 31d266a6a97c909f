// A store made the old way (schema 1, usernames stored as typed) opened by this DC: accounts are case-folded by
// the rule in docs/dc-server.md ("Accounts from before case folding"): a name alone in its folded group is
// renamed with its sessions and objects; in a collision the holder of the folded name (or else the oldest)
// gets it and the others keep their exact spelling, which still logs them in. Nothing is lost or merged.
#include "tests/server/TestUtil.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace as::test;

namespace {

int loginStatus(const DcHttp& http, const QString& name, const QByteArray& secret)
{
    return http.postJson("/api/v1/sessions",
                   { { QStringLiteral("username"), name }, { QStringLiteral("auth_secret"), b64(secret) } })
        .status;
}

// Edits the stopped DC's SQLite file; false (with the reason in `error`) when a statement fails.
bool tamper(const QString& dbPath, const QStringList& statements, QString* error)
{
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old-way"));
        db.setDatabaseName(dbPath);
        ok = db.open();
        QSqlQuery q(db);
        for (const QString& s : statements) {
            if (ok && !q.exec(s)) {
                *error = s + QStringLiteral(": ") + q.lastError().text();
                ok = false;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("old-way"));
    return ok;
}

// Renames an account in every table that names it, as a DC before case folding would have stored it.
QStringList storedAs(const QString& from, const QString& to)
{
    QStringList out;
    for (const char* sql : { "UPDATE accounts SET username = '%2' WHERE username = '%1'",
             "UPDATE sessions SET username = '%2' WHERE username = '%1'",
             "UPDATE objects SET owner = '%2' WHERE owner = '%1'" })
        out.append(QString::fromLatin1(sql).arg(from, to));
    return out;
}

} // namespace

class DcMigrationTest : public QObject {
    Q_OBJECT

private slots:
    void mixedCaseAccountsAreFolded()
    {
        QTemporaryDir work;
        const QString data = work.filePath(QStringLiteral("data"));
        auto dc = std::make_unique<DcProcess>();
        QVERIFY(dc->start(data));
        DcHttp http(dc->port());
        const DcAccount alice = registerAndLogin(http, QStringLiteral("alice"));
        const DcAccount bob = registerAndLogin(http, QStringLiteral("bob"));
        const DcAccount bob2 = registerAndLogin(http, QStringLiteral("bob2"));
        const DcAccount carl1 = registerAndLogin(http, QStringLiteral("carl1"));
        const DcAccount carl2 = registerAndLogin(http, QStringLiteral("carl2"));
        for (const DcAccount* a : { &alice, &bob, &bob2, &carl1, &carl2 })
            QVERIFY(!a->token.isEmpty());
        DcHttp aliceHttp(dc->port());
        aliceHttp.setToken(alice.token);
        const TestObject obj = makeTestObject(work.path(), 20000, 16 * 1024, 3);
        QCOMPARE(aliceHttp.postJson("/api/v1/objects", registerBody(obj)).status, 201);
        QCOMPARE(uploadAll(aliceHttp, obj, 20000).status, 200);
        QCOMPARE(dc->stop(), 0);

        // The old way: schema 1, names as typed. "Alice" alone; "Bob" beside an existing "bob"; "Carl" and an
        // older "CARL" with nobody holding "carl".
        QStringList edits = storedAs(QStringLiteral("alice"), QStringLiteral("Alice"))
            + storedAs(QStringLiteral("bob2"), QStringLiteral("Bob")) + storedAs(QStringLiteral("carl1"), QStringLiteral("Carl"))
            + storedAs(QStringLiteral("carl2"), QStringLiteral("CARL"));
        edits << QStringLiteral("UPDATE accounts SET created_at = created_at - 1000 WHERE username = 'CARL'")
              << QStringLiteral("DELETE FROM schema_version WHERE version > 1") << QStringLiteral("DROP TABLE IF EXISTS audit_records")
              << QStringLiteral("DROP TABLE IF EXISTS audit_withdrawn") << QStringLiteral("DROP TABLE IF EXISTS share_links")
              << QStringLiteral("DROP TABLE IF EXISTS deleted_objects") << QStringLiteral("DROP TABLE IF EXISTS master_log")
              << QStringLiteral("DROP TABLE IF EXISTS outage_changes") << QStringLiteral("DROP TABLE IF EXISTS account_keys")
              << QStringLiteral("DROP TABLE IF EXISTS object_grants")
              << QStringLiteral("ALTER TABLE peers DROP COLUMN master_port");
        QString error;
        QVERIFY2(tamper(data + QStringLiteral("/metadata.sqlite"), edits, &error), qPrintable(error));

        dc = std::make_unique<DcProcess>();
        QVERIFY(dc->start(data));
        http = DcHttp(dc->port());
        // Alone in its group: renamed, with its session and its object; any spelling logs in.
        QCOMPARE(loginStatus(http, QStringLiteral("alice"), alice.authSecret), 201);
        QCOMPARE(loginStatus(http, QStringLiteral("ALICE"), alice.authSecret), 201);
        aliceHttp = DcHttp(dc->port());
        aliceHttp.setToken(alice.token);
        const QJsonArray objects = aliceHttp.get("/api/v1/objects").json().value(QStringLiteral("objects")).toArray();
        QCOMPARE(objects.size(), 1);
        QCOMPARE(objects[0].toObject().value(QStringLiteral("id")).toString(), obj.id);
        QCOMPARE(registerAndLogin(http, QStringLiteral("Alice")).token, QString()); // taken
        // "bob" already held the folded name and keeps it; "Bob" keeps its exact spelling, which alone reaches it.
        QCOMPARE(loginStatus(http, QStringLiteral("bob"), bob.authSecret), 201);
        QCOMPARE(loginStatus(http, QStringLiteral("Bob"), bob2.authSecret), 201);
        QVERIFY(loginStatus(http, QStringLiteral("BOB"), bob2.authSecret) != 201);
        // Nobody held "carl": the older "CARL" gets it; "Carl" keeps its spelling.
        QCOMPARE(loginStatus(http, QStringLiteral("carl"), carl2.authSecret), 201);
        QCOMPARE(loginStatus(http, QStringLiteral("Carl"), carl1.authSecret), 201);
        QVERIFY2(dc->stderrOutput().contains("2 accounts renamed to their folded name, 2 kept their exact spelling"),
            dc->stderrOutput().constData());
        QCOMPARE(dc->stop(), 0);
    }
};

QTEST_GUILESS_MAIN(DcMigrationTest)
#include "tst_dc_migrations.moc"
