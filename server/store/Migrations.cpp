#include "server/store/Migrations.h"

namespace as::server {

const QList<QStringList>& schemaMigrations()
{
    static const QList<QStringList> kMigrations = {
        // 1: accounts, sessions, objects, upload progress, peers, holdings, DC uptime, server settings.
        {
            QStringLiteral("CREATE TABLE accounts (username TEXT PRIMARY KEY, auth_hash TEXT NOT NULL, "
                           "salt TEXT NOT NULL, kdf TEXT NOT NULL, wrapped_master_key TEXT NOT NULL, "
                           "public_key TEXT NOT NULL, created_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, "
                           "expires_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE INDEX sessions_expiry ON sessions (expires_at)"),
            QStringLiteral("CREATE TABLE objects (id TEXT PRIMARY KEY, owner TEXT NOT NULL, size BIGINT NOT NULL, "
                           "piece_length BIGINT NOT NULL, state TEXT NOT NULL, created_at BIGINT NOT NULL, "
                           "sealed_metadata TEXT NOT NULL, wrapped_file_key TEXT NOT NULL, "
                           "v1_hash TEXT NOT NULL, v2_short TEXT NOT NULL, torrent TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX objects_owner ON objects (owner, created_at)"),
            QStringLiteral("CREATE INDEX objects_v1 ON objects (v1_hash)"),
            QStringLiteral("CREATE INDEX objects_v2short ON objects (v2_short)"),
            QStringLiteral("CREATE INDEX objects_state ON objects (state)"),
            QStringLiteral("CREATE TABLE upload_ranges (object_id TEXT NOT NULL, start_offset BIGINT NOT NULL, "
                           "end_offset BIGINT NOT NULL, PRIMARY KEY (object_id, start_offset))"),
            QStringLiteral("CREATE TABLE peers (peer_id TEXT PRIMARY KEY, owner TEXT NOT NULL, "
                           "address TEXT NOT NULL, port INTEGER NOT NULL, capacity_bytes BIGINT NOT NULL, "
                           "used_bytes BIGINT NOT NULL, bytes_served BIGINT NOT NULL, "
                           "first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL)"),
            QStringLiteral("CREATE INDEX peers_owner ON peers (owner)"),
            QStringLiteral("CREATE INDEX peers_last_seen ON peers (last_seen)"),
            QStringLiteral("CREATE TABLE peer_sessions (peer_id TEXT NOT NULL, start_at BIGINT NOT NULL, "
                           "end_at BIGINT NOT NULL, PRIMARY KEY (peer_id, start_at))"),
            QStringLiteral("CREATE INDEX peer_sessions_end ON peer_sessions (end_at)"),
            QStringLiteral("CREATE TABLE holdings (peer_id TEXT NOT NULL, object_id TEXT NOT NULL, "
                           "PRIMARY KEY (peer_id, object_id))"),
            QStringLiteral("CREATE INDEX holdings_object ON holdings (object_id)"),
            QStringLiteral("CREATE TABLE dc_runs (start_at BIGINT PRIMARY KEY, alive_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE TABLE server_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        },
        // 2: proof-of-storage records (server/replication/AuditBook), so a restart neither re-trusts an expelled
        // peer nor forgets vetting and withdrawn replicas. Challenges in flight are not kept.
        {
            QStringLiteral("CREATE TABLE audit_records (peer_id TEXT PRIMARY KEY, passes INTEGER NOT NULL, "
                           "strikes INTEGER NOT NULL, expelled INTEGER NOT NULL, updated_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE TABLE audit_withdrawn (peer_id TEXT NOT NULL, object_id TEXT NOT NULL, "
                           "PRIMARY KEY (peer_id, object_id))"),
        },
        // 3: usernames case-folded (NFKC + case folding). Not SQL: SqlMetadataStore::foldLegacyUsernames runs
        // with it, in the same transaction (docs/dc-server.md, "Accounts from before case folding").
        {},
        // 4: standby masters (docs/outage.md): the port a peer serves as a standby on, and the signed change log.
        {
            QStringLiteral("ALTER TABLE peers ADD COLUMN master_port INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("CREATE TABLE master_log (seq BIGINT PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL, "
                           "signature TEXT NOT NULL)"),
            // A standby's changes during an outage, as its users signed them, until the DC took them back.
            QStringLiteral("CREATE TABLE outage_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL)"),
        },
        // 5: revocable share links, tombstones of deleted objects (docs/sharing.md).
        {
            QStringLiteral("CREATE TABLE share_links (link_id TEXT PRIMARY KEY, object_id TEXT NOT NULL, "
                           "owner TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, "
                           "revoked_at BIGINT NOT NULL, uses BIGINT NOT NULL, last_used_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE INDEX share_links_owner ON share_links (owner, created_at)"),
            QStringLiteral("CREATE INDEX share_links_object ON share_links (object_id)"),
            QStringLiteral("CREATE TABLE deleted_objects (object_id TEXT PRIMARY KEY, deleted_at BIGINT NOT NULL)"),
        },
        // 6: sharing to a named user (docs/sharing.md): account key pairs, grants of an object to a user.
        {
            QStringLiteral("CREATE TABLE account_keys (username TEXT PRIMARY KEY, public_key TEXT NOT NULL, "
                           "wrapped_private_key TEXT NOT NULL, created_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE TABLE object_grants (object_id TEXT NOT NULL, recipient TEXT NOT NULL, "
                           "owner TEXT NOT NULL, sealed_key TEXT NOT NULL, created_at BIGINT NOT NULL, "
                           "PRIMARY KEY (object_id, recipient))"),
            QStringLiteral("CREATE INDEX object_grants_recipient ON object_grants (recipient, created_at)"),
        },
    };
    return kMigrations;
}

} // namespace as::server
