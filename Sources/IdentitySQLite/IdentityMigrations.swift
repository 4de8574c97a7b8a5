import GRDB
import SQLiteSupport

/// Named, append-only migrations of identity.sqlite. Times are milliseconds since 1970 (UTC);
/// tokens and rate-limit keys are SHA-256 blobs, never the clear values.
enum IdentityMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-credentials-invitations-sessions") { db in
            try db.execute(sql: """
                CREATE TABLE credential (
                    member_id INTEGER PRIMARY KEY CHECK (member_id > 0),
                    email TEXT NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
                    password_hash TEXT NOT NULL,
                    is_administrator INTEGER NOT NULL CHECK (is_administrator IN (0, 1)),
                    created_at_ms INTEGER NOT NULL
                );
                CREATE TABLE invitation (
                    id INTEGER PRIMARY KEY,
                    token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
                    network_id INTEGER NOT NULL,
                    email TEXT NOT NULL,
                    invited_by_member_id INTEGER NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    expires_at_ms INTEGER NOT NULL,
                    claimed_at_ms INTEGER,
                    accepted_member_id INTEGER
                );
                CREATE TABLE session (
                    token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),
                    member_id INTEGER NOT NULL REFERENCES credential(member_id),
                    created_at_ms INTEGER NOT NULL,
                    expires_at_ms INTEGER NOT NULL,
                    revoked_at_ms INTEGER
                ) WITHOUT ROWID;
                CREATE INDEX session_by_expiry ON session(expires_at_ms);
                CREATE TABLE login_attempt (
                    id INTEGER PRIMARY KEY,
                    account_key BLOB NOT NULL,
                    address_key BLOB NOT NULL,
                    at_ms INTEGER NOT NULL
                );
                CREATE INDEX login_attempt_by_account ON login_attempt(account_key, at_ms);
                CREATE INDEX login_attempt_by_address ON login_attempt(address_key, at_ms);
                CREATE TABLE bootstrap_token (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    token_hash BLOB NOT NULL CHECK (length(token_hash) = 32),
                    created_at_ms INTEGER NOT NULL,
                    claimed_at_ms INTEGER
                );
                """)
        }
        migrator.registerMigration("2026-12-01 login attempts by account and address") { db in
            // Login limits per account and address (issue 16), beside the per-account and
            // per-address ones.
            try db.execute(sql: """
                CREATE INDEX login_attempt_by_account_and_address ON login_attempt(account_key, address_key, at_ms);
                """)
        }
        migrator.registerMigration("2026-12-01 invitations carry their creation key") { db in
            // The inviter's Idempotency-Key (hashed) stored with the invitation it created, in
            // the same row: a retry after a crash finds it (`InvitationKey`).
            try db.execute(sql: """
                ALTER TABLE invitation ADD COLUMN creation_key_hash BLOB CHECK (length(creation_key_hash) = 32);
                ALTER TABLE invitation ADD COLUMN creation_request_hash BLOB CHECK (length(creation_request_hash) = 32);
                CREATE UNIQUE INDEX invitation_by_creation_key ON invitation (invited_by_member_id, creation_key_hash)
                    WHERE creation_key_hash IS NOT NULL;
                """)
        }
        migrator.registerMigration("2026-12-02 invitations revoked, listed by network") { db in
            // Coordinators list, resend and revoke a network's invitations (issue 19): a revoked
            // invitation's token is refused; the list reads a network's newest first, and a
            // batch looks up pending invitations by address.
            try db.execute(sql: """
                ALTER TABLE invitation ADD COLUMN revoked_at_ms INTEGER;
                CREATE INDEX invitation_by_network ON invitation (network_id, id);
                CREATE INDEX invitation_by_network_email ON invitation (network_id, email);
                """)
        }
        migrator.registerMigration("2026-12-02 notifications: the identity database's outbox") { db in
            // Invitations and password resets, written in the transaction that stores the
            // token they carry (issue 20; `SQLiteOutboxTable`).
            try db.execute(sql: SQLiteOutboxTable.createStatements)
        }
        migrator.registerMigration("2026-12-02 password resets") { db in
            // "Forgot your password" (issue 20): a reset's token as its SHA-256 only, used once,
            // short-lived; one unused reset per member at a time. Unsent emails are looked up by
            // what they are about, to drop those a change made pointless (a replaced token).
            try db.execute(sql: """
                CREATE TABLE password_reset (
                    id INTEGER PRIMARY KEY,
                    token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
                    member_id INTEGER NOT NULL REFERENCES credential(member_id),
                    created_at_ms INTEGER NOT NULL,
                    expires_at_ms INTEGER NOT NULL CHECK (expires_at_ms > created_at_ms),
                    used_at_ms INTEGER
                );
                CREATE INDEX password_reset_unused_by_member ON password_reset (member_id) WHERE used_at_ms IS NULL;
                CREATE INDEX password_reset_by_expiry ON password_reset (expires_at_ms);
                CREATE INDEX outbox_unsent_by_subject ON outbox (kind, subject_id) WHERE state = 'pending';
                """)
        }
        migrator.registerMigration("2026-12-02 i21-x: sessions by member") { db in
            // A member's access export lists their active sessions (created and expiry times
            // only): a seek by member, not a scan of every session.
            try db.execute(sql: "CREATE INDEX session_by_member ON session (member_id, created_at_ms)")
        }
        return migrator
    }
}
