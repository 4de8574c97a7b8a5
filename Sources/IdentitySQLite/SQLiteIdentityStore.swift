import Foundation
import GRDB
import SQLiteSupport
import Identity

/// The identity store on its own SQLite file (`identity.sqlite`): WAL, synchronous FULL, one
/// writer, pooled readers.
public final class SQLiteIdentityStore: IdentityStore {
    public static let fileName = "identity.sqlite"

    let pool: DatabasePool
    public let path: String
    /// Sessions that authenticated, by token hash, with their expiry: every request with a bearer
    /// token asks for its principal. Emptied by every commit to this database (a logout, an
    /// expiry sweep, a new login …; `session` is a WITHOUT ROWID table, whose row changes SQLite
    /// does not report, so no table filter), so a revocation holds from the next request on; an
    /// entry is only answered before its session's expiry.
    let sessionCache = CommittedReadCache<Data, CachedSession>()

    struct CachedSession: Sendable {
        var principal: Principal
        var expiresAtMilliseconds: Int64
    }

    /// Hits and misses of the session cache (tests and diagnostics).
    public var sessionCacheCounts: (hits: Int, misses: Int) { sessionCache.counts }

    /// Opens (creating if needed) and migrates the database at `path`. `coherence`:
    /// `.exclusiveFile` only when the caller holds the data directory's lock.
    public init(path: String, coherence: CacheCoherence = .sharedFile) throws {
        pool = try DurableDatabasePool.open(path: path, label: "peerhours.identity")
        self.path = path
        try IdentityMigrations.migrator.migrateRefusingNewer(pool)
        let watch = coherence == .sharedFile ? try CommitWatch(path: path, label: "peerhours.identity.watch") : nil
        try sessionCache.attach(to: pool, watch: watch)
    }

    /// Opens `identity.sqlite` inside a data directory.
    public convenience init(dataDirectory: String, coherence: CacheCoherence = .sharedFile) throws {
        try self.init(path: (dataDirectory as NSString).appendingPathComponent(Self.fileName), coherence: coherence)
    }

    public func synchronousSetting() async throws -> Int {
        try await DurableDatabasePool.synchronousSetting(of: pool)
    }

    // MARK: Credentials

    public func credential(email: String) async throws -> Credential? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM credential WHERE email = ?", arguments: [email])
                .map(Self.credential(from:))
        }
    }

    public func credential(memberID: Int64) async throws -> Credential? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM credential WHERE member_id = ?", arguments: [memberID])
                .map(Self.credential(from:))
        }
    }

    public func insertCredential(_ credential: Credential) async throws {
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM credential WHERE email = ?", arguments: [credential.email]) != nil {
                throw IdentityStoreError.emailTaken
            }
            if try Bool.fetchOne(
                db, sql: "SELECT 1 FROM credential WHERE member_id = ?", arguments: [credential.memberID]) != nil {
                throw IdentityStoreError.memberHasCredential
            }
            try db.execute(
                sql: """
                    INSERT INTO credential (member_id, email, password_hash, is_administrator, created_at_ms)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [credential.memberID, credential.email, credential.passwordHash,
                            credential.isAdministrator, credential.createdAt.storedMilliseconds])
        }
    }

    public func replacePassword(memberID: Int64, passwordHash: String, keptSessionTokenHash: Data?, at: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE credential SET password_hash = ? WHERE member_id = ?", arguments: [passwordHash, memberID])
            guard db.changesCount == 1 else { return false }
            // A zero-length hash matches no session (hashes are 32 bytes): all are revoked then.
            try db.execute(
                sql: """
                    UPDATE session SET revoked_at_ms = ?
                    WHERE member_id = ? AND revoked_at_ms IS NULL AND token_hash != ?
                    """,
                arguments: [at.storedMilliseconds, memberID, keptSessionTokenHash ?? Data()])
            return true
        }
    }

    public func administratorExists() async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM credential WHERE is_administrator = 1)") ?? false
        }
    }

    static func credential(from row: Row) throws -> Credential {
        let read = RowReader(row: row, table: "credential")
        return Credential(
            memberID: try read.int64("member_id"), email: try read.string("email"),
            passwordHash: try read.string("password_hash"), isAdministrator: try read.bool("is_administrator"),
            createdAt: Date(storedMilliseconds: try read.int64("created_at_ms")))
    }

    // MARK: Bootstrap token

    public func replaceBootstrapToken(hash: Data, createdAt: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO bootstrap_token (id, token_hash, created_at_ms, claimed_at_ms) VALUES (1, ?, ?, NULL)",
                arguments: [hash, createdAt.storedMilliseconds])
        }
    }

    public func claimBootstrapToken(hash: Data, at: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE bootstrap_token SET claimed_at_ms = ? WHERE id = 1 AND token_hash = ? AND claimed_at_ms IS NULL",
                arguments: [at.storedMilliseconds, hash])
            return db.changesCount == 1
        }
    }

    public func releaseBootstrapToken(hash: Data) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE bootstrap_token SET claimed_at_ms = NULL WHERE id = 1 AND token_hash = ?", arguments: [hash])
        }
    }
}
