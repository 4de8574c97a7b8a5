import Foundation
import Identity
import Logging
import PostgresNIO
import PostgresSupport

/// The identity store on PostgreSQL: the tables of identity.sqlite in the deployment's
/// database, shared by every instance. Nothing is cached in the process (SQLite's session cache
/// is not here: another instance's logout must hold on the next request here); where SQLite
/// relied on its single writer, a row lock (`FOR UPDATE`) or an advisory lock keyed by what the
/// step is about serialises instances (login attempts per account and address, invitations per
/// network and address, password resets per member).
public final class PostgresIdentityStore: IdentityStore {
    public let pool: PostgresPool
    let logger: Logger

    /// A store over an open pool whose schema is migrated (`migrate`).
    public init(pool: PostgresPool, logger: Logger = Logger(label: "peerhours.identity")) {
        self.pool = pool
        self.logger = logger
    }

    /// Opens a pool on `location` and brings the identity tables up to date (whichever instance
    /// takes the migration lock first migrates; a schema made by a newer build is refused).
    public static func open(_ location: PostgresLocation, logger: Logger = Logger(label: "peerhours.identity")) async throws
        -> PostgresIdentityStore
    {
        let pool = PostgresPool(location, label: "peerhours.identity", logger: logger)
        let store = PostgresIdentityStore(pool: pool, logger: logger)
        do {
            try await store.migrate()
        } catch {
            pool.close()
            throw error
        }
        return store
    }

    /// Applies the identity migrations not yet applied; answers their names.
    @discardableResult
    public func migrate() async throws -> [String] {
        try await IdentityPostgresMigrations.migrator.migrate(pool)
    }

    public func close() {
        pool.close()
    }

    // MARK: Credentials

    public func credential(email: String) async throws -> Credential? {
        try await pool.read { connection in
            try await Self.first(connection.query("SELECT * FROM credential WHERE email = \(email)", logger: logger))
                .map(Self.credential(from:))
        }
    }

    public func credential(memberID: Int64) async throws -> Credential? {
        try await pool.read { connection in
            try await Self.first(connection.query("SELECT * FROM credential WHERE member_id = \(memberID)", logger: logger))
                .map(Self.credential(from:))
        }
    }

    public func insertCredential(_ credential: Credential) async throws {
        try await pool.transaction { connection in
            if try await Self.exists(connection.query("SELECT 1 FROM credential WHERE email = \(credential.email)", logger: logger)) {
                throw IdentityStoreError.emailTaken
            }
            if try await Self.exists(connection.query(
                "SELECT 1 FROM credential WHERE member_id = \(credential.memberID)", logger: logger)) {
                throw IdentityStoreError.memberHasCredential
            }
            do {
                try await connection.query("""
                    INSERT INTO credential (member_id, email, password_hash, is_administrator, created_at_ms)
                    VALUES (\(credential.memberID), \(credential.email), \(credential.passwordHash),
                            \(Int32(credential.isAdministrator ? 1 : 0)), \(credential.createdAt.storedMilliseconds))
                    """, logger: logger)
            } catch let error as PSQLError where PostgresErrors.isUniqueViolation(error) {
                // Another instance stored one between the checks and the insert.
                throw error.serverInfo?[.constraintName] == "credential_email_key"
                    ? IdentityStoreError.emailTaken : IdentityStoreError.memberHasCredential
            }
        }
    }

    public func replacePassword(memberID: Int64, passwordHash: String, keptSessionTokenHash: Data?, at: Date) async throws -> Bool {
        try await pool.transaction { connection in
            let changed = try await Self.count(connection.query(
                "UPDATE credential SET password_hash = \(passwordHash) WHERE member_id = \(memberID) RETURNING member_id",
                logger: logger))
            guard changed == 1 else { return false }
            // A zero-length hash matches no session (hashes are 32 bytes): all are revoked then.
            try await connection.query("""
                UPDATE session SET revoked_at_ms = \(at.storedMilliseconds)
                WHERE member_id = \(memberID) AND revoked_at_ms IS NULL AND token_hash <> \(keptSessionTokenHash ?? Data())
                """, logger: logger)
            return true
        }
    }

    public func administratorExists() async throws -> Bool {
        try await pool.read { connection in
            try await Self.exists(connection.query("SELECT 1 FROM credential WHERE is_administrator = 1 LIMIT 1", logger: logger))
        }
    }

    static func credential(from row: PostgresRandomAccessRow) throws -> Credential {
        Credential(
            memberID: try row["member_id"].decode(Int64.self), email: try row["email"].decode(String.self),
            passwordHash: try row["password_hash"].decode(String.self),
            isAdministrator: try row["is_administrator"].decode(Int32.self) == 1,
            createdAt: Date(storedMilliseconds: try row["created_at_ms"].decode(Int64.self)))
    }

    // MARK: Bootstrap token

    public func replaceBootstrapToken(hash: Data, createdAt: Date) async throws {
        try await pool.transaction { connection in
            _ = try await connection.query("""
                INSERT INTO bootstrap_token (id, token_hash, created_at_ms, claimed_at_ms)
                VALUES (1, \(hash), \(createdAt.storedMilliseconds), NULL)
                ON CONFLICT (id) DO UPDATE
                SET token_hash = EXCLUDED.token_hash, created_at_ms = EXCLUDED.created_at_ms, claimed_at_ms = NULL
                """, logger: logger)
        }
    }

    public func claimBootstrapToken(hash: Data, at: Date) async throws -> Bool {
        try await pool.transaction { connection in
            try await Self.count(connection.query("""
                UPDATE bootstrap_token SET claimed_at_ms = \(at.storedMilliseconds)
                WHERE id = 1 AND token_hash = \(hash) AND claimed_at_ms IS NULL RETURNING id
                """, logger: logger)) == 1
        }
    }

    public func releaseBootstrapToken(hash: Data) async throws {
        try await pool.transaction { connection in
            _ = try await connection.query(
                "UPDATE bootstrap_token SET claimed_at_ms = NULL WHERE id = 1 AND token_hash = \(hash)", logger: logger)
        }
    }
}
